"""The built wheel works without the checkout: it carries the ontology, rules, queries and bundled corpus.

The test copies the sources into a temporary folder, builds the wheel there (``pip wheel --no-deps
--no-build-isolation``: no network, the setuptools of this environment), installs it into a fresh
virtual environment that borrows this environment's dependencies through a ``.pth`` line (so
nothing is downloaded; the wheel's own ``zhichan`` comes first on the path), and from a folder
outside the checkout runs ``zhichan --version``, ``build``, ``query --list`` and a prepared query.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "src", "ontology", "extract", "queries",
           "data/corpus")


def run(args, **kw):
    proc = subprocess.run(args, capture_output=True, text=True, **kw)
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    pytest.importorskip("setuptools", minversion="77")
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src-copy"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist"),
         str(src)])
    wheel = next((tmp / "dist").glob("zhichan-*.whl"))
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    py = venv / "bin" / "python"
    site = Path(run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    # this environment's packages after the new venv's own: the wheel's zhichan shadows the editable one
    (site / "zz-borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)])
    outside = tmp / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHICHAN_", "PYTHON"))}
    return {"wheel": wheel, "bin": venv / "bin", "cwd": outside, "env": env, "tmp": tmp}


def test_the_wheel_holds_the_declarative_folders(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for folder in ("ontology", "extract", "queries", "data/corpus"):
        expected = {f"zhichan/resources/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / folder).rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts}
        assert expected and expected <= names, sorted(expected - names)[:5]


def test_installed_package_builds_and_answers_outside_the_checkout(installed):
    zc = str(installed["bin"] / "zhichan")
    kw = {"cwd": installed["cwd"], "env": installed["env"]}
    where = run([str(installed["bin"] / "python"), "-c", "import zhichan.config as c; print(c.home())"], **kw).stdout
    assert "resources" in where and str(ROOT) not in where
    assert run([zc, "--version"], **kw).stdout.strip() == "zhichan 0.1.0"
    built = run([zc, "build"], **kw)  # the bundled corpus, into ./.zhichan/store
    assert "built 3 document(s)" in built.stdout
    listing = run([zc, "query", "--list"], **kw).stdout
    assert "documents  [SELECT]" in listing and "programs-by-organiser" in listing
    answer = run([zc, "query", "documents", "--format", "csv"], **kw).stdout.splitlines()
    assert len(answer) == 4
    validated = run([zc, "validate"], **kw)
    assert "conforms" in validated.stdout
