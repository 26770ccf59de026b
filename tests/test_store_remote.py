"""zhichan.remote: the store as a SPARQL 1.1 server (the Oxigraph server of the oxigraph wheel, on loopback).

The server is started by the fixture on a free 127.0.0.1 port with a temporary folder and always stopped;
the same documents built into it and into a local store give the same sorted N-Quads, and every prepared
query, with its defaults and with each example, answers the same over the protocol.
"""
from __future__ import annotations

import shutil
from contextlib import contextmanager
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from zhichan import queries as Q
from zhichan.cli import app
from zhichan.remote import RemoteStore, as_url, bind_terms
from zhichan.store import ENTITIES_GRAPH, open_store, sorted_nquads

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
SERVER = Path(sys.executable).parent / "oxigraph"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _serve(folder: Path):
    exe = str(SERVER) if SERVER.exists() else shutil.which("oxigraph")
    if exe is None:
        pytest.skip("the oxigraph server (pip install oxigraph) is not installed")
    port = _free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail("the oxigraph server did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with _serve(tmp_path_factory.mktemp("oxigraph-server")) as url:
        yield url


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The bundled corpus built into a server of its own and into a local store: (remote, local)."""
    with _serve(tmp_path_factory.mktemp("oxigraph-queries")) as url:
        local = tmp_path_factory.mktemp("local-queries") / "store"
        runner = CliRunner()
        for target in (url, str(local)):
            result = runner.invoke(app, ["build", "--store", target, str(CORPUS)])
            assert result.exit_code == 0, result.output
        st = open_store(local)
        yield RemoteStore(url), st
        del st


def test_a_url_survives_path():
    assert as_url(Path("http://127.0.0.1:7878/")) == "http://127.0.0.1:7878"
    assert as_url("https://example.org/ds") == "https://example.org/ds"
    assert as_url("/tmp/store") is None


def test_parameters_become_terms_wherever_the_variable_is():
    text = ('SELECT ?x ?p WHERE { { FILTER(isLiteral(?p)) } ?x ?y ?p . ?x ?y "?p" . ?x ?y <urn:?p> # ?p\n'
            '  { SELECT ?x ?p WHERE { ?x ?z ?p } GROUP BY ?x ?p } } GROUP BY ?x ?p ORDER BY ?p DESC(?p)')
    out = bind_terms(text, {ox.Variable("p"): ox.Literal('a"} ; DROP ALL ; {', language="zh")})
    term = '"a\\"} ; DROP ALL ; {"@zh'
    # the projection keeps the column, a nested group and a sub-select see the value, strings, IRIs and comments
    # keep their text, GROUP BY and ORDER BY take a bracketed expression
    assert out == (f'SELECT ?x ({term} AS ?p) WHERE {{ {{ FILTER(isLiteral({term})) }} ?x ?y {term} . ?x ?y "?p" . '
                   f'?x ?y <urn:?p> # ?p\n  {{ SELECT ?x  WHERE {{ ?x ?z {term} }} GROUP BY ?x ({term}) }} }} '
                   f'GROUP BY ?x ({term}) ORDER BY ({term}) DESC({term})')
    ox.Store().query(out)  # still one well-formed query
    assert bind_terms(text, None) == text


def test_sparql_in_a_value_stays_a_value_over_the_protocol(built):
    """A value that looks like SPARQL is one term in the text sent: nothing found, nothing changed."""
    from test_queries import INJECTIONS

    remote, _ = built
    before = len(remote)
    for value in INJECTIONS + ["a\\", "x\ny", "?entity", "$text"]:
        for name, param in (("programs-by-organiser", "body"), ("search-entities", "text"), ("ip-finance", "keyword"),
                            ("funding", "company")):
            assert Q.run(remote, name, {param: value}).rows == [], (name, value)
    assert len(remote) == before


@pytest.mark.parametrize("name", [q.name for q in Q.discover()])
def test_every_prepared_query_answers_the_same_over_the_protocol(built, name):
    """Defaults and each example: the same rows from the server as from the local store (the source path
    aside: the two builds were given the same folder, so it is the same too)."""
    remote, local = built
    q = Q.get(name)
    for params in [{}] + [{p.name: p.example} for p in q.params if p.example]:
        here, there = Q.run(local, q, params), Q.run(remote, q, params)
        if q.form == "SELECT":
            assert sorted(map(str, here.rows)) == sorted(map(str, there.rows)), (name, params)
        else:
            assert sorted(map(str, here.triples)) == sorted(map(str, there.triples)), (name, params)
        assert len(here) > 0 or not params, (name, params)


def test_remote_build_equals_local_build(server, tmp_path):
    runner = CliRunner()
    local = tmp_path / "local"
    result = runner.invoke(app, ["build", "--store", str(local), str(CORPUS)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["build", "--store", server, str(CORPUS)])
    assert result.exit_code == 0, result.output
    remote = RemoteStore(server)
    st = open_store(local)
    assert sorted_nquads(remote) == sorted_nquads(st)
    assert any(q.graph_name == ENTITIES_GRAPH for q in remote.quads_for_pattern(None, None, None, ENTITIES_GRAPH))
    # a prepared query with a parameter gives the same rows over the protocol
    for name, params in (("entity-profile", {"entity": "青岛海关"}), ("search-entities", {"text": "海关"}),
                         ("programs-by-organiser", {"body": "青岛海关", "year": "2023"}),
                         ("ip-finance", {}), ("ip-finance", {"keyword": "质押"}), ("funding", {}),
                         ("funding", {"funder": "青岛农商银行"}), ("funding", {"company": "青岛某电力设备公司"})):
        here = Q.run(st, name, params)
        there = Q.run(remote, name, params)
        assert sorted(map(str, here.rows)) == sorted(map(str, there.rows)) and len(here) > 0, name
    del st


def test_a_document_is_replaced_in_one_request(server):
    from zhichan.store import replace_document

    remote = RemoteStore(server)
    g = ox.NamedNode("https://w3id.org/zhichan/id/graph/remote-test")
    e = ox.NamedNode("https://w3id.org/zhichan/id/agency/某市测试局")
    zc = "https://w3id.org/zhichan/ontology#"
    quads = [ox.Quad(e, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(zc + "Agency"), g),
             ox.Quad(e, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.Literal("某市测试局", language="zh"), g)]
    calls = []
    update = remote.update
    remote.update = lambda text: (calls.append(text), update(text))[1]
    replace_document(remote, g, quads)
    assert len(calls) == 1
    assert list(remote.quads_for_pattern(e, None, None, ENTITIES_GRAPH))
    replace_document(remote, g, [])
    assert not list(remote.quads_for_pattern(e, None, None, None))
