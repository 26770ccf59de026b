"""zhichan serve: the SPARQL 1.1 protocol at /sparql (formats, union default graph, time-out, result cap,
updates refused, SERVICE allow-list, CORS only when asked), linked data with content negotiation, VoID, and a
clean lifecycle (SIGTERM and Ctrl-C stop every process serve started and remove its snapshot)."""
from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from webserver import CLI, Server, alive, descendants

TIMEOUT = 2.0
CAP = 500
ZC = "https://w3id.org/zhichan/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"


@pytest.fixture(scope="module")
def web(seed_store, tmp_path_factory):
    with Server(seed_store, tmp_path_factory.mktemp("serve") / "tmp", "--timeout", str(TIMEOUT),
                "--max-results", str(CAP)) as server:
        yield server


@pytest.fixture(scope="module")
def quads(seed_store) -> int:
    return len(ox.Store.read_only(str(seed_store)))


@pytest.fixture(scope="module")
def entity(seed_store) -> str:
    """An agency that is the object of at least one relation (found in the store, not named here)."""
    st = ox.Store.read_only(str(seed_store))
    q = f"""SELECT ?e WHERE {{ GRAPH ?g {{ ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?e .
            ?e a <{ZC}Agency> }} }} ORDER BY ?e LIMIT 1"""
    return next(iter(st.query(q)))["e"].value


def get(url: str, accept: str | None = None, headers: dict | None = None, method: str = "GET", data=None):
    h = dict(headers or {})
    if accept:
        h["Accept"] = accept
    req = urllib.request.Request(url, headers=h, method=method, data=data)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def sparql_url(web, query: str) -> str:
    return web.base + "/sparql?" + urllib.parse.urlencode({"query": query})


def curl(*args: str) -> tuple[str, bytes]:
    out = subprocess.run(["curl", "-s", "-D", "-", *args], capture_output=True, timeout=30, check=True).stdout
    head, _, body = out.partition(b"\r\n\r\n")
    return head.decode("latin-1").lower(), body


# ------------------------------------------------------------------------------------------------ protocol


def test_count_over_the_union_default_graph_counts_the_quads(web, quads):
    client = SPARQLWrapper(web.base + "/sparql")
    client.setQuery("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == quads > 1000


@pytest.mark.parametrize("fmt", [JSON, XML, CSV])
def test_sparqlwrapper_select_in_each_format(web, fmt):
    client = SPARQLWrapper(web.base + "/sparql")
    client.setQuery(f"SELECT ?d WHERE {{ ?d a <{ZC}Document> }} ORDER BY ?d")
    client.setReturnFormat(fmt)
    answer = client.query().convert()
    if fmt == JSON:
        docs = [b["d"]["value"] for b in answer["results"]["bindings"]]
    elif fmt == XML:
        docs = [u.firstChild.data for u in answer.getElementsByTagName("uri")]
    else:
        docs = [r[0] for r in list(csv.reader(io.StringIO(answer.decode())))[1:]]
    assert len(docs) == 3 and all(d.startswith("https://w3id.org/zhichan/id/doc/") for d in docs)


def test_sparqlwrapper_construct_and_ask(web, entity):
    client = SPARQLWrapper(web.base + "/sparql")
    client.setQuery(f"CONSTRUCT {{ <{entity}> ?p ?o }} WHERE {{ <{entity}> ?p ?o }}")
    client.setReturnFormat(TURTLE)
    graph = ox.parse(client.query().convert(), format=ox.RdfFormat.TURTLE)
    assert any(t.predicate.value == SKOS + "prefLabel" for t in graph)
    client.setQuery(f"ASK {{ <{entity}> a <{ZC}Agency> }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


@pytest.mark.parametrize("accept,ctype", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
])
def test_curl_select_with_each_accept_type(web, accept, ctype):
    q = f"SELECT ?d ?t WHERE {{ ?d a <{ZC}Document> ; <http://purl.org/dc/terms/title> ?t }} ORDER BY ?d"
    head, body = curl("-H", f"Accept: {accept}", "--data-urlencode", f"query={q}", "-G", web.base + "/sparql")
    assert f"content-type: {ctype}" in head
    text = body.decode()
    if "json" in ctype:
        assert len(json.loads(text)["results"]["bindings"]) == 3
    elif "xml" in ctype:
        ns = "{http://www.w3.org/2005/sparql-results#}"
        assert len(ET.fromstring(body).findall(f"{ns}results/{ns}result")) == 3
    elif "csv" in ctype:
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["d", "t"] and len(rows) == 4
    else:
        lines = text.strip().split("\n")
        assert lines[0] == "?d\t?t" and len(lines) == 4 and lines[1].startswith("<https://w3id.org/zhichan/id/doc/")


@pytest.mark.parametrize("accept,fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                        ("application/ld+json", ox.RdfFormat.JSON_LD),
                                        ("application/rdf+xml", ox.RdfFormat.RDF_XML)])
