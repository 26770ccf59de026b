"""Faults: kill -9 of a build at several points, a full disk, and reads while builds write.

Each document's graph is wholly the old or wholly the new version after a kill; ``stats`` reports
the unfinished build and the next build completes it; a write error is one coded line; a thousand
reads (stats, a prepared query, export) beside running builds never crash.
"""
from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from zhichan.build import build
from zhichan.cli import app
from zhichan.export import serialize as export
from zhichan.store import open_store, release_reads, stats

DOC_IDS = [f"city-{i}" for i in range(6)]
CITIES = ["温州", "烟台", "柳州", "九江", "襄阳", "绵阳"]


def _write(folder: Path, version: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, (doc, city) in enumerate(zip(DOC_IDS, CITIES)):
        (folder / f"{doc}.txt").write_text(
            f"{city}市知识产权局年度报告\n{city}市知识产权局会同{city}市财政局发放专利质押贷款{version * 10 + i}.5亿元，"
            f"办理商标质押{version * 7 + i}件。\n", encoding="utf-8")
    return folder


def _graphs(path: Path) -> dict[str, set[str]]:
    st = open_store(path, create=False)
    try:
        out: dict[str, set[str]] = {}
        for q in st.quads_for_pattern(None, None, None, None):
            if isinstance(q.graph_name, ox.NamedNode):
                out.setdefault(q.graph_name.value.rsplit("/", 1)[-1], set()).add(str(q))
        return out
    finally:
        del st


def _zhichan(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from zhichan.cli import main; main()", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """A folder of six documents, and complete stores of its first and its second version."""
    base = tmp_path_factory.mktemp("faults")
    docs = _write(base / "docs", 1)
    build([docs], base / "v1", jobs=1)
    _write(docs, 2)
    build([docs], base / "v2", jobs=1)
    return base, docs


@pytest.mark.parametrize("kill_after", [1, 3, 5])
def test_sigkill_leaves_whole_documents_an_incomplete_record_and_the_next_build_completes(versions, runner, tmp_path, kill_after):
    base, docs = versions
    store = tmp_path / "store"
    shutil.copytree(base / "v1", store)
    v1, v2 = _graphs(base / "v1"), _graphs(base / "v2")
    proc = _zhichan("build", "--store", str(store), "--keep-going", "--jobs", "1", str(docs))
    seen = 0
    for line in proc.stderr:  # the progress lines: kill once that many documents were extracted
        if line.startswith("extracted "):
            seen += 1
            if seen == kill_after + 1:  # the one before was written before this line was printed
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    now = _graphs(store)
    new = 0
    for doc in DOC_IDS:
        assert now[doc] in (v1[doc], v2[doc]), f"{doc} is neither wholly old nor wholly new"
        new += now[doc] == v2[doc]
    assert 1 <= new < len(DOC_IDS)
    result = runner.invoke(app, ["stats", "--store", str(store)])
    release_reads()
    assert result.exit_code == 1 and "E307" in result.stderr and "did not finish" in result.stderr
    result = runner.invoke(app, ["build", "--store", str(store), "--jobs", "1", str(docs)])
    assert result.exit_code == 0, result.output
    assert _graphs(store) == v2
    result = runner.invoke(app, ["stats", "--store", str(store)])
    release_reads()
    assert result.exit_code == 0


def test_a_kill_during_extraction_writes_nothing(versions, tmp_path):
    base, docs = versions
    store = tmp_path / "store"
    shutil.copytree(base / "v1", store)
    proc = _zhichan("build", "--store", str(store), "--jobs", "1", str(docs))  # stages until all extracted
    for line in proc.stderr:
        if line.startswith("extracted "):
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()
    assert _graphs(store) == _graphs(base / "v1")


class _FullDisk:
    """A store whose writes fail with ENOSPC after ``ok`` successful ones (an injected disk-full)."""

    def __init__(self, store: ox.Store, ok: int):
        self._store, self._ok = store, ok

    def update(self, text: str) -> None:
        if self._ok <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        self._ok -= 1
        self._store.update(text)

    def __getattr__(self, name):
        return getattr(self._store, name)


@pytest.mark.parametrize("ok", [0, 2])
def test_disk_full_is_a_coded_error_and_the_build_is_incomplete(versions, runner, tmp_path, monkeypatch, ok):
    import zhichan.store

    base, docs = versions
    store = tmp_path / "store"
    shutil.copytree(base / "v1", store)
    real = zhichan.store.open_store

    def failing(path, *, create=True, read_only=False):
        st = real(path, create=create, read_only=read_only)
        return st if read_only else _FullDisk(st, ok)

    monkeypatch.setattr(zhichan.store, "open_store", failing)
    result = runner.invoke(app, ["build", "--store", str(store), "--jobs", "1", str(docs)])
    monkeypatch.setattr(zhichan.store, "open_store", real)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("E")]
    assert len(lines) == 1 and lines[0].startswith("E305") and "No space left" in lines[0] and "fix:" in lines[0]
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["stats", "--store", str(store)])
    release_reads()
    if ok == 0:  # the first write failed: nothing changed, not even the record
        assert result.exit_code == 0
    else:
        assert result.exit_code == 1 and "E307" in result.stderr
    assert runner.invoke(app, ["build", "--store", str(store), "--jobs", "1", str(docs)]).exit_code == 0
    assert _graphs(store) == _graphs(base / "v2")


def test_a_thousand_reads_beside_running_builds_never_crash(versions, tmp_path):
    from zhichan import queries

    base, docs = versions
    store = tmp_path / "store"
    shutil.copytree(base / "v1", store)
    stop, active = threading.Event(), threading.Event()
    builds = []

    def builder():
        while not stop.is_set():
            active.set()
            proc = _zhichan("build", "--store", str(store), "--jobs", "1", "--keep-going", str(docs),
                            stdin=subprocess.DEVNULL)
            _out, err = proc.communicate(timeout=300)
            active.clear()
            builds.append((proc.returncode, err))

    thread = threading.Thread(target=builder)
    thread.start()
    prepared = queries.get("documents")
    crashes, reads, during = [], 0, 0
    try:
        deadline = time.monotonic() + 240
        while reads < 1000 and time.monotonic() < deadline:
            kind = ("stats", "query", "export")[reads % 3]
            try:
                st = open_store(store, read_only=True)
                if kind == "stats":
                    assert stats(st)["documents"] == 6
                elif kind == "query":
                    assert len(queries.run(st, prepared).solutions) == 6
                else:
                    assert export(st, "nquads")
                del st
            except Exception as e:  # noqa: BLE001 - any failure of a read is what this test counts
                crashes.append(f"{kind}: {type(e).__name__}: {e}")
            finally:
                release_reads()
            reads += 1
            during += active.is_set()
    finally:
        stop.set()
        thread.join(timeout=300)
    assert reads == 1000, f"only {reads} reads in the time allowed"
    assert crashes == []
    assert during >= 800, f"only {during} of the reads ran beside a build"
    assert builds and all(code == 0 for code, _ in builds), builds[:1]
