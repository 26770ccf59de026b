"""Shared fixtures: the seed corpus built once into a temporary store (session scope)."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, runner) -> Path:
    from zhichan.cli import app

    path = tmp_path_factory.mktemp("seed") / "store"
    result = runner.invoke(app, ["build", "--store", str(path), str(CORPUS)])
    assert result.exit_code == 0, result.output
    return path
