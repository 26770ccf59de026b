"""Stage 2: normalised text → a spaCy ``Doc`` carrying sentences, names, relations and figures.

Input: the normalised text of a document and its metadata (city, district, province, year).
Output: a ``Doc`` with ``doc.spans["zhichan_entities"]``, ``doc.spans["zhichan_figures"]`` and
``doc._.zhichan_relations``. The pipeline is ``spacy.blank("zh")`` (character
segmentation: no trained model is needed or downloaded) plus our components, one module each.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from .components import entities, figures, names, relations, sentences  # noqa: F401  (registers the factories)

COMPONENTS = ["zhichan_sentences", "zhichan_names", "zhichan_entities", "zhichan_relations", "zhichan_figures"]


@lru_cache(maxsize=2)
def build_pipeline(rules_dir: str | None = None) -> Language:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe("zhichan_sentences")
    nlp.add_pipe("zhichan_names", config={"rules_dir": rules_dir})
    nlp.add_pipe("zhichan_entities", config={"rules_dir": rules_dir})
    nlp.add_pipe("zhichan_relations", config={"rules_dir": rules_dir})
    nlp.add_pipe("zhichan_figures", config={"rules_dir": rules_dir})
    return nlp


def run(text: str, meta: dict, rules_dir: str | None = None):
    nlp = build_pipeline(rules_dir)
    doc = nlp.make_doc(text)
    doc._.zhichan_meta = dict(meta)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
