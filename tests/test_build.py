"""build: per-document failures as coded lines, bounded reads, ids that cannot collide, builds as
recorded units, locks, read commands that never create a store, and the parallel executors
(process pool and a two-worker Dask cluster) giving the local build's sorted N-Quads."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from zhichan.build import Limits, build, discover
from zhichan.builds import BUILD_GRAPH, begin_update, last_build
from zhichan.cli import app
from zhichan.document import document_id
from zhichan.store import WriterLock, open_store, release_reads, sorted_nquads

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"

# small documents written for these tests (other cities, bodies and figures than the corpus)
DOCS = {
    "hangzhou.txt": "杭州市知识产权局年度工作简报\n2023年，杭州市知识产权局会同杭州市财政局发放专利质押贷款12.5亿元。\n",
    "wuxi.txt": "无锡市市场监督管理局通报\n无锡市市场监督管理局查处商标侵权案件86件，罚没款320万元。\n",
    "xiamen.txt": "厦门市科学技术局\n厦门市科学技术局与中国银行厦门市分行签署知识产权金融合作协议。\n",
}


def _write(folder: Path, docs: dict[str, str] = DOCS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _nq(path: Path) -> str:
    st = open_store(path, create=False)
    try:
        return sorted_nquads(st)
    finally:
        del st


def _content(path: Path) -> str:
    """Sorted N-Quads without the build record (which names the source files' locations)."""
    return "".join(line + "\n" for line in _nq(path).splitlines() if f"{BUILD_GRAPH}" not in line)


def _errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line[:1] == "E" and line[1:4].isdigit()]


# ------------------------------------------------------------------ crash-proof, coded, bounded

def test_nine_byte_document_among_the_corpus_builds_without_a_figure(runner, tmp_path):
    """百亿亿亿亿亿亿亿元 once crashed every build (Decimal overflow): its number is now refused as a figure."""
    docs = tmp_path / "docs"
    shutil.copytree(CORPUS, docs)
    (docs / "nine.txt").write_text("百亿亿亿亿亿亿亿元", encoding="utf-8")
    store = tmp_path / "store"
    result = runner.invoke(app, ["build", "--store", str(store), "--keep-going", "--jobs", "1", str(docs)])
    assert result.exit_code == 0, result.output
    assert "built 4 document(s)" in result.stdout and "Traceback" not in result.output
    assert "/obs/" not in "".join(line for line in _nq(store).splitlines() if "/graph/nine>" in line)


def test_an_internal_error_is_one_coded_line_and_the_others_are_built(runner, tmp_path, monkeypatch):
    """Whatever raises inside extraction becomes one coded line naming the file; --keep-going builds the rest."""
    from zhichan.components import figures

    real = figures.find_figures

    def exploding(text, *args, **kwargs):
        if "亿亿亿" in text:
            raise OverflowError("an injected fault")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(figures, "find_figures", exploding)
    docs = tmp_path / "docs"
    shutil.copytree(CORPUS, docs)
    (docs / "nine.txt").write_text("百亿亿亿亿亿亿亿元", encoding="utf-8")
    store = tmp_path / "store"
    result = runner.invoke(app, ["build", "--store", str(store), "--keep-going", "--jobs", "1", str(docs)])
    assert result.exit_code == 1
    errors = _errors(result)
    assert len(errors) == 1 and "nine.txt" in errors[0] and "fix:" in errors[0]
    assert "built 3 document(s)" in result.stdout and "documents     3" in result.stdout
    assert "Traceback" not in result.output
    # without --keep-going nothing is written
    before = _nq(store)
    result = runner.invoke(app, ["build", "--store", str(store), "--jobs", "1", str(docs)])
    assert result.exit_code == 1 and "nothing written" in result.stderr
    assert _nq(store) == before


@pytest.mark.parametrize("make,code", [
    ("fifo", "E111"), ("dev-zero", "E111"), ("too-big", "E110"), ("too-long", "E110"), ("cut-utf8", "E112"),
])
def test_inputs_that_must_not_be_read_whole(runner, tmp_path, make, code):
    path = tmp_path / f"{make}.txt"
    extra = []
    if make == "fifo":
        os.mkfifo(path)  # reading it would block for ever
    elif make == "dev-zero":
        path.symlink_to("/dev/zero")  # reading it would fill memory
    elif make == "too-big":
        path.write_text("南昌市知识产权局。" * 50, encoding="utf-8")
        extra = ["--max-bytes", "100"]
    elif make == "too-long":
        path.write_text("南昌市知识产权局。" * 20, encoding="utf-8")
        extra = ["--max-chars", "50"]
    else:
        path.write_bytes("长沙市知识产权局发布年度报告。".encode("utf-8")[:-1])
    store = tmp_path / "store"
    t0 = time.monotonic()
    result = runner.invoke(app, ["build", "--store", str(store), *extra, str(path)])
    assert time.monotonic() - t0 < 60
    errors = _errors(result)
    assert result.exit_code == 1 and len(errors) == 1 and errors[0].startswith(code) and str(path) in errors[0]
    result = runner.invoke(app, ["extract", *extra, str(path)])
    assert result.exit_code == 2 and result.stderr.startswith(code)


