"""The command line on the seed corpus: build, export, stats, validate, extract, and bad input.

Issue 2's acceptance checks live here: exports parse with three independent parsers, builds are
deterministic and idempotent, a GB18030 document builds like its UTF-8 twin, and bad input gives one
error line and leaves the store unchanged.
"""
from __future__ import annotations

import gc
import json
import shutil
import subprocess

import pyoxigraph as ox
import pytest
import rdflib

from zhichan.cli import app
from zhichan.store import open_store, sorted_nquads

from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"

CORE = ["Agency", "Policy", "Program", "Company", "LoanProduct", "Organization", "Place", "Person", "Observation"]
PREDICATES = ["issuedBy", "signatory", "organizedBy", "offeredBy", "subOrganizationOf", "fundedBy", "locatedIn"]
ZC = "https://w3id.org/zhichan/ontology#"


def _nquads(path) -> str:
    st = open_store(path, create=False)
    try:
        return sorted_nquads(st)
    finally:
        del st
        gc.collect()  # release the store's lock before the next command opens it


@pytest.fixture(scope="module")
def trig(seed_store, runner, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "export.trig"
    result = runner.invoke(app, ["export", "--store", str(seed_store), "--format", "trig", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_export_parses_with_pyoxigraph_and_rdflib(trig):
    store = ox.Store()
    store.load(path=str(trig), format=ox.RdfFormat.TRIG)
    ds = rdflib.Dataset()
    ds.parse(str(trig), format="trig")
    assert len(store) == sum(1 for _ in ds.quads((None, None, None, None))) > 1000


@pytest.mark.skipif(shutil.which("rapper") is None, reason="raptor2-utils (rapper) not installed")
def test_export_parses_with_rapper(trig):
    proc = subprocess.run(["rapper", "-i", "trig", "-c", str(trig)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "returned" in proc.stderr


@pytest.mark.parametrize("fmt", ["turtle", "nquads", "ntriples", "jsonld"])
def test_other_export_formats(seed_store, runner, fmt, tmp_path):
    out = tmp_path / f"x.{fmt}"
    result = runner.invoke(app, ["export", "--store", str(seed_store), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    parsed = ox.parse(path=str(out), format={"turtle": ox.RdfFormat.TURTLE, "nquads": ox.RdfFormat.N_QUADS,
                                              "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}[fmt])
    assert sum(1 for _ in parsed) > 1000


@pytest.mark.parametrize("cls", CORE)
def test_every_core_class_is_populated(seed_store, cls):
    st = ox.Store.read_only(str(seed_store))
    n = list(st.query(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e a ?c }} ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{ZC}{cls}> }}",
                      use_default_graph_as_union=True))[0]["n"]
    assert int(n.value) > 0


@pytest.mark.parametrize("pred", PREDICATES)
def test_every_predicate_is_populated(seed_store, pred):
    st = ox.Store.read_only(str(seed_store))
    assert st.query(f"ASK {{ GRAPH ?g {{ ?s <{ZC}{pred}> ?o }} }}")


def test_two_builds_are_identical_and_rebuilding_changes_nothing(seed_store, runner, tmp_path):
    other = tmp_path / "store"
    assert runner.invoke(app, ["build", "--store", str(other), str(CORPUS)]).exit_code == 0
    first = _nquads(other)
    assert first == _nquads(seed_store)
    assert runner.invoke(app, ["build", "--store", str(other), str(CORPUS)]).exit_code == 0
    assert _nquads(other) == first


def test_gb18030_document_builds_like_its_utf8_twin(runner, tmp_path):
    src = CORPUS / "laoshan-ip-feature.txt"
    (tmp_path / "u").mkdir()
    (tmp_path / "g").mkdir()
    (tmp_path / "u" / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "g" / src.name).write_bytes(src.read_text(encoding="utf-8").encode("gb18030"))
    out = {}
    for variant in ("u", "g"):
        store = tmp_path / f"store-{variant}"
        result = runner.invoke(app, ["build", "--store", str(store), str(tmp_path / variant / src.name)])
        assert result.exit_code == 0, result.output
        # the source path and the encoding are the only things that may differ
        out[variant] = [line for line in _nquads(store).splitlines() if "sourcePath" not in line and "#encoding>" not in line
                        and "/graph/build>" not in line]  # the build record names the source files
    assert out["u"] == out["g"]


@pytest.mark.parametrize("name,content,code", [
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "E113"),  # an image: no text layer
    ("nul.txt", b"abc\x00\x01def\x00", "E103"),
    ("empty.txt", b"", "E102"),
    ("blank.txt", b"   \n\n  ", "E102"),
    ("missing.txt", None, "E101"),
])
def test_bad_input_gives_one_error_line_and_leaves_store_unchanged(seed_store, runner, tmp_path, name, content, code):
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    before = _nquads(store)
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["build", "--store", str(store), str(path)])
    assert result.exit_code != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("E1")]
    assert len(errors) == 1 and errors[0].startswith(code) and name in errors[0] and "fix:" in errors[0]
    assert _nquads(store) == before


def test_stats_json(seed_store, runner):
    result = runner.invoke(app, ["stats", "--store", str(seed_store), "--json"])
    assert result.exit_code == 0
    s = json.loads(result.stdout)
    assert s["documents"] == 3 and s["observations"] > 100 and s["entities"]["Agency"] > 20


def test_validate_conforms_then_fails_after_a_breaking_triple(seed_store, runner, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    result = runner.invoke(app, ["validate", "--store", str(store)])
    assert result.exit_code == 0, result.output
    st = open_store(store)
    # an observation without a value breaks the Observation shape
    st.update(f"INSERT DATA {{ GRAPH <https://w3id.org/zhichan/id/graph/broken> {{ "
              f"<https://w3id.org/zhichan/id/obs/broken> a <{ZC}Observation> ; <{ZC}unit> \"件\" . }} }}")
    st.flush()
    del st
    gc.collect()
    result = runner.invoke(app, ["validate", "--store", str(store)])
    assert result.exit_code == 1
    assert "obs/broken" in result.stdout


def test_validate_without_store_is_an_error(runner, tmp_path):
    result = runner.invoke(app, ["validate", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 2 and "E301" in result.stderr


def test_extract_prints_the_models_as_json(runner):
    result = runner.invoke(app, ["extract", str(CORPUS / "qingdao-rcb-feature.txt")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    labels = {a for e in data["entities"] for a in e["aliases"]}
    assert "青岛农商银行城阳支行" in labels and "“蓝海渔业贷”" in labels
    assert any(r["predicate"] == "offeredBy" for r in data["relations"])


def test_every_command_has_help_with_an_example(runner):
    for name in ["build", "extract", "export", "stats", "validate", "serve"]:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout, name
