"""Stage 5: quads → the embedded Oxigraph store on disk.

Input: the quads of one named graph. Output: the store holds exactly those quads in that graph.
Each replacement is one ``Store.update()`` call (``DROP SILENT GRAPH`` then ``INSERT DATA``),
which pyoxigraph runs atomically: a failure leaves the previous graph in place, and building the
same document twice leaves the same quads.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from .config import ID_BASE, ONTOLOGY_IRI, ONTOLOGY_NS, ontology_dir
from .errors import StoreError

ONTOLOGY_GRAPH = ox.NamedNode(ONTOLOGY_IRI)
GAZETTEER_GRAPH = ox.NamedNode(f"{ID_BASE}graph/gazetteer")
VOID_GRAPH = ox.NamedNode(f"{ID_BASE}graph/void")
LINKSET_PREFIX = f"{ID_BASE}graph/linkset/"

# serialisation (formats, prefixes, JSON-LD) lives in zhichan.export


def open_store(path: Path, *, create: bool = True, read_only: bool = False) -> ox.Store:
    """Open (or create) the store; ``read_only`` opens take no write lock, for commands that only read."""
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


def replace_graph(store: ox.Store, graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
    """Replace one named graph by ``quads`` in a single atomic update."""
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    store.update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}")


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


def stats(store: ox.Store) -> dict:
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
