"""The dataset description: the store → VoID/DCAT quads in the graph ``id/graph/void``.

Input: the store as built (documents, ontology, gazetteer, linksets). Output: a sorted list of
quads describing ``id/dataset`` — titles, licence, creation date, source documents and reference
tables, the number of triples and entities, a class partition per zc class, a ``void:Linkset``
subset per linkset graph, the vocabularies used. Every number is a SPARQL count over the store
with the VoID graph itself left out, so describing a store that already holds a description gives
the same quads again.

The creation date is the ``created`` argument, else ``$SOURCE_DATE_EPOCH`` (the reproducible-
builds convention), else the date already recorded in the store's VoID graph, else today (UTC):
the same store described twice gives byte-identical quads.
"""
from __future__ import annotations

import datetime as dt
import os

import pyoxigraph as ox

import json
from functools import lru_cache

from . import terms
from .terms import DCAT, DCT, ID_BASE, ONTOLOGY_IRI, ONTOLOGY_NS, RDF, RDFS, SKOS, VOID, XSD  # noqa: F401

VOID_GRAPH = terms.VOID_GRAPH
LINKSET_GRAPH_PREFIX = terms.LINKSET_GRAPH_PREFIX
LINKSET_PREFIX = terms.LINKSET_PREFIX
GAZETTEER_GRAPH = terms.GAZETTEER_GRAPH
DATASET = terms.DATASET

# The entity classes (docs/design.md); void:entities counts their instances.
ENTITY_CLASSES = terms.CORE_CLASSES
# Partitions also describe the evidence the entities come with.
PARTITION_CLASSES = (*ENTITY_CLASSES, *terms.EVIDENCE_CLASSES)


@lru_cache(maxsize=1)
def metadata() -> dict:
    """Titles, description and licence of the dataset (``ontology/dataset.json``)."""
    from .config import ontology_dir
    from .errors import ZhichanError

    path = ontology_dir() / "dataset.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not (data["title"] and data["license"]):
            raise KeyError("title or license is empty")
        return data
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ZhichanError("E311", f"cannot read the dataset description: {err}", path=str(path),
                           fix="restore ontology/dataset.json (title and description by language, license)") from None
LINK_PREDICATES = (SKOS + "exactMatch", SKOS + "closeMatch")

VOCABULARIES = {
    ONTOLOGY_NS: ONTOLOGY_IRI,
    SKOS: "http://www.w3.org/2004/02/skos/core",
    "http://www.w3.org/ns/prov#": "http://www.w3.org/ns/prov",
    "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#":
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core",
    DCT: "http://purl.org/dc/terms/",
    "http://purl.org/linked-data/cube#": "http://purl.org/linked-data/cube",
    "http://www.w3.org/2003/01/geo/wgs84_pos#": "http://www.w3.org/2003/01/geo/wgs84_pos",
    terms.SCHEMA: terms.SCHEMA,
    terms.SCHEMA_HTTP: terms.SCHEMA_HTTP,
    "http://www.w3.org/ns/org#": "http://www.w3.org/ns/org",
    DCAT: "http://www.w3.org/ns/dcat",
    VOID: "http://rdfs.org/ns/void",
    "http://www.w3.org/2002/07/owl#": "http://www.w3.org/2002/07/owl",
}

NOT_VOID = f'FILTER(STR(?g) != "{VOID_GRAPH}")'


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_n(XSD + "integer"))


def _count(store: ox.Store, query: str) -> int:
    row = next(iter(store.query(query)))
    return int(row["n"].value)


def count_triples(store: ox.Store) -> int:
    """Distinct triples over the default graph and every named graph but the VoID graph."""
    return _count(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
      {{ GRAPH ?g {{ ?s ?p ?o }} {NOT_VOID} }} UNION {{ ?s ?p ?o }} }} }}""")


def count_instances(store: ox.Store, classes: tuple[str, ...]) -> int:
    values = " ".join(f"<{ONTOLOGY_NS}{c}>" for c in classes)
    return _count(store, f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{
      GRAPH ?g {{ ?e a ?cls }} VALUES ?cls {{ {values} }} {NOT_VOID} }}""")


