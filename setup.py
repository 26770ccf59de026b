"""Packaging hook: the wheel carries the declarative folders as package data.

The top-level ``ontology/``, ``extract/``, ``queries/`` and ``data/corpus/`` stay the source that
researchers edit; building a wheel copies them into ``zhichan/resources/`` so that an installed
package (no checkout) finds them (``zhichan.config``). Editable installs read the checkout itself.
Everything else is declared in pyproject.toml.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCES = ("ontology", "extract", "queries", "data/corpus")


class BuildWithResources(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "zhichan" / "resources"
        for folder in RESOURCES:
            source = ROOT / folder
            if not source.is_dir():
                raise SystemExit(f"packaging: {source} is missing; build the wheel from a checkout or an sdist")
            shutil.rmtree(target / folder, ignore_errors=True)
            shutil.copytree(source, target / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))


setup(cmdclass={"build_py": BuildWithResources})
