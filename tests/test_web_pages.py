"""The web front's pages and helpers in-process (Starlette's TestClient over a copy of the seed store): entity,
document, class, ontology, search, prepared-query forms and downloads, the graph API, the SERVICE scanner."""
from __future__ import annotations

import csv
import io
import json
import shutil
import urllib.parse

import pyoxigraph as ox
import pytest

ZC = "https://w3id.org/zhichan/ontology#"
ID = "https://w3id.org/zhichan/id/"


@pytest.fixture(scope="module")
def client(seed_store, tmp_path_factory):
    from starlette.testclient import TestClient

    from zhichan.web.app import Settings, create_app

    copy = tmp_path_factory.mktemp("web") / "store"
    ox.Store.read_only(str(seed_store)).backup(str(copy))
    app = create_app(Settings(store=copy, source="seed", timeout=20, max_results=1000, workers=1))
    try:
        with TestClient(app) as c:
            yield c
    finally:
        app.state.site.close()
        shutil.rmtree(copy, ignore_errors=True)


@pytest.fixture(scope="module")
def store(seed_store):
    return ox.Store.read_only(str(seed_store))


def local(iri: str) -> str:
    return "/id/" + urllib.parse.quote(iri[len(ID):])


def test_home_lists_documents_classes_and_queries(client):
    html = client.get("/").text
    assert html.count('href="/id/doc/') == 3 and 'href="/class/Agency"' in html and 'href="/queries/' in html


def test_entity_page_shows_relations_with_highlighted_evidence(client, store):
    row = next(iter(store.query(f"""SELECT ?s ?o ?text WHERE {{ GRAPH ?g {{ ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
        <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ; <{ZC}sentence> ?x . ?x <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> ?text .
        ?m <{ZC}denotes> ?s ; <{ZC}sentence> ?x }} }} ORDER BY ?s LIMIT 1""")))
    html = client.get(local(row["s"].value), headers={"Accept": "text/html"}).text
    assert 'class="hl-self"' in html and local(row["o"].value) in html
    assert "class=\"evidence\"" in html and 'href="/class/' in html
    assert '(' in html.split("Class 类别")[1][:400]  # the English label of the class, from the ontology


def test_place_page_has_figures_and_a_chart_when_a_series_exists(client, store):
    # a place with values of one metric for two periods (found in the store)
    q = f"""SELECT ?a WHERE {{ GRAPH ?g {{ ?o1 <{ZC}area> ?a ; <{ZC}metric> ?m ; <{ZC}period> ?p1 ; <{ZC}unit> ?u .
            ?o2 <{ZC}area> ?a ; <{ZC}metric> ?m ; <{ZC}period> ?p2 ; <{ZC}unit> ?u . FILTER(?p1 != ?p2) }} }} LIMIT 1"""
    rows = list(store.query(q))
    area = rows[0]["a"].value if rows else next(iter(store.query(
        f"SELECT ?a WHERE {{ GRAPH ?g {{ ?o <{ZC}area> ?a }} }} LIMIT 1")))["a"].value
    html = client.get(local(area)).text
    assert "Figures 数据" in html
    if rows:
        assert '<figure class="chart">' in html and "<rect" in html


def test_document_page_highlights_mentions_by_class(client, store):
    doc = next(iter(store.query(f"SELECT ?d WHERE {{ GRAPH ?g {{ ?d a <{ZC}Document> }} }} ORDER BY ?d LIMIT 1")))["d"].value
    html = client.get(local(doc)).text
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    spans = sorted((int(r["b"].value), -int(r["e"].value)) for r in store.query(f"""SELECT ?m ?b ?e WHERE {{ GRAPH ?g {{
        ?m a <{ZC}Mention> ; <http://www.w3.org/ns/prov#wasDerivedFrom> <{doc}> ; <{nif}beginIndex> ?b ; <{nif}endIndex> ?e }} }}"""))
    shown, end = 0, -1  # a mention nested in a longer one is shown inside it, not as a mark of its own
    for b, e in spans:
        if b >= end:
            shown, end = shown + 1, -e
    assert shown > 10 and html.count('<mark class="ent ent-') == shown
    assert 'ent-Agency' in html and "Extracted 抽取结果" in html


def test_graph_iri_redirects_to_its_document_and_gives_rdf(client, store):
    doc = next(iter(store.query(f"SELECT ?d WHERE {{ GRAPH ?g {{ ?d a <{ZC}Document> }} }} ORDER BY ?d LIMIT 1")))["d"].value
    graph = ID + "graph/" + doc[len(ID + "doc/"):]
    r = client.get(local(graph), headers={"Accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == local(doc)
    r = client.get(local(graph), headers={"Accept": "application/n-triples"})
    n = len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))
    assert len(list(ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES))) == n


def test_class_and_ontology_pages(client):
    html = client.get("/class/Agency").text
    assert "Instances 实例" in html and html.count('href="/id/agency/') >= 5
    assert client.get("/class/NoSuchClass").status_code == 404
    ttl = client.get("/ontology", headers={"Accept": "text/turtle"}).content
    assert any(t.subject.value == ZC + "Agency" for t in ox.parse(ttl, format=ox.RdfFormat.TURTLE))