def test_curl_construct_with_each_accept_type(web, entity, accept, fmt):
    q = f"CONSTRUCT {{ <{entity}> ?p ?o }} WHERE {{ <{entity}> ?p ?o }}"
    head, body = curl("-H", f"Accept: {accept}", "-H", "Content-Type: application/sparql-query",
                      "--data-binary", q, web.base + "/sparql")
    assert f"content-type: {accept}" in head
    triples = list(ox.parse(body, format=fmt))
    assert triples and all(t.subject.value == entity for t in triples)


def test_post_form_and_post_query_bodies(web):
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?d a <{ZC}Document> }}"
    status, _, body = get(web.base + "/sparql", "application/sparql-results+json", method="POST",
                          headers={"Content-Type": "application/x-www-form-urlencoded"},
                          data=urllib.parse.urlencode({"query": q}).encode())
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "3"
    status, _, body = get(web.base + "/query?" + urllib.parse.urlencode({"query": q}), "text/csv")  # the old path
    assert status == 200 and body.decode().split() == ["n", "3"]


def test_updates_are_refused(web, quads):
    for ctype, data in (("application/x-www-form-urlencoded", b"update=DROP+ALL"),
                        ("application/sparql-update", b"DROP ALL")):
        status, _, body = get(web.base + "/sparql", method="POST", headers={"Content-Type": ctype}, data=data)
        assert status == 403 and body.startswith(b"E701")
    status, _, _ = get(web.base + "/update", method="POST", data=b"update=DROP+ALL",
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    status, _, body = get(sparql_url(web, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"), "application/sparql-results+json")
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == quads


def test_a_cartesian_product_stops_at_the_time_out(web):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    t0 = time.monotonic()
    status, _, body = get(sparql_url(web, q), "application/sparql-results+json")
    elapsed = time.monotonic() - t0
    assert status == 503 and body.startswith(b"E703") and b"time-out of 2 s" in body
    assert TIMEOUT - 0.2 <= elapsed <= TIMEOUT + 1.0
    # the endpoint still answers (a fresh worker replaced the one that was stopped)
    status, _, body = get(sparql_url(web, f"ASK {{ ?d a <{ZC}Document> }}"), "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_the_result_cap_is_a_clear_error(web):
    status, _, body = get(sparql_url(web, "SELECT * WHERE { ?s ?p ?o }"), "text/csv")
    assert status == 400 and body.startswith(b"E704") and f"more than {CAP} results".encode() in body
    status, _, body = get(sparql_url(web, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {CAP}"), "text/csv")
    assert status == 200 and len(body.decode().strip().split("\r\n")) == CAP + 1


def test_a_syntax_error_is_one_coded_line(web):
    status, _, body = get(sparql_url(web, "SELECT ?x WHERE { ?x"), "application/sparql-results+json")
    assert status == 400 and body.startswith(b"E705") and body.count(b"\n") == 1


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "PREFIX x: <http://localhost:8080/> SELECT * WHERE { SERVICE SILENT x:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?svc { <http://example.org/sparql> } SERVICE ?svc { ?s ?p ?o } }",
    "SELECT * WHERE { service <https://example.org/sparql> { ?s ?p ?o } }",
])
def test_service_outside_the_allow_list_is_refused(web, query):
    status, _, body = get(sparql_url(web, query), "application/sparql-results+json")
    assert status == 403 and body.startswith(b"E708")


def test_the_word_service_in_a_string_is_not_a_service_call(web):
    q = 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/>" AS ?x) }  # SERVICE <http://10.0.0.1/>'
    status, _, body = get(sparql_url(web, q), "application/sparql-results+json")
    assert status == 200 and "SERVICE" in json.loads(body)["results"]["bindings"][0]["x"]["value"]


def test_no_cors_headers_unless_asked(web):
    status, headers, _ = get(sparql_url(web, "ASK {}"), "application/sparql-results+json",
                             headers={"Origin": "https://notebook.example"})
    assert status == 200 and not any(h.lower().startswith("access-control-") for h in headers)


def test_cors_headers_when_asked(seed_store, tmp_path):
    with Server(seed_store, tmp_path / "tmp", "--cors", "https://notebook.example") as web:
        status, headers, _ = get(sparql_url(web, "ASK {}"), "application/sparql-results+json",
                                 headers={"Origin": "https://notebook.example"})
        lower = {k.lower(): v for k, v in headers.items()}
        assert status == 200 and lower["access-control-allow-origin"] == "https://notebook.example"
        status, headers, _ = get(web.base + "/sparql", method="OPTIONS", headers={
            "Origin": "https://notebook.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        assert status == 200 and "POST" in {k.lower(): v for k, v in headers.items()}["access-control-allow-methods"]
        _, headers, _ = get(sparql_url(web, "ASK {}"), headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in {k.lower() for k in headers}


def test_service_description_and_void(web, quads):
    status, headers, body = get(web.base + "/sparql", "text/turtle")
    assert status == 200
    sd = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    sdns = "http://www.w3.org/ns/sparql-service-description#"
    assert any(q.subject.value == web.base + "/sparql" and q.predicate.value == sdns + "feature"
               and q.object.value == sdns + "UnionDefaultGraph" for q in sd)
    status, _, body = get(web.base + "/.well-known/void", "text/turtle")
    void = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    assert any(t.predicate.value == "http://rdfs.org/ns/void#sparqlEndpoint" and t.object.value == web.base + "/sparql"
               for t in void)


# ------------------------------------------------------------------------------------------------ linked data


def test_one_entity_iri_as_html_turtle_and_json_ld(web, entity):
    path = "/id/" + urllib.parse.quote(entity[len("https://w3id.org/zhichan/id/"):])
    status, headers, html = get(web.base + path, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
    assert status == 200 and headers["content-type"].startswith("text/html")
    status, headers, ttl = get(web.base + path, "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    status, headers, jsonld = get(web.base + path, "application/ld+json")
    assert status == 200 and headers["content-type"].startswith("application/ld+json")
    status, headers, nt = get(web.base + path, "application/n-triples")
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    from_ttl = set(ox.parse(ttl, format=ox.RdfFormat.TURTLE))
    from_jsonld = set(ox.parse(jsonld, format=ox.RdfFormat.JSON_LD))
    assert from_ttl == from_jsonld == set(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    label = next(t.object.value for t in from_ttl if t.subject.value == entity and t.predicate.value == SKOS + "prefLabel")
    assert label in html.decode() and any(t.object.value == entity for t in from_ttl)  # a relation pointing at it


def test_unknown_iri_is_404(web):
    status, _, body = get(web.base + "/id/agency/" + urllib.parse.quote("不存在的机构名称"), "text/html")
    assert status == 404 and b"E710" in body


# ------------------------------------------------------------------------------------------------ lifecycle


def _snapshot_dirs(tmpdir):
    return [p.name for p in tmpdir.iterdir()]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_every_process_and_removes_the_snapshot(seed_store, tmp_path, sig):
    server = Server(seed_store, tmp_path / "tmp", "--workers", "2")
    try:
        started = descendants(server.proc.pid)
        assert len(started) >= 2  # the query workers
        assert any(n.startswith("zhichan-serve-") for n in _snapshot_dirs(server.tmpdir))
        # a query running at the moment of the signal must not keep anything alive either
        long = subprocess.Popen(["curl", "-s", "-o", "/dev/null", sparql_url(
            server, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")])
        time.sleep(0.5)
        server.proc.send_signal(sig)
        assert server.proc.wait(20) == 0
        long.wait(20)
        deadline = time.monotonic() + 5
        while any(alive(p) for p in started) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [p for p in started if alive(p)]
        assert _snapshot_dirs(server.tmpdir) == []
        assert "Traceback" not in server.log.read_text(errors="replace")
    finally:
        server.stop()


def test_a_bad_bind_is_one_coded_line(seed_store, tmp_path):
    for bind in ("nonsense", "127.0.0.1:99999"):
        out = subprocess.run([str(CLI), "serve", "--store", str(seed_store), "--bind", bind], capture_output=True,
                             text=True, timeout=60, env={**__import__("os").environ, "TMPDIR": str(tmp_path)})
        assert out.returncode == 2 and out.stderr.startswith("E709") and out.stderr.count("\n") == 1
    with Server(seed_store, tmp_path / "tmp") as busy:
        out = subprocess.run([str(CLI), "serve", "--store", str(seed_store), "--bind", f"127.0.0.1:{busy.port}"],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 2 and out.stderr.startswith("E709") and "Traceback" not in out.stderr
