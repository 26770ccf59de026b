"""Conventions of the command line: --version from the package metadata, -h, shell completion, did-you-mean."""
from __future__ import annotations

from importlib.metadata import version

import pytest

from zhichan.cli import app


def test_version_comes_from_the_package_metadata(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"zhichan {version('zhichan')}"


@pytest.mark.parametrize("args", [["-h"], ["query", "-h"], ["export", "-h"]])
def test_short_help(runner, args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "Usage:" in result.stdout


@pytest.mark.parametrize("shell, marker", [("bash", "complete"), ("zsh", "compdef"), ("fish", "complete --command")])
def test_completion_scripts(runner, shell, marker, monkeypatch):
    # typer otherwise detects the shell from the process tree; this lets the test name it
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = runner.invoke(app, ["--show-completion", shell], prog_name="zhichan")
    assert result.exit_code == 0, result.output
    assert marker in result.stdout and "zhichan" in result.stdout


def test_unknown_query_name_gets_a_suggestion(runner, tmp_path):
    (tmp_path / "store").mkdir()
    result = runner.invoke(app, ["query", "--store", str(tmp_path / "store"), "documnets"])
    assert result.exit_code == 2 and "did you mean documents" in result.stderr


def test_unknown_format_gets_a_suggestion(runner, tmp_path):
    result = runner.invoke(app, ["query", "--store", str(tmp_path), "documents", "--format", "tvs"])
    assert result.exit_code == 2 and result.stderr.startswith("E418") and "did you mean tsv" in result.stderr
