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

from . import terms
from .config import ONTOLOGY_IRI, ONTOLOGY_NS, ontology_dir
from .errors import StoreError

ONTOLOGY_GRAPH = ox.NamedNode(ONTOLOGY_IRI)
GAZETTEER_GRAPH = ox.NamedNode(terms.GAZETTEER_GRAPH)
VOID_GRAPH = ox.NamedNode(terms.VOID_GRAPH)
ENTITIES_GRAPH = ox.NamedNode(terms.ENTITIES_GRAPH)
LINKSET_PREFIX = terms.LINKSET_GRAPH_PREFIX
GRAPH_PREFIX = terms.DOCUMENT_GRAPH_PREFIX
_RESERVED = {"gazetteer", "void", "entities"}

# serialisation (formats, prefixes, JSON-LD) lives in zhichan.export


def open_store(path: Path, *, create: bool = True, read_only: bool = False) -> ox.Store:
    """Open (or create) the store. ``read_only`` opens never create anything and are safe beside a build.

    A folder that exists but is not a store is never written into (``E308``): pointing ``--store``
    at the wrong folder must not scatter RocksDB files in it. Read-only opens follow the reader
    protocol of ``open_for_reading`` (a build in progress is read through its snapshot).
    """
    from .remote import open_remote

    remote = open_remote(path, read_only=read_only)  # --store http(s)://…: a SPARQL 1.1 server
    if remote is not None:
        return remote
    path = Path(path)
    if (not create or read_only) and not path.exists():
        raise StoreError("E301", "no store here", path=str(path),
                         fix="run `zhichan build` first, or pass --store DIR / set ZHICHAN_STORE")
    if path.exists() and not is_store(path):
        if read_only or not create or not path.is_dir() or any(path.iterdir()):
            raise StoreError("E308", "this is not a zhichan store (no Oxigraph database in it)", path=str(path),
                             fix="pass the folder `zhichan build` created, or a new or empty folder to build into")
    try:
        if read_only:
            return open_for_reading(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except (OSError, RuntimeError) as err:  # pyoxigraph raises OSError for locks and I/O, RuntimeError for corruption
        raise StoreError("E302", f"cannot open the store: {' '.join(str(err).split())}", path=str(path),
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


def replace_document(store, graph: ox.NamedNode, quads: list[ox.Quad], extra: tuple[str, ...] = ()) -> None:
    """Replace (or, with no quads, remove) one document graph and its entities' canonical descriptions.

    One update: drop the graph, insert the new quads, delete the descriptions of every entity the
    old or the new version names, insert them recomputed over every document graph (the others as
    the store holds them, this one as ``quads``). ``extra`` update operations (a build's source
    record) run in the same update.
    """
    from . import rdf as canonical

    old = canonical.entities_of(store.quads_for_pattern(None, canonical.TYPE, None, graph))
    new = canonical.entities_of(quads)
    touched = sorted(old | new, key=str)
    acc = canonical.Accumulator()
    acc.add_document(graph, quads)
    for entity in touched:
        gather(store, acc, entity, skip=graph)
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
    parts.extend(extra)
    store.update(" ;\n".join(parts))


def gather(store, acc, entity, skip: ox.NamedNode | None = None) -> None:
    """Add to ``acc`` what the document graphs of ``store`` (but ``skip``) say of ``entity``: the quads about
    it, the mentions that denote it, and for a metric concept its figures with their unit, period and area."""
    from . import rdf as canonical

    # a store has few graphs and an entity many quads: each graph is tested once, not once per quad
    tested: dict = {}

    def other_document(g) -> bool:
        found = tested.get(g)
        if found is None:
            found = tested[g] = g != skip and isinstance(g, ox.NamedNode) and is_document_graph(g)
        return found

    for q in store.quads_for_pattern(entity, None, None, None):
        if other_document(q.graph_name):
            acc.add_about(q)
    for q in store.quads_for_pattern(None, canonical.DENOTES, entity, None):
        if other_document(q.graph_name):
            acc.add_mention(q)
    for q in store.quads_for_pattern(None, canonical.METRIC_CONCEPT, entity, None):
        if other_document(q.graph_name):
            # only the facts a concept gathers, not every quad of the figure
            acc.add_figure(q, [f for p in canonical.FIGURE_FACTS
                               for f in store.quads_for_pattern(q.subject, p, None, q.graph_name)])


def rebuild_entities(store) -> None:
    """Describe every entity again from all document graphs, in one update (after a bulk write that was cut
    short, whose descriptions were never written)."""
    from . import rdf as canonical

    acc = canonical.Accumulator()
    for graph in sorted(store.named_graphs(), key=str):
        if isinstance(graph, ox.NamedNode) and is_document_graph(graph):
            acc.add_document(graph, list(store.quads_for_pattern(None, None, None, graph)))
    described = acc.quads(ENTITIES_GRAPH)
    store.update(f"DROP SILENT GRAPH {ENTITIES_GRAPH} ;\nINSERT DATA {{ GRAPH {ENTITIES_GRAPH} {{\n"
                 f"{_data(described)}\n}} }}")


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


def gazetteer_graph_quads(store) -> list[ox.Quad]:
    """The gazetteer graph for the area codes the store's other graphs name, and every area containing them."""
    from .places import gazetteer_quads

    codes = sorted({row["c"].value for row in store.query(
        f"SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ ?p <{terms.zc('adminCode')}> ?c }} "
        f"FILTER(?g != {GAZETTEER_GRAPH}) }}")})
    return gazetteer_quads(codes)


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


# ------------------------------------------------------------------ safe reads beside a build
#
# Oxigraph documents a read-only open beside a writer as undefined, so readers and the builder
# follow a protocol with two lock files (flock, released by the kernel when a process dies, even
# under kill -9) in the control folder ``<store>.run/`` beside the store:
#
# * the builder takes ``writer.lock`` exclusively and without waiting (a second build fails at
#   once, before extracting), copies the store with ``Store.backup()`` into
#   ``snapshot-<n>/`` (hard links: cheap) and names it in ``current``, then takes ``readers.lock``
#   exclusively, waiting for readers that opened the store before it came;
# * a reader takes ``readers.lock`` shared without waiting and opens the store read-only, holding
#   the lock until it is done; if a build holds either lock it opens the current snapshot instead:
#   the store as it was when that build started, complete and consistent.

_READ_LOCKS: dict[str, int] = {}


def is_store(path: Path) -> bool:
    """A folder holding an Oxigraph (RocksDB) database."""
    return Path(path).is_dir() and (Path(path) / "CURRENT").is_file()


def control_dir(path: Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".run")


def _flock(file: Path, exclusive: bool, wait: bool) -> int | None:
    import fcntl
    import os

    fd = os.open(file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(fd)
        return None
    except OSError:
        os.close(fd)
        raise
    return fd


def _unlock(fd: int | None) -> None:
    import os

    if fd is not None:
        os.close(fd)  # closing the descriptor releases its flock


def _current_snapshot(ctl: Path) -> Path | None:
    try:
        name = (ctl / "current").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    snap = ctl / name
    return snap if name and is_store(snap) else None


def open_for_reading(path: Path) -> ox.Store:
    """The store read-only, or the snapshot of a build in progress (see the protocol above)."""
    path = Path(path)
    ctl = control_dir(path)
    try:
        ctl.mkdir(exist_ok=True)
    except OSError:  # a read-only medium: no build can run there either
        return ox.Store.read_only(str(path))
    key = str(path.resolve())
    if key in _READ_LOCKS:
        return ox.Store.read_only(str(path))
    probe = _flock(ctl / "writer.lock", exclusive=False, wait=False)
    building = probe is None
    _unlock(probe)
    fd = None if building else _flock(ctl / "readers.lock", exclusive=False, wait=False)
    if fd is None:
        snap = _current_snapshot(ctl)
        if snap is not None:
            return ox.Store.read_only(str(snap))
        fd = _flock(ctl / "readers.lock", exclusive=False, wait=True)  # a first build: wait for it
    _READ_LOCKS[key] = fd
    return ox.Store.read_only(str(path))


def release_reads(path: Path | None = None) -> None:
    """Let builds write again: drop this process's read lock on ``path`` (or on every store)."""
    keys = [str(Path(path).resolve())] if path is not None else list(_READ_LOCKS)
    for key in keys:
        _unlock(_READ_LOCKS.pop(key, None))


class WriterLock:
    """The builder's side of the protocol: exclusive, fails fast when another build holds it."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.ctl = control_dir(self.path)
        self.writer: int | None = None
        self.readers: int | None = None

    def acquire(self) -> "WriterLock":
        try:
            self.ctl.mkdir(parents=True, exist_ok=True)
            self.writer = _flock(self.ctl / "writer.lock", exclusive=True, wait=False)
        except OSError as err:
            raise StoreError("E305", f"cannot create the store's lock files: {err.strerror or err}",
                             path=str(self.ctl), fix="check the permissions and free space of the folder") from err
        if self.writer is None:
            raise StoreError("E306", "another build is writing this store", path=str(self.path),
                             fix="wait for it to finish (or pass another --store)")
        return self

    def publish_snapshot(self, store: ox.Store) -> None:
        """Copy the store (as it is before this build writes) for readers to use while it builds."""
        import shutil

        existing = sorted((p for p in self.ctl.glob("snapshot-*") if p.name[9:].isdigit()), key=lambda p: int(p.name[9:]))
        n = int(existing[-1].name[9:]) + 1 if existing else 1
        snap = self.ctl / f"snapshot-{n}"
        if snap.exists():
            shutil.rmtree(snap)
        store.backup(str(snap))
        tmp = self.ctl / "current.tmp"
        tmp.write_text(snap.name, encoding="utf-8")
        tmp.replace(self.ctl / "current")
        for old in existing[:-1]:  # keep the one before: a reader may still have it open
            shutil.rmtree(old, ignore_errors=True)

    def exclude_readers(self, timeout: float = 120.0) -> None:
        """Wait (bounded) until readers that opened the store itself are done."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            self.readers = _flock(self.ctl / "readers.lock", exclusive=True, wait=False)
            if self.readers is not None:
                return
            if time.monotonic() > deadline:
                raise StoreError("E306", f"readers kept the store open for over {timeout:.0f} s", path=str(self.path),
                                 fix="stop the long-running query or serve process, then build again")
            time.sleep(0.05)

    def release(self) -> None:
        _unlock(self.readers)
        _unlock(self.writer)
        self.readers = self.writer = None
