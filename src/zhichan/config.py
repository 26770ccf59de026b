"""Where things are: the declarative folders, the bundled corpus and the default store.

The three declarative pillars (``ontology/``, ``extract/``, ``queries/``) and the bundled corpus
(``data/corpus/``) live at the top of the checkout, beside ``src/``, so that a researcher edits them
without touching Python. ``home()`` is the folder that holds them, the first of:

1. ``$ZHICHAN_HOME`` (another checkout, or a copy a researcher edits);
2. the checkout this package runs from (an editable install, as the README uses);
3. ``zhichan/resources/`` inside the installed package: a wheel carries copies of the four folders
   there (``setup.py`` copies them when the wheel is built), so ``pip install zhichan-….whl`` works
   without a checkout.
"""
from __future__ import annotations

import os
from pathlib import Path

from .terms import ID_BASE, ONTOLOGY_IRI, ONTOLOGY_NS  # noqa: F401  (re-exported: older imports use config)

PACKAGE_RESOURCES = Path(__file__).resolve().parent / "resources"
_CHECKOUT = Path(__file__).resolve().parents[2]

STORE_ENV = "ZHICHAN_STORE"
DEFAULT_STORE = Path(".zhichan") / "store"


def home() -> Path:
    env = os.environ.get("ZHICHAN_HOME")
    if env:
        return Path(env)
    if (_CHECKOUT / "ontology").is_dir() and (_CHECKOUT / "src" / "zhichan").is_dir():
        return _CHECKOUT
    return PACKAGE_RESOURCES


def ontology_dir() -> Path:
    return home() / "ontology"


def extract_dir() -> Path:
    return home() / "extract"


def queries_dir() -> Path:
    return home() / "queries"


def corpus_dir() -> Path:
    return home() / "data" / "corpus"


def store_path(option: str | Path | None) -> Path:
    """``--store`` if given, else ``$ZHICHAN_STORE``, else ``./.zhichan/store``."""
    if option:
        return Path(option)
    env = os.environ.get(STORE_ENV)
    return Path(env) if env else DEFAULT_STORE
