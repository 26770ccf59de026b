"""``zhichan export``: the format from the output's suffix, agreement with --format, Turtle that rapper and rdflib
read, JSON-LD compacted with ontology/context.jsonld that pyld expands back to the same quads."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from zhichan.cli import app
from zhichan.errors import ZhichanError
from zhichan.export import FORMATS, SUFFIXES, choose_format, context_from_ontology, format_name

ROOT = Path(__file__).resolve().parents[1]


def export(runner, store, *args):
    return runner.invoke(app, ["export", "--store", str(store), *args])


@pytest.fixture(scope="module")
def nquads(seed_store, runner, tmp_path_factory) -> set:
    out = tmp_path_factory.mktemp("nq") / "all.nq"
    result = export(runner, seed_store, "-o", str(out))
    assert result.exit_code == 0, result.output
    return set(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))


@pytest.mark.parametrize("suffix, fmt", sorted(SUFFIXES.items()))
def test_format_follows_the_suffix(suffix, fmt):
    assert choose_format(None, Path("out" + suffix)) == fmt
    assert choose_format(fmt, Path("OUT" + suffix.upper())) == fmt


@pytest.mark.parametrize("given, suffix", [("trig", ".ttl"), ("turtle", ".trig"), ("jsonld", ".nt"), ("xml", ".nq")])
def test_a_format_that_disagrees_with_the_suffix_is_refused(given, suffix):
    with pytest.raises(ZhichanError, match="E120"):
        choose_format(given, Path("data" + suffix))


def test_names_aliases_and_suggestions():
    assert format_name("xml") == format_name("rdfxml") == "xml"
    assert format_name("TTL") == "turtle"
    assert choose_format(None, None) == "trig"
    with pytest.raises(ZhichanError, match="did you mean") as err:
        format_name("turtel")
    assert "turtle" in str(err.value)
    with pytest.raises(ZhichanError, match="E120"):
        choose_format(None, Path("data.bin"))


def test_help_lists_xml(runner):
    result = runner.invoke(app, ["export", "--help"])
    assert "xml (RDF/XML)" in " ".join(result.stdout.split())


def test_ttl_is_turtle_that_rdflib_and_rapper_read(seed_store, runner, tmp_path, nquads):
    import rdflib

    out = tmp_path / "x.ttl"
    result = export(runner, seed_store, "-o", str(out))
    assert result.exit_code == 0, result.output
    g = rdflib.Graph()
    g.parse(str(out), format="turtle")
    assert len(g) == len({q.triple for q in nquads})
    if shutil.which("rapper") is None:
        pytest.skip("raptor2-utils (rapper) not installed; .ci/run installs it")
    proc = subprocess.run(["rapper", "-i", "turtle", "-c", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0 and f"returned {len(g)} triples" in proc.stderr, proc.stderr


@pytest.mark.parametrize("name", ["x.rdf", "x.xml", "x.owl"])
def test_rdfxml_by_suffix_and_by_name(seed_store, runner, tmp_path, nquads, name):
    out = tmp_path / name
    result = export(runner, seed_store, "-o", str(out), *(["--format", "xml"] if name == "x.xml" else []))
    assert result.exit_code == 0, result.output
    triples = {q.triple for q in ox.parse(path=str(out), format=ox.RdfFormat.RDF_XML)}
    assert triples == {q.triple for q in nquads}


def test_jsonld_is_compact_and_expands_back_to_the_same_quads(seed_store, runner, tmp_path, nquads):
    from pyld import jsonld

    out = tmp_path / "x.jsonld"
    result = export(runner, seed_store, "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    shipped = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == shipped["@context"]
    assert len(doc["@graph"]) < 20  # one object per named graph, not hundreds of expanded nodes
    assert any("issuedBy" in node for g in doc["@graph"] for node in g.get("@graph", []))
    expanded = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    assert set(ox.parse(expanded, format=ox.RdfFormat.N_QUADS)) == nquads


def test_the_shipped_context_is_what_the_ontology_gives():
    shipped = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert shipped == context_from_ontology(), "regenerate: python -m zhichan.export --context > ontology/context.jsonld"


def test_every_format_writes(seed_store, runner, tmp_path):
    for fmt in FORMATS:
        result = export(runner, seed_store, "--format", fmt)
        assert result.exit_code == 0 and len(result.stdout_bytes) > 10000, (fmt, result.output)


def test_a_missing_folder_is_a_coded_error(seed_store, runner, tmp_path):
    result = export(runner, seed_store, "-o", str(tmp_path / "missing" / "x.ttl"))
    assert result.exit_code == 2
    assert result.stderr.startswith("E119") and "fix:" in result.stderr


def test_disagreement_on_the_command_line(seed_store, runner, tmp_path):
    result = export(runner, seed_store, "--format", "trig", "-o", str(tmp_path / "x.ttl"))
    assert result.exit_code == 2 and result.stderr.startswith("E120")
    assert not (tmp_path / "x.ttl").exists()
