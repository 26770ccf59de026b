"""Check a graph against the SHACL shapes of ``ontology/shapes.ttl``.

Input: a ``pyoxigraph.Store`` (every named graph and the default graph, except the ontology graph,
read as one union), or any RDF already in an ``rdflib.Graph``. Output: a ``ValidationReport``, whose
``conforms`` is false when any shape reports a violation (warnings are listed but do not count),
and whose ``text()`` lists one line per problem: severity, focus node, property, message, offending
value and the shape that failed.

The shapes target core classes only (``zc:Agency`` …); a ``zc:Court`` is checked as an Agency
because the ontology files (``ontology/*.ttl`` except the shapes) are mixed into the data graph, and
SHACL follows ``rdfs:subClassOf`` in the data graph. The ontology comes from the files, not from the
store's ontology graph, so the check is always against the vocabulary of this checkout.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate
from rdflib.namespace import RDF, SH, XSD

from .config import ID_BASE, ONTOLOGY_IRI, ONTOLOGY_NS, ontology_dir
from .errors import ZhichanError

SHAPES_FILE = "shapes.ttl"

# Short forms for the report; the longest namespace that matches wins.
PREFIXES = {
    "id:": ID_BASE,
    "zc:": ONTOLOGY_NS,
    "zcsh:": "https://w3id.org/zhichan/shapes#",
    "rdf:": str(RDF),
    "rdfs:": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd:": str(XSD),
    "skos:": "http://www.w3.org/2004/02/skos/core#",
    "prov:": "http://www.w3.org/ns/prov#",
    "nif:": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "dcterms:": "http://purl.org/dc/terms/",
    "qb:": "http://purl.org/linked-data/cube#",
}
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result. Terms are given as N-Triples-style strings (``<iri>``, ``"x"@zh``)."""

    focus: str
    path: str | None
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    shape: str
    value: str | None = None

    def line(self) -> str:
        parts = [f"{self.severity:9}", _short(self.focus)]
        if self.path:
            parts.append(_short(self.path))
        parts.append(self.message)
        text = "  ".join(parts)
        if self.value is not None:
            text += f" (value: {_short(self.value)})"
        return f"{text}  [{_short(self.shape)}]"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "Violation"]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity != "Violation"]

    def text(self) -> str:
        head = (f"{'conforms' if self.conforms else 'does not conform'}: {self.triples} triples, "
                f"{len(self.errors)} violation(s), {len(self.warnings)} warning(s)")
        return "\n".join([head, *(v.line() for v in self.violations)]) + "\n"


# ---------------------------------------------------------------- loading the shapes and the ontology

@lru_cache(maxsize=4)
def _load(folder: str, mtimes: tuple) -> tuple[rdflib.Graph, rdflib.Graph]:
    # mtimes is part of the cache key only: an edited file is read again
    shapes, ontology = rdflib.Graph(), rdflib.Graph()
    for path in sorted(Path(folder).glob("*.ttl")):
        try:
            (shapes if path.name == SHAPES_FILE else ontology).parse(path, format="turtle")
        except Exception as err:  # rdflib raises several kinds of syntax errors
            raise ZhichanError("E401", f"cannot read the Turtle file: {err}", path=str(path),
                               fix="correct the syntax (check it with `riot --validate` or rdflib)") from err
    return shapes, ontology


def load_shapes_and_ontology(folder: Path | None = None) -> tuple[rdflib.Graph, rdflib.Graph]:
    """The shapes graph (``shapes.ttl``) and the ontology graph (every other ``*.ttl``) of ``folder``.

    The graphs are cached and shared: do not modify them.
    """
    folder = Path(folder) if folder is not None else ontology_dir()
    files = sorted(folder.glob("*.ttl"))
    if not (folder / SHAPES_FILE).is_file():
        raise ZhichanError("E401", "no SHACL shapes file", path=str(folder / SHAPES_FILE),
                           fix="run from a zhichan checkout, or set ZHICHAN_HOME to one")
    return _load(str(folder), tuple((p.name, p.stat().st_mtime_ns) for p in files))


# ---------------------------------------------------------------- pyoxigraph → rdflib

def _term(term) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # RDF 1.1: a simple literal is an xsd:string; rdflib keeps them apart, and its Turtle parser
        # (which reads the shapes' sh:in lists) gives simple literals, so do the same here
        if datatype == str(XSD.string):
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
    raise TypeError(f"cannot convert RDF term {term!r} (RDF-star triple terms are not used by zhichan)")


def store_graph(store: ox.Store) -> rdflib.Graph:
    """The union of every graph of ``store`` except the ontology graph, as an rdflib ``Graph``."""
    graph = rdflib.Graph()
    skip = ox.NamedNode(ONTOLOGY_IRI)
    cache: dict = {}

    def conv(t):
        # entity IRIs repeat in every graph that mentions them: convert each term once
        got = cache.get(t)
        if got is None:
            got = cache[t] = _term(t)
        return got

    add = graph.add
    for quad in store.quads_for_pattern(None, None, None, None):
        if quad.graph_name == skip:
            continue
        add((conv(quad.subject), conv(quad.predicate), conv(quad.object)))
    return graph


# ---------------------------------------------------------------- validation

def validate_store(store: ox.Store, *, ontology: Path | None = None) -> ValidationReport:
    """Validate everything in ``store`` (all graphs but the ontology graph) against the shapes."""
    return _validate(store_graph(store), ontology, inplace=True)


def validate_graph(graph: rdflib.Graph, *, ontology: Path | None = None) -> ValidationReport:
    """Validate an rdflib graph (left unchanged) against the shapes."""
    return _validate(graph, ontology, inplace=False)


def _validate(graph: rdflib.Graph, ontology: Path | None, *, inplace: bool) -> ValidationReport:
    shapes, ont = load_shapes_and_ontology(ontology)
    triples = len(graph)
    _, results, _ = shacl_validate(
        # advanced: the SPARQL-based checks select their offenders with SHACL-AF SPARQL targets
        graph, shacl_graph=shapes, ont_graph=ont, inference="none", advanced=True,
        allow_warnings=True, allow_infos=True, inplace=inplace, meta_shacl=False,
    )
    violations = _violations(results)
    return ValidationReport(conforms=not any(v.severity == "Violation" for v in violations),
                            violations=violations, triples=triples)


def _violations(results: rdflib.Graph) -> list[Violation]:
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        def one(prop):
            return results.value(result, prop)

        severity = one(SH.resultSeverity)
        path = one(SH.resultPath)
        value = one(SH.value)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        shape = one(SH.sourceShape)
        out.append(Violation(
            focus=_n3(one(SH.focusNode)),
            path=_n3(path) if isinstance(path, rdflib.URIRef) else (None if path is None else "(complex path)"),
            message="; ".join(messages) or f"failed {_n3(one(SH.sourceConstraintComponent))}",
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            shape=_n3(shape) if isinstance(shape, rdflib.URIRef) else "(anonymous shape)",
            value=None if value is None else _n3(value),
        ))
    return sorted(set(out), key=lambda v: (SEVERITY_ORDER.get(v.severity, 9), v.focus, v.path or "",
                                            v.shape, v.value or "", v.message))


def _n3(term) -> str:
    if term is None:
        return ""
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    return term.n3()


def _short(text: str) -> str:
    """``<https://w3id.org/zhichan/ontology#Place>`` → ``zc:Place`` for the readable listing."""
    if text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
        best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
        if best is not None:
            prefix = next(p for p, ns in PREFIXES.items() if ns == best)
            return prefix + iri[len(best):]
    return text
