"""The web front in a real browser: headless Chromium (Debian's package, driven by Playwright) goes from the
home page to a prepared query with a parameter and its results, clicks through to an entity page with an
evidence sentence highlighted, its document page and the graph view, and opens the SPARQL editor. Every
request must go to the server itself (no CDN). Screenshots are written to tests/screenshots/."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from webserver import Server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).parent / "screenshots"
ZC = "https://w3id.org/zhichan/ontology#"

if not Path(CHROMIUM).exists() and os.environ.get("ZHICHAN_REQUIRE_BROWSER"):  # .ci/run: never skip silently
    raise RuntimeError("Chromium is required (ZHICHAN_REQUIRE_BROWSER) but not installed: apt-get install chromium")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def web(seed_store, tmp_path_factory):
    with Server(seed_store, tmp_path_factory.mktemp("browser") / "tmp") as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def page(browser, web):
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.requested = []
    pg.on("request", lambda r: pg.requested.append(r.url))
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()
    outside = [u for u in pg.requested if not u.startswith(web.base) and not u.startswith("data:")]
    assert not outside, f"requests left the server: {outside[:5]}"
    assert not pg.errors, pg.errors


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)
    assert (SHOTS / f"{name}.png").stat().st_size > 5000


@pytest.fixture(scope="module")
def organiser(seed_store) -> tuple[str, str]:
    """A body that organises a program (label and IRI), found in the store rather than named here."""
    st = ox.Store.read_only(str(seed_store))
    row = next(iter(st.query(f"""SELECT ?b ?label WHERE {{ GRAPH ?g {{
        ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <{ZC}organizedBy> ;
            <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?b .
        ?b <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }} }} ORDER BY ?label LIMIT 1""")))
    return row["label"].value, row["b"].value


def test_home_query_entity_document_graph(page, web, organiser):
    label, iri = organiser
    page.goto(web.base + "/")
    assert "知产" in page.locator("h1").inner_text()
    assert page.locator("ul.docs li").count() == 3
    shot(page, "01-home")

    page.click("text=Prepared queries 预设查询")
    page.click("a[href='/queries/programs-by-organiser']")
    page.fill("input[name=body]", label)
    page.click("#run")
    page.wait_for_selector("#results table")
    rows = page.locator("#results table tbody tr")
    assert rows.count() >= 1
    assert label in page.locator("#results table").inner_text()
    assert page.locator("a.dl", has_text="CSV").get_attribute("href").startswith("/queries/programs-by-organiser/results.csv?")
    shot(page, "02-query-results")

    # through the results' entity link to the organiser's page
    href = page.evaluate("""(iri) => [...document.querySelectorAll('#results a.entity')]
        .map(a => a.getAttribute('href')).find(h => decodeURIComponent(h) === '/id/' + iri.split('/id/')[1])""", iri)
    assert href, "the results link to the organiser's page"
    page.click(f"#results a.entity[href='{href}']")
    page.wait_for_selector("table.relations")
    assert label in page.locator("h1").inner_text()
    evidence = page.locator("table.relations td.evidence mark.hl-self")
    assert evidence.count() >= 1 and evidence.first.inner_text().strip()
    assert page.locator("table.kv").inner_text().count("(") >= 1  # the class with its English label
    shot(page, "03-entity")

    # its document, with the mentions highlighted by type
    page.locator("table.relations tbody tr td:last-child a").first.click()
    page.wait_for_selector("article.text")
    assert page.locator("article.text mark.ent").count() > 10
    assert page.locator("article.text mark.ent-Agency").count() >= 1
    assert page.locator("aside h3").count() >= 2
    shot(page, "04-document")

    # back to the entity, then its graph (one hop, then two)
    page.go_back()
    page.click("a.graph-link")
    page.wait_for_selector("#graph[data-ready='1']")
    one = page.evaluate("[window.zhichanGraph.nodes().length, window.zhichanGraph.edges().length]")
    assert one[0] >= 2 and one[1] >= 1
    assert page.evaluate("window.zhichanGraph.edges()[0].data('label')").startswith("zc:")
    colours = page.evaluate("new Set(window.zhichanGraph.nodes().map(n => n.data('colour'))).size")
    assert colours >= 2
    page.click("text=2 hops")
    page.wait_for_selector("#graph[data-ready='1']")
    two = page.evaluate("[window.zhichanGraph.nodes().length, window.zhichanGraph.edges().length]")
    assert two[0] >= one[0] and two[1] >= one[1]
    shot(page, "05-graph")


def test_sparql_editor_runs_a_query_on_this_server(page, web):
    page.goto(web.base + "/editor")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table tbody tr", timeout=30000)
    assert "ontology#" in page.locator(".yasr").inner_text() or "zc:" in page.locator(".yasr").inner_text()
    shot(page, "06-editor")
