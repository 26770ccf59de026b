"""Where things are: the declarative folders, the bundled corpus and the default store.

The three declarative pillars (``ontology/``, ``extract/``, ``queries/``) live at the top of the
checkout, beside ``src/``, so that a researcher edits them without touching Python. The package
finds them relative to its own source (an editable install, as the README uses) unless
``ZHICHAN_HOME`` names another checkout.
"""
from __future__ import annotations

import os
from pathlib import Path

ONTOLOGY_NS = "https://w3id.org/zhichan/ontology#"
ONTOLOGY_IRI = "https://w3id.org/zhichan/ontology"
ID_BASE = "https://w3id.org/zhichan/id/"

STORE_ENV = "ZHICHAN_STORE"
DEFAULT_STORE = Path(".zhichan") / "store"


def home() -> Path:
    env = os.environ.get("ZHICHAN_HOME")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2]


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
