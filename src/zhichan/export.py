"""Export: the store → one RDF file in a standard syntax, the format chosen by name or by the file's suffix.

Input: the store (read only) and extra quads (the VoID description, computed, not written). Output:
bytes in TriG, N-Quads (both keep the named graphs), Turtle, N-Triples or RDF/XML (the union of the
graphs: these syntaxes have no graphs), or JSON-LD compacted with ``ontology/context.jsonld`` (named
graphs as ``@graph`` objects; pyld expands it back to the same quads). Quads are sorted first, so
the same store gives the same bytes.

``ontology/context.jsonld`` is generated from the ontology (``context_from_ontology``): the zhichan
prefixes, and a term per zc property, object properties typed ``@id``. A test keeps the shipped
file equal to what the ontology gives.
"""
from __future__ import annotations

import difflib
import json
from pathlib import Path

import pyoxigraph as ox

from . import terms
from .errors import ZhichanError

FORMATS: dict[str, ox.RdfFormat] = {
    "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML,
}
# other names people type for the same formats
ALIASES = {"rdfxml": "xml", "rdf": "xml", "owl": "xml", "ttl": "turtle", "nt": "ntriples", "nq": "nquads",
           "json-ld": "jsonld", "n-quads": "nquads", "n-triples": "ntriples"}
SUFFIXES = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld",
            ".rdf": "xml", ".xml": "xml", ".owl": "xml"}
WITH_GRAPHS = ("trig", "nquads", "jsonld")


def format_name(name: str) -> str:
    """The canonical format name for a name or alias; an unknown name is E109 with the closest names."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key in FORMATS:
        return key
    known = sorted(FORMATS) + sorted(ALIASES)
    close = difflib.get_close_matches(key, known, n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise ZhichanError("E109", "unknown export format", value=name,
                       fix=f"{hint}use one of {', '.join(FORMATS)} (or the file suffix: {' '.join(SUFFIXES)})")


def choose_format(fmt: str | None, output: Path | None) -> str:
    """The format from ``--format`` and the output's suffix: either alone decides, and they must agree."""
    chosen = format_name(fmt) if fmt else None
    by_suffix = SUFFIXES.get(output.suffix.lower()) if output is not None else None
    if chosen and by_suffix and chosen != by_suffix:
        raise ZhichanError("E120", f"--format {fmt} disagrees with the file suffix {output.suffix}",
                           path=str(output), fix=f"drop --format (the suffix gives {by_suffix}), or name the file "
                           f"with a {chosen} suffix ({' '.join(s for s, f in SUFFIXES.items() if f == chosen)})")
    if chosen:
        return chosen
    if by_suffix:
        return by_suffix
    if output is not None:
        raise ZhichanError("E120", "cannot tell the format from the file name", path=str(output),
                           fix=f"use a suffix ({' '.join(SUFFIXES)}) or pass --format")
    return "trig"


def serialize(store: ox.Store, fmt: str, extra: list[ox.Quad] | None = None) -> bytes:
    """The whole dataset plus ``extra`` quads (the VoID graph of the store itself is left out)."""
    fmt = format_name(fmt)
    void_graph = ox.NamedNode(terms.VOID_GRAPH)
    quads = [q for q in store.quads_for_pattern(None, None, None, None) if q.graph_name != void_graph]
    quads = sorted(quads + list(extra or []), key=str)
    return serialize_quads(quads, fmt)


def serialize_quads(quads: list[ox.Quad], fmt: str) -> bytes:
    fmt = format_name(fmt)
    rdf_format = FORMATS[fmt]
    if fmt == "jsonld":
        return compact_jsonld(quads)
    if fmt not in WITH_GRAPHS:
        triples = sorted({q.triple for q in quads}, key=str)
        return ox.serialize(triples, format=rdf_format, prefixes=_prefixes(fmt)) or b""
    return ox.serialize(quads, format=rdf_format, prefixes=_prefixes(fmt)) or b""


def _prefixes(fmt: str) -> dict[str, str] | None:
    if fmt not in ("trig", "turtle", "xml"):
        return None
    # id: is left out: its local names hold slashes, which Turtle and TriG must escape (id:agency\/…)
    # and RDF/XML cannot use in element names
    return {p: ns for p, ns in terms.PREFIXES.items() if p != "id"}


# ---------------------------------------------------------------------------------------- JSON-LD
def context_path() -> Path:
    from .config import ontology_dir

    return ontology_dir() / "context.jsonld"


def load_context() -> dict:
    path = context_path()
    try:
        return json.loads(path.read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as err:
        raise ZhichanError("E310", f"cannot read the JSON-LD context: {err}", path=str(path),
                           fix="regenerate it: python -m zhichan.export --context > ontology/context.jsonld") from None


def context_from_ontology() -> dict:
    """The JSON-LD context: zhichan prefixes, and one term per zc property (object properties as @id)."""
    ctx: dict = {p: ns for p, ns in sorted(terms.PREFIXES.items())}
    kinds: dict[str, str] = {}
    for t in terms._triples():
        s = t.subject.value
        if t.predicate.value == terms.RDF + "type" and s.startswith(terms.ONTOLOGY_NS):
            if t.object.value == terms.OWL + "ObjectProperty":
                kinds[s[len(terms.ONTOLOGY_NS):]] = "object"
            elif t.object.value in (terms.OWL + "DatatypeProperty", terms.RDF + "Property"):
                kinds.setdefault(s[len(terms.ONTOLOGY_NS):], "data")
    for name, kind in sorted(kinds.items()):
        ctx[name] = {"@id": f"zc:{name}", "@type": "@id"} if kind == "object" else f"zc:{name}"
    return {"@context": ctx}


def compact_jsonld(quads: list[ox.Quad]) -> bytes:
    """JSON-LD compacted with the shipped context, the context written inline so the file stands alone."""
    from pyld import jsonld

    # graph by graph, so that each named graph is one object holding its nodes
    quads = sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    expanded = json.loads(ox.serialize(quads, format=ox.RdfFormat.JSON_LD) or b"[]")
    context = load_context()
    compacted = jsonld.compact(expanded, {"@context": context},
                               options={"documentLoader": _no_remote_documents, "graph": False})
    return (json.dumps(compacted, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _no_remote_documents(url, options=None):
    raise ZhichanError("E310", "a JSON-LD context was to be fetched from the network", value=url,
                       fix="zhichan writes its context inline; check ontology/context.jsonld")


if __name__ == "__main__":  # python -m zhichan.export --context > ontology/context.jsonld
    import sys

    if sys.argv[1:] == ["--context"]:
        sys.stdout.write(json.dumps(context_from_ontology(), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.exit("usage: python -m zhichan.export --context > ontology/context.jsonld")