def test_the_spacy_length_limit_is_ours_and_a_clear_error(runner, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("郑州市知识产权局开展专项行动。\n" * 70_000, encoding="utf-8")  # 1.12 M characters
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2 and result.stderr.startswith("E110") and "--max-chars" in result.stderr
    assert "E088" not in result.output


def test_export_to_a_missing_folder_is_a_coded_error(seed_store, runner, tmp_path):
    result = runner.invoke(app, ["export", "--store", str(seed_store), "-o", str(tmp_path / "missing" / "dir" / "f.trig")])
    release_reads()
    assert result.exit_code == 2 and result.stderr.startswith("E119") and "fix:" in result.stderr


# ------------------------------------------------------------------ ids that cannot collide

def test_document_ids_from_relative_paths(tmp_path):
    ids = {document_id(tmp_path / rel, tmp_path) for rel in ("a b.txt", "a-b.txt", "sub/a b.txt", "sub/a-b.txt",
                                                             "2023/summary.txt", "2024/summary.txt", "a_b.txt")}
    assert len(ids) == 7
    assert document_id(CORPUS / "laoshan-ip-feature.txt", CORPUS) == "laoshan-ip-feature"  # plain names keep their id
    assert document_id(tmp_path / "x.txt") == "x"
    assert all(" " not in i and "/" not in i for i in ids)


def test_same_name_in_two_folders_are_two_documents_and_other_sources_never_replace(runner, tmp_path):
    docs = _write(tmp_path / "docs", {"2023/summary.txt": DOCS["hangzhou.txt"], "2024/summary.txt": DOCS["wuxi.txt"]})
    store = tmp_path / "store"
    result = runner.invoke(app, ["build", "--store", str(store), str(docs)])
    assert result.exit_code == 0, result.output
    assert "documents     2" in result.stdout
    # a file named like an existing document but from elsewhere is refused, not swapped in
    other = _write(tmp_path / "other", {"2023/summary.txt": DOCS["xiamen.txt"]})
    before = _nq(store)
    result = runner.invoke(app, ["build", "--store", str(store), str(other)])
    assert result.exit_code == 1 and _errors(result)[0].startswith("E115") and "--replace" in result.stderr
    assert _nq(store) == before
    result = runner.invoke(app, ["build", "--store", str(store), "--replace", str(other)])
    assert result.exit_code == 0 and "documents     2" in result.stdout
    # two files of one build with one id: the second is refused
    clash = _write(tmp_path / "clash", {"x.txt": DOCS["hangzhou.txt"], "x.md": DOCS["wuxi.txt"]})
    result = runner.invoke(app, ["build", "--store", str(tmp_path / "s2"), str(clash)])
    assert result.exit_code == 1 and _errors(result)[0].startswith("E115")


def test_folder_build_lists_what_it_skipped(runner, tmp_path):
    docs = _write(tmp_path / "docs", {"a.txt": DOCS["wuxi.txt"], "README.md": "# 说明\n本文件夹收录文件。\n"})
    (docs / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    (docs / ".hidden.txt").write_text("x", encoding="utf-8")
    (docs / "page").write_text("<!DOCTYPE html><html><body><p>" + DOCS["xiamen.txt"] + "</p></body></html>", encoding="utf-8")
    found, skipped = discover([docs])
    assert sorted(s.path.name for s in found) == ["a.txt", "page"]  # HTML without a suffix, told by content
    reasons = {p.name: why for p, why in skipped}
    assert set(reasons) == {"README.md", "logo.png", ".hidden.txt"}
    result = runner.invoke(app, ["build", "--store", str(tmp_path / "store"), str(docs)])
    assert result.exit_code == 0, result.output
    assert sum(line.startswith("skipped ") for line in result.stderr.splitlines()) == 3
    assert "documents     2" in result.stdout


# ------------------------------------------------------------------ builds as units, locks, reads

def test_incomplete_build_is_reported_and_completed_by_the_next(runner, tmp_path):
    docs = _write(tmp_path / "docs")
    store = tmp_path / "store"
    assert runner.invoke(app, ["build", "--store", str(store), str(docs)]).exit_code == 0
    complete = _nq(store)
    # what a killed build leaves: its record active, one planned document not written
    st = open_store(store)
    st.update(begin_update(sorted(docs.iterdir())))
    st.update(f"DROP GRAPH <https://w3id.org/zhichan/id/graph/wuxi>")
    del st
    for cmd in (["stats"], ["validate"]):
        result = runner.invoke(app, [*cmd, "--store", str(store)])
        release_reads()
        assert result.exit_code == 1 and "E307" in result.stderr, (cmd, result.output)
    result = runner.invoke(app, ["build", "--store", str(store), str(docs / "hangzhou.txt")])
    assert result.exit_code == 0, result.output
    assert "completing" in result.stderr
    assert _nq(store) == complete  # the unfinished build's documents were built again: the store is whole
    result = runner.invoke(app, ["stats", "--store", str(store)])
    release_reads()
    assert result.exit_code == 0 and "documents     3" in result.stdout
    st = open_store(store, create=False)
    assert last_build(st).status == "Completed"
    del st


def test_a_store_an_older_zhichan_built_is_named_with_the_rebuild_that_fixes_it(runner, tmp_path):
    from zhichan.builds import STORE_FORMAT, store_format

    docs = _write(tmp_path / "docs")
    store = tmp_path / "store"
    assert runner.invoke(app, ["build", "--store", str(store), str(docs)]).exit_code == 0
    st = open_store(store, create=False)
    assert store_format(st) == STORE_FORMAT
    del st
    result = runner.invoke(app, ["query", "documents", "--store", str(store), "--format", "csv"])
    release_reads()
    assert result.exit_code == 0 and "E309" not in result.stderr
    # what a build before the record leaves: a completed build without a store format
    st = open_store(store)
    st.update(f"DELETE WHERE {{ GRAPH {BUILD_GRAPH} {{ ?b <https://w3id.org/zhichan/ontology#storeFormat> ?f }} }}")
    assert store_format(st) == 1
    del st
    result = runner.invoke(app, ["query", "documents", "--store", str(store), "--format", "csv"])
    release_reads()
    assert result.exit_code == 0 and result.stdout.count("\n") == 4  # the answer is still given, with a warning
    assert result.stderr.startswith("E309 " + str(store)) and "zhichan build FILES --store" in result.stderr
    result = runner.invoke(app, ["stats", "--json", "--store", str(store)])
    release_reads()
    assert result.exit_code == 0 and '"outdated_store": true' in result.stdout and "E309" in result.stderr
    # a rebuild records the format again
    assert runner.invoke(app, ["build", "--store", str(store), str(docs)]).exit_code == 0
    result = runner.invoke(app, ["stats", "--json", "--store", str(store)])
    release_reads()
    assert '"outdated_store": false' in result.stdout and "E309" not in result.stderr


def test_a_store_no_build_made_has_no_format_and_no_warning():
    from zhichan.builds import outdated, store_format

    st = ox.Store()
    assert store_format(st) is None and outdated(st, "memory") is None
    # nor a store whose build is under way or failed: E307 speaks for it
    st.update(begin_update([]))
    assert store_format(st) is None and outdated(st, "memory") is None


def test_a_second_build_learns_the_store_is_locked_before_extracting(runner, tmp_path):
    docs = _write(tmp_path / "docs")
    store = tmp_path / "store"
    lock = WriterLock(store).acquire()
    try:
        t0 = time.monotonic()
        result = runner.invoke(app, ["build", "--store", str(store), str(docs)])
        assert result.exit_code == 2 and result.stderr.startswith("E306")
        assert "extracted" not in result.stderr and time.monotonic() - t0 < 10
    finally:
        lock.release()


@pytest.mark.parametrize("cmd", [["stats"], ["validate"], ["export"], ["query", "search-entities"]])
def test_read_commands_never_create_a_store(runner, tmp_path, cmd):
    missing = tmp_path / "missing"
    result = runner.invoke(app, [*cmd, "--store", str(missing)])
    assert result.exit_code == 2 and "E301" in result.stderr and not missing.exists()
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(app, [*cmd, "--store", str(folder)])
    assert result.exit_code == 2 and "E308" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


# ------------------------------------------------------------------ parallel executors

def test_process_pool_gives_the_local_build(tmp_path):
    docs = _write(tmp_path / "docs")
    one = build([docs], tmp_path / "one", jobs=1)
    two = build([docs], tmp_path / "two", jobs=2)
    assert one.built == two.built == ["hangzhou", "wuxi", "xiamen"]
    assert _nq(tmp_path / "one") == _nq(tmp_path / "two")


def test_dask_cluster_of_two_workers_gives_the_local_build(tmp_path):
    distributed = pytest.importorskip("distributed")
    docs = _write(tmp_path / "docs")
    build([docs], tmp_path / "local", jobs=1)
    import dask

    # the workers' scratch space and its lock files go under tmp_path: nothing is left in the temp folder
    with dask.config.set({"temporary-directory": str(tmp_path / "dask-scratch")}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                     dashboard_address=None, silence_logs=50) as cluster:
        address = cluster.scheduler_address.replace("tcp://", "dask://")
        report = build([docs], tmp_path / "dask", executor=address)
    assert report.built == ["hangzhou", "wuxi", "xiamen"]
    assert _nq(tmp_path / "dask") == _nq(tmp_path / "local")


def test_limits_are_options_of_the_library(tmp_path):
    docs = _write(tmp_path / "docs")
    report = build([docs], tmp_path / "store", keep_going=True, limits=Limits(max_chars=50), jobs=1)
    assert report.built == ["wuxi", "xiamen"] and [e.code for e in report.errors] == ["E110"]
