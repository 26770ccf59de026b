"""The ASGI application: routes for the SPARQL endpoint, linked-data pages, query forms and the graph view.

Input: ``Settings`` naming a store folder to open read-only (the snapshot ``serve`` made) and the
endpoint's limits. Output: a Starlette application; ``app.state.site`` holds the open store, the
worker pool and the page queries, and ``app.state.site.close()`` stops the workers.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import queries as prepared
from ..config import ID_BASE, ONTOLOGY_NS
from . import pages as P
from .results import GRAPH_TYPES, accepted, choose, write_graph
from .service import refused_services
from .workers import Pool

HERE = Path(__file__).parent
WIKIDATA = "https://query.wikidata.org/sparql"
HTML_TYPES = ("text/html", "application/xhtml+xml")
SD = "http://www.w3.org/ns/sparql-service-description#"


@dataclass
class Settings:
    store: Path                      # the folder opened read-only (serve passes its snapshot)
    source: str = ""                 # the store the snapshot was taken from (shown on the home page)
    timeout: float = 10.0            # seconds per user query (endpoint and prepared-query forms)
    max_results: int = 10000         # rows (or triples) per answer
    cors: str | None = None          # an origin (or *) allowed to call the endpoint from a browser
    services: tuple[str, ...] = (WIKIDATA,)
    workers: int = 2
    queries_dir: Path | None = None
    snapshot_time: str = field(default_factory=lambda: time.strftime("%Y-%m-%d %H:%M:%S %Z"))


class Site:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = ox.Store.read_only(str(settings.store))
        self.pages = P.Pages(self.store)
        self.pool = Pool(str(settings.store), size=settings.workers, cap=settings.max_results, timeout=settings.timeout)
        self.catalogue = {q.name: q for q in prepared.discover(settings.queries_dir)}
        self.env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape())
        self.env.filters.update(short=P.short, href=P.local_href, urlquote=lambda s: quote(s or "", safe=""))
        self.env.globals.update(value=P.value, is_iri=lambda t: isinstance(t, ox.NamedNode), settings=settings,
                                class_label=self.pages.class_label, cores=P.CORE)
        self._void: dict[str, bytes] = {}
        # the home page's counts take seconds on a large store; the snapshot never changes, so compute them once
        threading.Thread(target=self._warm, daemon=True).start()

    def _warm(self) -> None:
        try:
            self.pages.documents(), self.pages.classes(), self.pages.quads()
        except Exception:  # noqa: BLE001 — a failure here shows again, with its message, on the home page
            pass

    def close(self) -> None:
        self.pool.close()

    def render(self, name: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(name).render(**context), status_code=status,
                            headers={"Vary": "Accept"})


def _site(request: Request) -> Site:
    return request.app.state.site


def _wants_html(request: Request) -> bool:
    fmt = request.query_params.get("format")
    if fmt:
        return fmt == "html"
    for media in accepted(request.headers.get("accept")) or ["*/*"]:
        if media in HTML_TYPES or media == "*/*":
            return True
        if media in GRAPH_TYPES:
            return False
    return True


def _rdf_response(request: Request, triples: list[ox.Triple]) -> Response:
    fmt = choose(request.headers.get("accept"), GRAPH_TYPES, "turtle", request.query_params.get("format"))
    ctype, body = write_graph(triples, fmt)
    return Response(body, media_type=ctype, headers={"Vary": "Accept"})


# ------------------------------------------------------------------------------------------------ pages


async def home(request: Request):
    site = _site(request)
    data = await run_in_threadpool(lambda: (site.pages.documents(), site.pages.classes(), site.pages.quads()))
    docs, classes, quads = data
    return site.render("home.html", documents=docs, classes=classes, quads=quads,
                       queries=list(site.catalogue.values()))


async def search(request: Request):
    site = _site(request)
    text = request.query_params.get("q", "").strip()
    results = await run_in_threadpool(site.pages.search, text) if text else []
    return site.render("search.html", search_q=text, results=results)


async def linked_data(request: Request):
    site = _site(request)
    path = request.path_params["path"]
    iri = ID_BASE + path
    kind = await run_in_threadpool(site.pages.kind, iri)
    if kind == "missing":
        return site.render("error.html", status=404, title="Not found",
                           message=f"E710 {iri}: no such IRI in the store; fix: search for a name on the home page")
    html = _wants_html(request)
    link = f'<{quote(request.url.path, safe="/")}?format=ttl>; rel="alternate"; type="text/turtle"'
    if kind == "graph":
        if html:
            doc = ID_BASE + "doc/" + path[len("graph/"):]
            if await run_in_threadpool(site.pages.kind, doc) == "document":
                return RedirectResponse(P.local_href(doc), status_code=303)
        triples = await run_in_threadpool(site.pages.graph_triples, iri)
        if html:
            return site.render("resource.html", data={"iri": iri, "labels": {"main": None, "pref": [], "alt": []},
                                                      "types": [], "inbound": [],
                                                      "props": [{"p": "triples", "o": ox.Literal(str(len(triples)))}]})
        return _rdf_response(request, triples)
    if not html:
        return _rdf_response(request, await run_in_threadpool(site.pages.description, iri))
    if kind == "document":
        data = await run_in_threadpool(site.pages.document, iri)
        resp = site.render("document.html", doc=data)
    elif kind == "entity":
        data = await run_in_threadpool(site.pages.entity, iri)
        resp = site.render("entity.html", e=data)
    else:
        data = await run_in_threadpool(site.pages.resource, iri)
        resp = site.render("resource.html", data=data)
    resp.headers["Link"] = link
    return resp


async def class_page(request: Request):
    site = _site(request)
    iri = ONTOLOGY_NS + request.path_params["name"]
    data = await run_in_threadpool(site.pages.class_page, iri)
    if not data["info"] and not data["instances"]:
        return site.render("error.html", status=404, title="Not found",
                           message=f"E710 {iri}: no such class in the ontology; fix: pick one on the home page")
    return site.render("class.html", c=data)


async def ontology(request: Request):
    site = _site(request)
    from ..config import ONTOLOGY_IRI

    if not _wants_html(request):
        return _rdf_response(request, await run_in_threadpool(site.pages.graph_triples, ONTOLOGY_IRI))
    return site.render("ontology.html", classes=await run_in_threadpool(site.pages.classes))


async def graph_page(request: Request):
    site = _site(request)
    iri = request.query_params.get("iri", "")
    hops = 2 if request.query_params.get("hops") == "2" else 1
    label = (await run_in_threadpool(site.pages.labels, ox.NamedNode(iri)))["main"] if iri else None
    return site.render("graph.html", iri=iri, hops=hops, label=label or (P.short(iri) if iri else ""))


async def neighbourhood(request: Request):
    site = _site(request)
    iri = request.query_params.get("iri", "")
    if not iri.startswith(("http://", "https://")):
        return JSONResponse({"error": "E711 /api/neighbourhood: iri must be an http(s) IRI; fix: pass ?iri=…"}, 400)
    hops = 2 if request.query_params.get("hops") == "2" else 1
    return JSONResponse(await run_in_threadpool(site.pages.neighbourhood, iri, hops))


# ------------------------------------------------------------------------------------------------ prepared queries


async def query_list(request: Request):
    site = _site(request)
    return site.render("queries.html", queries=list(site.catalogue.values()))


def _params(request: Request, q) -> dict[str, str]:
    return {p.name: request.query_params[p.name].strip() for p in q.params
            if request.query_params.get(p.name, "").strip()}


async def query_page(request: Request):
    site = _site(request)
    q = site.catalogue.get(request.path_params["name"])
    if q is None:
        return site.render("error.html", status=404, title="Not found",
                           message=f"E410 {request.path_params['name']}: no prepared query of that name; "
                                   "fix: pick one from the list at /queries")
    values = _params(request, q)
    result, error, elapsed = None, None, None
    if "run" in request.query_params:
        t0 = time.monotonic()
        reply = await run_in_threadpool(site.pool.call, {"kind": "prepared", "name": q.name, "params": values,
                                                         "format": "json" if q.form in ("SELECT", "ASK") else "turtle"})
        elapsed = time.monotonic() - t0
        if reply.status != 200:
            error = reply.text.strip()
        elif q.form in ("SELECT", "ASK"):
            result = json.loads(reply.body)
        else:
            result = {"turtle": reply.text}
    args = urlencode(values)
    return site.render("query.html", q=q, values=values, result=result, error=error, elapsed=elapsed,
                       download=f"/queries/{q.name}/results", args=args)


async def query_download(request: Request):
    site = _site(request)
    q = site.catalogue.get(request.path_params["name"])
    fmt = request.path_params["fmt"]
    if q is None or fmt not in ("csv", "json", "tsv", "ttl"):
        return Response("E410 no such prepared query or format; fix: use /queries/NAME/results.csv or .json\n", 404)
    reply = await run_in_threadpool(site.pool.call, {"kind": "prepared", "name": q.name, "params": _params(request, q),
                                                     "format": {"ttl": "turtle"}.get(fmt, fmt)})
    headers = {"Content-Disposition": f'attachment; filename="{q.name}.{fmt}"'} if reply.status == 200 else {}
    return Response(reply.body, status_code=reply.status, media_type=reply.content_type, headers=headers)


# ------------------------------------------------------------------------------------------------ SPARQL protocol


def _service_description(request: Request, site: Site) -> list[ox.Triple]:
    base = str(request.base_url).rstrip("/")
    svc = ox.NamedNode(base + "/sparql")
    n = lambda x: ox.NamedNode(x)  # noqa: E731
    t = [ox.Triple(svc, n(P.RDF_TYPE), n(SD + "Service")),
         ox.Triple(svc, n(SD + "endpoint"), svc),
         ox.Triple(svc, n(SD + "supportedLanguage"), n(SD + "SPARQL11Query")),
         ox.Triple(svc, n(SD + "feature"), n(SD + "UnionDefaultGraph")),
         ox.Triple(svc, n(SD + "feature"), n(SD + "BasicFederatedQuery")),
         ox.Triple(svc, n("http://purl.org/dc/terms/description"),
                   ox.Literal(f"Read-only. Default graph: the union of the named graphs. Time-out "
                              f"{site.settings.timeout:g} s, at most {site.settings.max_results} results. "
                              f"SERVICE only to: {', '.join(site.settings.services) or 'none'}.", language="en"))]
    for fmt in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        t.append(ox.Triple(svc, n(SD + "resultFormat"), n("http://www.w3.org/ns/formats/" + fmt)))
    ds = ox.NamedNode(base + "/.well-known/void")
    t.append(ox.Triple(svc, n(SD + "defaultDataset"), ds))
    t.append(ox.Triple(ds, n(P.RDF_TYPE), n(SD + "Dataset")))
    return t


def _refuse_update() -> Response:
    return Response("E701 /sparql: this endpoint is read-only, updates are refused; "
                    "fix: change the store with zhichan build or zhichan link\n", status_code=403,
                    media_type="text/plain; charset=utf-8")


async def sparql(request: Request):
    site = _site(request)
    params: dict[str, list[str]] = {k: request.query_params.getlist(k) for k in request.query_params.keys()}
    query = None
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = (await request.body()).decode("utf-8", "replace")
        if ctype == "application/sparql-update":
            return _refuse_update()
        if ctype == "application/x-www-form-urlencoded":
            for k, v in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            query = body
        else:
            return Response("E702 /sparql: unsupported Content-Type for POST; fix: send "
                            "application/sparql-query or application/x-www-form-urlencoded\n", 415,
                            media_type="text/plain; charset=utf-8")
    if "update" in params:
        return _refuse_update()
    if query is None:
        query = (params.get("query") or [None])[0]
    if not query:
        if _wants_html(request) and "text/html" in (request.headers.get("accept") or ""):
            return site.render("editor.html", endpoint=str(request.url_for("sparql")))
        return _rdf_response(request, _service_description(request, site))
    refused = refused_services(query, site.settings.services)
    if refused:
        return Response(f"E708 /sparql: SERVICE is only allowed to {', '.join(site.settings.services) or 'no endpoint'}"
                        f" (refused: {', '.join(refused)}); fix: query one of the allowed endpoints, or start "
                        "zhichan serve with --allow-service IRI\n", 403, media_type="text/plain; charset=utf-8")
    reply = await run_in_threadpool(site.pool.call, {
        "kind": "sparql", "query": query, "accept": request.headers.get("accept"),
        "format": (params.get("format") or [None])[0],
        "default_graph": params.get("default-graph-uri") or [], "named_graphs": params.get("named-graph-uri") or []})
    return Response(reply.body, status_code=reply.status, media_type=reply.content_type)


async def void(request: Request):
    site = _site(request)
    from ..void import describe

    endpoint = str(request.base_url).rstrip("/") + "/sparql"
    if endpoint not in site._void:
        quads = await run_in_threadpool(describe, site.store, sparql_endpoint=endpoint)
        site._void[endpoint] = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return _rdf_response(request, site._void[endpoint])


async def editor(request: Request):
    return _site(request).render("editor.html", endpoint=str(request.url_for("sparql")))


async def update(request: Request):
    return _refuse_update()


def create_app(settings: Settings) -> Starlette:
    routes = [
        Route("/", home),
        Route("/search", search),
        Route("/sparql", sparql, methods=["GET", "POST"], name="sparql"),
        Route("/query", sparql, methods=["GET", "POST"]),  # the path Oxigraph's own server used
        Route("/update", update, methods=["GET", "POST"]),
        Route("/editor", editor),
        Route("/queries", query_list),
        Route("/queries/{name}", query_page),
        Route("/queries/{name}/results.{fmt}", query_download),
        Route("/id/{path:path}", linked_data),
        Route("/class/{name}", class_page),
        Route("/ontology", ontology),
        Route("/graph", graph_page),
        Route("/api/neighbourhood", neighbourhood),
        Route("/.well-known/void", void),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    middleware = []
    if settings.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=[settings.cors], allow_methods=["GET", "POST"],
                                     allow_headers=["*"], expose_headers=["Content-Type"], max_age=600))
    app = Starlette(routes=routes, middleware=middleware)
    app.state.site = Site(settings)
    return app
