"""Serialise query answers in the SPARQL 1.1 result formats, with a cap on the number of results.

Input: a pyoxigraph answer (solutions, triples or boolean) and the client's ``Accept`` header (or a
format name). Output: ``(content type, bytes)``. The rows are written here rather than with
pyoxigraph's own serialiser because the endpoint must stop at the cap and say so instead of
streaming without end.
"""
from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/ld+json": "jsonld", "application/rdf+xml": "rdfxml", "application/n-quads": "nquads",
    "application/trig": "trig",
}
SELECT_CT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
             "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
GRAPH_FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, "text/turtle; charset=utf-8"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "rdfxml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
    "nquads": (ox.RdfFormat.N_QUADS, "application/n-quads"),
    "trig": (ox.RdfFormat.TRIG, "application/trig"),
}
ALIASES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle", "ttl": "turtle",
           "nt": "ntriples", "ntriples": "ntriples", "jsonld": "jsonld", "json-ld": "jsonld", "rdfxml": "rdfxml"}

PREFIXES = {
    "zc": "https://w3id.org/zhichan/ontology#", "id": "https://w3id.org/zhichan/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#", "dcterms": "http://purl.org/dc/terms/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#", "owl": "http://www.w3.org/2002/07/owl#",
}


class CapExceeded(Exception):
    pass


def accepted(accept: str | None) -> list[str]:
    """Media types of an Accept header, best first (q-values honoured, order kept on ties)."""
    items = []
    for n, part in enumerate((accept or "").split(",")):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, n, bits[0].lower()))
    return [t for _, _, t in sorted(items)]


def choose(accept: str | None, table: dict[str, str], default: str, fmt: str | None = None) -> str:
    if fmt and ALIASES.get(fmt.lower()) in set(table.values()):
        return ALIASES[fmt.lower()]
    for media in accepted(accept):
        if media in table:
            return table[media]
    return default


def _term_json(t) -> dict:
    from ..queries import json_term

    try:
        return json_term(t)
    except TypeError:  # a value the page computed, not an RDF term
        return {"type": "literal", "value": str(t)}


def _term_xml(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype and t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    return f"<literal>{escape(str(t))}</literal>"


def _plain(t) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return "_:" + t.value
    return t.value if isinstance(t, (ox.NamedNode, ox.Literal)) else str(t)


def take(iterable, cap: int) -> list:
    """At most ``cap`` items; CapExceeded if there are more."""
    out = []
    for item in iterable:
        if len(out) >= cap:
            raise CapExceeded(cap)
        out.append(item)
    return out


def write_select(variables: list[str], rows: list[dict], fmt: str) -> tuple[str, bytes]:
    """rows: dicts of variable → pyoxigraph term (or missing/None when unbound)."""
    if fmt == "json":
        body = {"head": {"vars": variables},
                "results": {"bindings": [{v: _term_json(r[v]) for v in variables if r.get(v) is not None} for r in rows]}}
        return SELECT_CT[fmt], json.dumps(body, ensure_ascii=False).encode()
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head><results>")
        for r in rows:
            out.append("<result>" + "".join(f"<binding name={quoteattr(v)}>{_term_xml(r[v])}</binding>"
                                             for v in variables if r.get(v) is not None) + "</result>")
        out.append("</results></sparql>\n")
        return SELECT_CT[fmt], "".join(out).encode()
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        for r in rows:
            w.writerow([_plain(r.get(v)) for v in variables])
        return SELECT_CT[fmt], buf.getvalue().encode()
    lines = ["\t".join("?" + v for v in variables)]
    for r in rows:
        lines.append("\t".join(str(r[v]) if r.get(v) is not None else "" for v in variables))
    return SELECT_CT["tsv"], ("\n".join(lines) + "\n").encode()


def write_boolean(value: bool, fmt: str) -> tuple[str, bytes]:
    if fmt == "xml":
        return SELECT_CT[fmt], (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                                f'<head/><boolean>{str(value).lower()}</boolean></sparql>\n').encode()
    if fmt in ("csv", "tsv"):
        return SELECT_CT[fmt], (str(value).lower() + "\n").encode()
    return SELECT_CT["json"], json.dumps({"head": {}, "boolean": value}).encode()


def write_graph(triples: list, fmt: str) -> tuple[str, bytes]:
    rdf_format, ctype = GRAPH_FORMATS[fmt]
    if fmt in ("nquads", "trig"):
        triples = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    kwargs = {"prefixes": PREFIXES} if fmt in ("turtle", "trig", "rdfxml") else {}
    return ctype, ox.serialize(triples, format=rdf_format, **kwargs)


def write_answer(answer, accept: str | None, cap: int, fmt: str | None = None) -> tuple[str, bytes]:
    """Any pyoxigraph answer → (content type, body), CapExceeded past ``cap`` results."""
    if isinstance(answer, ox.QueryBoolean):
        return write_boolean(bool(answer), choose(accept, SELECT_TYPES, "json", fmt))
    if isinstance(answer, ox.QueryTriples):
        return write_graph(take(answer, cap), choose(accept, GRAPH_TYPES, "turtle", fmt))
    variables = [v.value for v in answer.variables]
    rows = [{v: sol[v] for v in variables} for sol in take(answer, cap)]
    return write_select(variables, rows, choose(accept, SELECT_TYPES, "json", fmt))
