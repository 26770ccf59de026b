"""Generate the ontology's documentation with pyLODE, one page per language.

Input: ``ontology/zhichan.ttl``. Output: ``docs/ontology/en.html`` and ``docs/ontology/zh.html``.
pyLODE shows every label and comment of a term, so a page made from the file as it is runs the
languages together ("法院court"); each page is therefore made from a copy of the ontology that keeps
only the literals in its language (and those without a language tag).

    pip install 'zhichan[docs]'   # pyLODE
    python docs/ontology_docs.py  # run by .ci/run
"""
from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, Literal

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("en", "zh")


def one_language(graph: Graph, lang: str) -> Graph:
    """A copy of ``graph`` without the literals tagged with another language."""
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns)
    for s, p, o in graph:
        if isinstance(o, Literal) and o.language and o.language.split("-")[0].lower() != lang:
            continue
        out.add((s, p, o))
    return out


def main(out_dir: Path = ROOT / "docs" / "ontology") -> list[Path]:
    from pylode import OntPub

    graph = Graph().parse(ROOT / "ontology" / "zhichan.ttl", format="turtle")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in LANGUAGES:
        page = out_dir / f"{lang}.html"
        OntPub(ontology=one_language(graph, lang), sort_subjects=True).make_html(destination=page)
        written.append(page)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "ontology"):
        print(f"wrote {path}")
