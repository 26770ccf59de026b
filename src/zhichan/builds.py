"""Build records: what a build says of itself in the store, and how a reader learns it.

Input: a store. Output: the last build's status and the sources it planned. A build is a
``prov:Activity`` in the graph ``id/graph/build``:

    <id/build/last> a prov:Activity ;
        schema:actionStatus schema:ActiveActionStatus ;      # Completed… when it finished, Failed… on an I/O error
        prov:used <file:///abs/path/of/each/planned/source> .
    <id/build/source/<doc-id>> schema:identifier "<doc-id>" ; zc:sourcePath "/abs/path" ; zc:sha256 "…" .

The record holds no clock time, so two builds of the same files in the same place give the same
sorted N-Quads. The build starts by writing the ``last`` node (status active, every planned
source), writes each document's graph together with its ``source`` node in one atomic update, and
ends by setting the status to completed. A store whose ``last`` build is active while no build holds
the store was killed mid-build: ``stats`` and ``validate`` report it and exit non-zero, and the next
``build`` extracts the sources it planned again (completing it).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

import pyoxigraph as ox

from . import terms
from .config import ID_BASE, ONTOLOGY_NS

BUILD_GRAPH = ox.NamedNode(terms.BUILD_GRAPH)
LAST = ox.NamedNode(f"{ID_BASE}build/last")
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
ACTIVE, COMPLETED, FAILED = (ox.NamedNode(f"{SCHEMA}{s}ActionStatus") for s in ("Active", "Completed", "Failed"))


def source_node(doc_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ID_BASE}build/source/{doc_id}")


def file_iri(path: Path) -> ox.NamedNode:
    return ox.NamedNode("file://" + quote(str(Path(path).resolve()), safe="/"))


def path_of(iri: str) -> Path:
    return Path(unquote(iri[len("file://"):]))


@dataclass
class BuildRecord:
    status: str | None = None  # "Active", "Completed", "Failed", or None: no build recorded
    planned: list[Path] = field(default_factory=list)

    @property
    def incomplete(self) -> bool:
        return self.status in ("Active", "Failed")


def last_build(store: ox.Store) -> BuildRecord:
    rows = list(store.quads_for_pattern(LAST, None, None, BUILD_GRAPH))
    if not rows:
        return BuildRecord()
    rec = BuildRecord()
    for q in rows:
        if q.predicate.value == f"{SCHEMA}actionStatus":
            rec.status = q.object.value[len(SCHEMA):-len("ActionStatus")]
        elif q.predicate.value == f"{PROV}used" and q.object.value.startswith("file://"):
            rec.planned.append(path_of(q.object.value))
    rec.planned.sort()
    return rec


def recorded_sources(store: ox.Store) -> dict[str, str]:
    """Document id → the absolute source path it was last built from."""
    out = {}
    prefix = f"{ID_BASE}build/source/"
    for q in store.quads_for_pattern(None, ox.NamedNode(f"{ONTOLOGY_NS}sourcePath"), None, BUILD_GRAPH):
        if q.subject.value.startswith(prefix):
            out[q.subject.value[len(prefix):]] = q.object.value
    return out


def begin_update(planned: list[Path]) -> str:
    """SPARQL Update that records a build as started, planning ``planned`` sources."""
    used = ", ".join(f"{file_iri(p)}" for p in planned)
    used_triple = f"; <{PROV}used> {used} " if planned else ""
    return (f"DELETE WHERE {{ GRAPH {BUILD_GRAPH} {{ {LAST} ?p ?o }} }} ;\n"
            f"INSERT DATA {{ GRAPH {BUILD_GRAPH} {{ {LAST} a <{PROV}Activity> ; <{SCHEMA}actionStatus> {ACTIVE} "
            f"{used_triple}. }} }}")


# The format of the derived data a completed build leaves (entity descriptions, label index, metric concepts,
# what zhichan.precomputed and zhichan.summaries write): the prepared queries read it, so a store built by an
# older zhichan answers some of them with missing rows. Raise it whenever that derived data changes.
# 2: metric concepts described in the entities graph, zc:sentenceFigure (2026-12).
STORE_FORMAT = 2


def format_update() -> str:
    """SPARQL Update that records the store format of this zhichan on the build record."""
    term = terms.zc("storeFormat")
    return (f"DELETE WHERE {{ GRAPH {BUILD_GRAPH} {{ {LAST} <{term}> ?f }} }} ;\n"
            f"INSERT DATA {{ GRAPH {BUILD_GRAPH} {{ {LAST} <{term}> {ox.Literal(STORE_FORMAT)} }} }}")


def store_format(store) -> int | None:
    """The store format its last completed build recorded: 1 for a build older than the record; None for a store
    no build made (quads loaded by hand, a test's store) or whose last build did not finish (E307 says so)."""
    if last_build(store).status != "Completed":
        return None
    for q in store.quads_for_pattern(LAST, ox.NamedNode(terms.zc("storeFormat")), None, BUILD_GRAPH):
        try:
            return int(q.object.value)
        except ValueError:
            return 1
    return 1


def outdated(store, where: str) -> str | None:
    """The coded line that says a store was built by an older zhichan (its prepared queries would miss rows),
    or None: current, or not made by a build."""
    from .errors import ZhichanError

    found = store_format(store)
    if found is None or found >= STORE_FORMAT:
        return None
    return str(ZhichanError("E309", f"the store was built by an older zhichan (store format {found}, this version "
                            f"reads {STORE_FORMAT}): some prepared queries will miss rows", path=where,
                            fix=f"build its documents again: zhichan build FILES --store {where} (each document is "
                                f"replaced; the store's graph {BUILD_GRAPH} records their files)"))


def status_update(status: ox.NamedNode) -> str:
    return (f"DELETE WHERE {{ GRAPH {BUILD_GRAPH} {{ {LAST} <{SCHEMA}actionStatus> ?s }} }} ;\n"
            f"INSERT DATA {{ GRAPH {BUILD_GRAPH} {{ {LAST} <{SCHEMA}actionStatus> {status} }} }}")


def source_triples(doc_id: str, path: Path, sha256: str) -> tuple[str, str]:
    """(DELETE WHERE part, triples) of a document's source node, written with its graph."""
    node = source_node(doc_id)
    return (f"DELETE WHERE {{ GRAPH {BUILD_GRAPH} {{ {node} ?p ?o }} }}",
            f"{node} <{SCHEMA}identifier> {ox.Literal(doc_id)} ; <{ONTOLOGY_NS}sourcePath> "
            f"{ox.Literal(str(Path(path).resolve()))} ; <{ONTOLOGY_NS}sha256> {ox.Literal(sha256)} .")