def count_class_triples(store: ox.Store, cls: str) -> int:
    """Distinct triples whose subject is an instance of ``zc:<cls>`` (the VoID class-partition triples)."""
    return _count(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
      {{ SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s a <{ONTOLOGY_NS}{cls}> }} {NOT_VOID} }} }}
      GRAPH ?g2 {{ ?s ?p ?o }} FILTER(STR(?g2) != "{VOID_GRAPH}") }} }}""")


def _created(store: ox.Store, created: dt.date | str | None) -> str:
    if created:
        return dt.date.fromisoformat(str(created)[:10]).isoformat()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date().isoformat()
    for q in store.quads_for_pattern(_n(DATASET), _n(DCT + "created"), None, _n(VOID_GRAPH)):
        return q.object.value
    return dt.datetime.now(tz=dt.timezone.utc).date().isoformat()


def _linksets(store: ox.Store) -> list[dict]:
    out = []
    graphs = sorted(g.value for g in store.named_graphs()
                    if isinstance(g, ox.NamedNode) and g.value.startswith(LINKSET_GRAPH_PREFIX))
    for graph in graphs:
        slug = graph[len(LINKSET_GRAPH_PREFIX):]
        node = next((q.subject.value for q in store.quads_for_pattern(
            None, _n(RDF + "type"), _n(VOID + "Linkset"), _n(graph))), LINKSET_PREFIX + slug)
        targets = sorted({q.object.value for q in store.quads_for_pattern(
            _n(node), _n(VOID + "objectsTarget"), None, _n(graph)) if isinstance(q.object, ox.NamedNode)})
        per = {p: _count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s <{p}> ?o }} }}")
               for p in LINK_PREDICATES}
        out.append({"graph": graph, "node": node, "targets": targets,
                    "predicates": [p for p in LINK_PREDICATES if per[p]], "triples": sum(per.values())})
    return out


def describe(store: ox.Store, *, created: dt.date | str | None = None,
             sparql_endpoint: str | None = None) -> list[ox.Quad]:
    """The VoID/DCAT description of the whole store, sorted (deterministic)."""
    graph = _n(VOID_GRAPH)
    ds = _n(DATASET)
    quads: set[ox.Quad] = set()

    def add(s, p: str, o) -> None:
        quads.add(ox.Quad(s, _n(p), o, graph))

    add(ds, RDF + "type", _n(VOID + "Dataset"))
    add(ds, RDF + "type", _n(DCAT + "Dataset"))
    meta = metadata()
    for field in ("title", "description"):
        for lang, text in sorted(meta.get(field, {}).items()):
            add(ds, DCT + field, ox.Literal(text, language=lang))
    add(ds, DCT + "license", _n(meta["license"]))
    add(ds, DCT + "created", ox.Literal(_created(store, created), datatype=_n(XSD + "date")))
    add(ds, VOID + "uriSpace", ox.Literal(ID_BASE))
    add(ds, VOID + "triples", _int(count_triples(store)))
    add(ds, VOID + "entities", _int(count_instances(store, ENTITY_CLASSES)))
    if sparql_endpoint:
        add(ds, VOID + "sparqlEndpoint", _n(sparql_endpoint))

    docs = f"""SELECT DISTINCT ?d WHERE {{ GRAPH ?g {{ ?d a <{ONTOLOGY_NS}Document> }} {NOT_VOID} }}"""
    for row in store.query(docs):
        add(ds, DCT + "source", row["d"])
    refs = f"""SELECT DISTINCT ?src WHERE {{ GRAPH <{GAZETTEER_GRAPH}> {{ ?x <{DCT}source> ?src }}
      FILTER(isIRI(?src)) }}"""
    for row in store.query(refs):
        add(ds, DCT + "source", row["src"])

    for cls in PARTITION_CLASSES:
        part = _n(f"{DATASET}/class/{cls}")
        add(ds, VOID + "classPartition", part)
        add(part, VOID + "class", _n(ONTOLOGY_NS + cls))
        add(part, VOID + "entities", _int(count_instances(store, (cls,))))
        add(part, VOID + "triples", _int(count_class_triples(store, cls)))

    for ls in _linksets(store):
        node = _n(ls["node"])
        add(ds, VOID + "subset", node)
        add(node, RDF + "type", _n(VOID + "Linkset"))
        add(node, VOID + "subjectsTarget", ds)
        add(node, VOID + "target", ds)
        for t in ls["targets"]:
            add(node, VOID + "objectsTarget", _n(t))
            add(node, VOID + "target", _n(t))
        for p in ls["predicates"]:
            add(node, VOID + "linkPredicate", _n(p))
        add(node, VOID + "triples", _int(ls["triples"]))

    used = f"""SELECT DISTINCT ?t WHERE {{
      {{ GRAPH ?g {{ ?s ?t ?o }} }} UNION {{ GRAPH ?g {{ ?s a ?t }} }} {NOT_VOID} }}"""
    iris = {row["t"].value for row in store.query(used) if isinstance(row["t"], ox.NamedNode)}
    for ns, vocab in VOCABULARIES.items():
        if any(i.startswith(ns) for i in iris):
            add(ds, VOID + "vocabulary", _n(vocab))
    return sorted(quads, key=str)
