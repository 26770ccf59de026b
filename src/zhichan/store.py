"""Stage 5: quads → the embedded Oxigraph store on disk (or a SPARQL 1.1 server, ``zhichan.remote``).

Input: the quads of one named graph. Output: the store holds exactly those quads in that graph and,
for a document graph, the canonical description of every entity it names in the entities graph
(``id/graph/entities``, see docs/design.md "The entities graph"). A document is replaced in one
``Store.update()`` call (``DROP SILENT GRAPH``, ``INSERT DATA``, then the canonical descriptions of
every entity the old or the new version names, recomputed over all documents), which pyoxigraph runs
atomically: a failure leaves the previous graph and descriptions in place, and building the same
document twice leaves the same quads. A fresh store is filled by the bulk path (``write_documents``)
and gets its entities graph computed once at the end, from the same function.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from .config import ID_BASE, ONTOLOGY_IRI, ONTOLOGY_NS, ontology_dir
from .errors import StoreError

ONTOLOGY_GRAPH = ox.NamedNode(ONTOLOGY_IRI)
GAZETTEER_GRAPH = ox.NamedNode(f"{ID_BASE}graph/gazetteer")
VOID_GRAPH = ox.NamedNode(f"{ID_BASE}graph/void")
ENTITIES_GRAPH = ox.NamedNode(f"{ID_BASE}graph/entities")
LINKSET_PREFIX = f"{ID_BASE}graph/linkset/"
GRAPH_PREFIX = f"{ID_BASE}graph/"
_RESERVED = {"gazetteer", "void", "entities"}

FORMATS = {
    "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
}


def open_store(path: Path, *, create: bool = True, read_only: bool = False) -> ox.Store:
    """Open (or create) the store; ``read_only`` opens take no write lock, for commands that only read."""
    from .remote import open_remote

    remote = open_remote(path, read_only=read_only)  # --store http(s)://…: a SPARQL 1.1 server
    if remote is not None:
        return remote
    path = Path(path)
    if (not create or read_only) and not path.exists():
        raise StoreError("E301", "no store here", path=str(path),
                         fix="run `zhichan build` first, or pass --store DIR / set ZHICHAN_STORE")
    try:
        if read_only:
            return ox.Store.read_only(str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as err:  # pyoxigraph raises OSError for locks and I/O
        raise StoreError("E302", f"cannot open the store: {err}", path=str(path),
                         fix="close other zhichan processes using it, or pass another --store") from err


def is_document_graph(graph: ox.NamedNode) -> bool:
    """``id/graph/<doc-id>``: not the ontology, gazetteer, VoID, entities or a linkset graph."""
    name = graph.value
    if not name.startswith(GRAPH_PREFIX):
        return False
    rest = name[len(GRAPH_PREFIX):]
    return rest not in _RESERVED and not rest.startswith("linkset/")


def _data(quads: Iterable[ox.Quad]) -> str:
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


def replace_graph(store, graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
    """Replace one named graph by ``quads`` in a single atomic update.

    A document graph goes through ``replace_document``, so that its entities' canonical
    descriptions follow it in the same update.
    """
    if is_document_graph(graph):
        replace_document(store, graph, quads)
        return
    store.update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{_data(quads)}\n}} }}")


def replace_document(store, graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
    """Replace (or, with no quads, remove) one document graph and its entities' canonical descriptions.

    One update: drop the graph, insert the new quads, delete the descriptions of every entity the
    old or the new version names, insert them recomputed over every document graph (the others as
    the store holds them, this one as ``quads``).
    """
    from . import rdf as canonical

    old = {q.subject for q in store.quads_for_pattern(None, canonical.TYPE, None, graph)
           if q.object in canonical.CORE_CLASSES}
    new = canonical.entities_of(quads)
    touched = sorted(old | new, key=str)
    acc = canonical.Accumulator()
    acc.add_document(graph, quads)
    for entity in touched:
        for q in store.quads_for_pattern(entity, None, None, None):
            if q.graph_name != graph and isinstance(q.graph_name, ox.NamedNode) and is_document_graph(q.graph_name):
                acc.add_about(q)
        for q in store.quads_for_pattern(None, canonical.DENOTES, entity, None):
            if q.graph_name != graph and isinstance(q.graph_name, ox.NamedNode) and is_document_graph(q.graph_name):
                acc.add_mention(q)
    described = acc.quads(ENTITIES_GRAPH, only=set(touched))
    parts = [f"DROP SILENT GRAPH {graph}"]
    if quads:
        parts.append(f"INSERT DATA {{ GRAPH {graph} {{\n{_data(quads)}\n}} }}")
    if touched:
        values = " ".join(str(e) for e in touched)
        parts.append(f"DELETE {{ GRAPH {ENTITIES_GRAPH} {{ ?e ?p ?o }} }} WHERE {{ VALUES ?e {{ {values} }} "
                     f"GRAPH {ENTITIES_GRAPH} {{ ?e ?p ?o }} }}")
    if described:
        parts.append(f"INSERT DATA {{ GRAPH {ENTITIES_GRAPH} {{\n{_data(described)}\n}} }}")
    store.update(" ;\n".join(parts))


def remove_document(store, graph: ox.NamedNode) -> None:
    """Drop a document graph; the entities it named are described again from the other documents."""
    replace_document(store, graph, [])


def write_documents(store, documents: Iterable[tuple[ox.NamedNode, list[ox.Quad]]], *, fresh: bool) -> int:
    """Write many documents; returns the number of quads written (entities graph included).

    ``fresh`` (a store without document graphs): the bulk path — every document's quads through
    ``bulk_extend`` as it arrives, the entities graph computed from them on the way and written once
    at the end; memory holds the canonical descriptions, not the documents. Otherwise each document
    is replaced atomically (``replace_document``).
    """
    from . import rdf as canonical

    total = 0
    if not fresh or not hasattr(store, "bulk_extend"):  # a SPARQL server: one Update request per document
        for graph, quads in documents:
            replace_document(store, graph, quads)
            total += len(quads)
        return total
    acc = canonical.Accumulator()
    bulk = getattr(store, "bulk_extend", None) or store.extend
    batch: list[ox.Quad] = []
    for graph, quads in documents:
        acc.add_document(graph, quads)
        batch.extend(quads)
        total += len(quads)
        if len(batch) >= 200_000:
            bulk(batch)
            batch = []
    described = acc.quads(ENTITIES_GRAPH)
    bulk(batch + described)
    return total + len(described)


def ontology_quads() -> list[ox.Quad]:
    """Every Turtle file of ``ontology/`` except the SHACL shapes, in the ontology graph.

    Blank nodes (OWL lists and axioms) are skolemised to IRIs numbered in parse order, so that two
    builds give the same quads: a parser invents fresh blank node labels on every run.
    """
    quads: list[ox.Quad] = []
    skolem: dict[str, ox.NamedNode] = {}

    def fix(term):
        if isinstance(term, ox.BlankNode):
            if term.value not in skolem:
                skolem[term.value] = ox.NamedNode(f"{ONTOLOGY_IRI}/.well-known/genid/{path.stem}-{len(skolem)}")
            return skolem[term.value]
        return term

    for path in sorted(ontology_dir().glob("*.ttl")):
        if path.name == "shapes.ttl":
            continue
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            quads.append(ox.Quad(fix(triple.subject), triple.predicate, fix(triple.object), ONTOLOGY_GRAPH))
    return quads


def sorted_nquads(store: ox.Store) -> str:
    """The whole store as sorted N-Quads: the canonical form two builds are compared by."""
    lines = sorted(f"{q} ." for q in store.quads_for_pattern(None, None, None, None))
    return "\n".join(lines) + ("\n" if lines else "")


def export(store: ox.Store, fmt: str, extra: list[ox.Quad] | None = None) -> bytes:
    """Serialise the whole dataset plus ``extra`` quads, sorted so that the same store gives the same bytes.

    The store is only read: the VoID description is passed in as ``extra`` rather than written.
    """
    quads = [q for q in store.quads_for_pattern(None, None, None, None) if q.graph_name != VOID_GRAPH]
    quads = sorted(quads + list(extra or []), key=str)
    rdf_format = FORMATS[fmt]
    if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML):
        triples = sorted({q.triple for q in quads}, key=str)
        return ox.serialize(triples, format=rdf_format, prefixes=_prefixes(rdf_format)) or b""
    return ox.serialize(quads, format=rdf_format, prefixes=_prefixes(rdf_format)) or b""


def _prefixes(fmt: ox.RdfFormat) -> dict[str, str] | None:
    from .rdf import PREFIXES

    return PREFIXES if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None


def stats(store) -> dict:
    """Counts a researcher asks for first: documents, entities by class, relations, observations."""
    classes = Counter()
    q = f"""PREFIX zc: <{ONTOLOGY_NS}>
    SELECT ?cls (COUNT(DISTINCT ?e) AS ?n) WHERE {{
      GRAPH ?g {{ ?e a ?cls }}
      VALUES ?cls {{ zc:Agency zc:Policy zc:Program zc:Company zc:LoanProduct zc:Organization zc:Place zc:Person zc:Observation zc:Document }}
    }} GROUP BY ?cls"""
    for row in store.query(q):
        classes[row["cls"].value.rsplit("#", 1)[-1]] = int(row["n"].value)
    rel = f"""PREFIX zc: <{ONTOLOGY_NS}>
    SELECT ?p (COUNT(*) AS ?n) WHERE {{
      SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
      VALUES ?p {{ zc:issuedBy zc:signatory zc:organizedBy zc:offeredBy zc:subOrganizationOf zc:fundedBy zc:locatedIn }} }}
    }} GROUP BY ?p"""
    relations = {row["p"].value.rsplit("#", 1)[-1]: int(row["n"].value) for row in store.query(rel)}
    return {
        "documents": classes.pop("Document", 0),
        "entities": dict(sorted((k, v) for k, v in classes.items() if k != "Observation")),
        "relations": dict(sorted(relations.items())),
        "observations": classes.get("Observation", 0),
        "quads": len(store),
        "graphs": len(list(store.named_graphs())),
    }