def test_search_finds_names_by_substring(client, store):
    label = next(iter(store.query(f"""SELECT ?l WHERE {{ GRAPH ?g {{ ?e a <{ZC}Agency> ;
        <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }} }} ORDER BY ?l LIMIT 1""")))["l"].value
    html = client.get("/search", params={"q": label[1:4]}).text
    assert label in html


def test_prepared_query_form_runs_with_a_parameter_and_downloads(client):
    page = client.get("/queries").text
    assert 'href="/queries/programs-by-organiser"' in page
    full = client.get("/queries/programs-by-organiser/results.json").json()
    bindings = full["results"]["bindings"]
    body = bindings[0]["organiserLabel"]["value"]
    html = client.get("/queries/programs-by-organiser", params={"body": body, "run": "1"}).text
    assert 'id="results"' in html and 'class="entity"' in html and body in html
    r = client.get("/queries/programs-by-organiser/results.csv", params={"body": body})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert r.headers["content-disposition"].endswith('.csv"')
    assert rows and {row["organiserLabel"] for row in rows} == {body} and len(rows) < len(bindings)


def test_prepared_query_bad_parameter_is_a_coded_error(client):
    html = client.get("/queries/programs-by-organiser", params={"year": "去年", "run": "1"}).text
    assert 'id="error"' in html and "E41" in html


def test_neighbourhood_api_one_and_two_hops(client, store):
    e = next(iter(store.query(f"""SELECT ?e WHERE {{ GRAPH ?g {{ ?x <{ZC}organizedBy> ?e }} }} ORDER BY ?e LIMIT 1""")))["e"].value
    one = client.get("/api/neighbourhood", params={"iri": e}).json()
    two = client.get("/api/neighbourhood", params={"iri": e, "hops": "2"}).json()
    assert one["edges"] and all(x["label"].startswith("zc:") for x in one["edges"])
    assert {n["id"] for n in one["nodes"]} <= {n["id"] for n in two["nodes"]} and len(two["edges"]) >= len(one["edges"])
    assert all(n["core"] for n in one["nodes"]) and client.get("/api/neighbourhood", params={"iri": "x"}).status_code == 400


def test_vendored_libraries_are_served_and_recorded(client):
    from zhichan.web import vendor

    versions = json.loads((vendor.VENDOR / "VERSIONS.json").read_text())
    for package, version, files, _ in vendor.LIBRARIES:
        assert versions[package]["version"] == version
        for f in files:
            name = f.rsplit("/", 1)[1]
            r = client.get(f"/static/vendor/{versions[package]['folder']}/{name}")
            assert r.status_code == 200 and len(r.content) > 10000
    html = client.get("/editor").text + client.get("/graph", params={"iri": ID + "x"}).text
    assert "http" not in "".join(x for x in html.split('src="')[1:] if x.startswith("http"))
    assert 'src="http' not in html and "cdn" not in html.lower()


# ------------------------------------------------------------------------------------------------ SERVICE scanner


@pytest.mark.parametrize("query,targets", [
    ("SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }", ["https://query.wikidata.org/sparql"]),
    ("PREFIX w: <https://query.wikidata.org/> SELECT * { SERVICE SILENT w:sparql { ?s ?p ?o } }",
     ["https://query.wikidata.org/sparql"]),
    ("BASE <http://h.example/a/> SELECT * { SERVICE <b> { } }", ["http://h.example/a/b"]),
    ("SELECT * { SERVICE ?x { } }", [None]),
    ('SELECT * { BIND("SERVICE <http://x.example/>" AS ?s) } # SERVICE <http://y.example/>', []),
    ("SELECT * { ?s <http://x.example/SERVICE> ?o . ?s ex:service ?o }", []),
    ('SELECT * { BIND("""a " SERVICE <http://z/> """ AS ?s) SERVICE <http://q.example/> {} }', ["http://q.example/"]),
])
def test_service_targets(query, targets):
    from zhichan.web.service import service_targets

    assert service_targets(query) == targets


@pytest.mark.parametrize("iri,local_", [("http://127.0.0.1:7878/sparql", True), ("http://localhost/", True),
                                        ("http://[::1]/x", True), ("http://10.1.2.3/", True),
                                        ("http://169.254.169.254/latest", True), ("https://query.wikidata.org/sparql", False)])
def test_local_addresses_are_recognised(iri, local_):
    from zhichan.web.service import is_local

    assert is_local(iri) is local_


def test_entity_page_leaves_out_the_pair_nodes_derived_for_queries(client, store):
    # an organisation named in a co-occurring pair (found in the store): its page lists what points at it,
    # but not the zc:CoOccurrence nodes written at ingest for the network queries
    row = next(iter(store.query(f"""SELECT ?e ?pair WHERE {{ GRAPH ?g {{ ?pair <{ZC}pairSource> ?e }} }}
        ORDER BY ?e LIMIT 1""")))
    html = client.get(local(row["e"].value), headers={"Accept": "text/html"}).text
    turtle = client.get(local(row["e"].value), headers={"Accept": "text/turtle"}).text
    assert "cooc" not in html and "cooc" not in turtle and "pairSource" not in turtle
    assert "documentCount" in turtle  # the page itself is there
