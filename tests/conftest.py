"""Shared fixtures: the seed corpus built once into a temporary store (session scope); a check at the end of
the session that no process the tests started (servers, query workers, browsers) is still running."""
from __future__ import annotations

import os
import time
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


# Every process the tests start inherits this mark; at the end of the session none may still run
# (a server, a query worker or a browser left behind would keep a port and a temp folder).
SESSION_MARK = f"ZHICHAN_TEST_SESSION={os.getpid()}"
os.environ["ZHICHAN_TEST_SESSION"] = str(os.getpid())


def _marked_processes() -> list[str]:
    found = []
    for env in Path("/proc").glob("[0-9]*/environ"):
        pid = int(env.parent.name)
        if pid == os.getpid():
            continue
        try:
            if SESSION_MARK.encode() in env.read_bytes().split(b"\0"):
                cmd = (env.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                ppid = int((env.parent / "stat").read_text().rsplit(")", 1)[1].split()[1])
                # multiprocessing's resource tracker and fork server of this very process (in-process web tests,
                # process-pool builds) end with it: they watch a pipe to it
                if ppid == os.getpid() and ("multiprocessing.resource_tracker" in cmd
                                            or "multiprocessing.forkserver" in cmd):
                    continue
                found.append(f"{pid} {cmd[:120]}")
        except OSError:  # gone, or not ours
            continue
    return found


@pytest.fixture(scope="session", autouse=True)
def no_leftover_processes():
    yield
    if not Path("/proc").is_dir():
        return
    deadline = time.monotonic() + 10
    left = _marked_processes()
    while left and time.monotonic() < deadline:
        time.sleep(0.25)
        left = _marked_processes()
    if left:
        pytest.fail("processes started by the tests are still running:\n" + "\n".join(left))
