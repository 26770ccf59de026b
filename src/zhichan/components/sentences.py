"""Pipeline component ``zhichan_sentences``: a Doc → sentence boundaries.

Input: a character-segmented ``Doc``. Output: ``token.is_sent_start`` set after 。！？!? and at line
breaks (headings and list items are sentences of their own). Semicolons stay inside a sentence,
because reports chain one actor's clauses with ；.
"""
from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

ENDERS = set("。!?！？")


@Language.factory("zhichan_sentences", assigns=["token.is_sent_start"], requires=[])
def make_sentences(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        # one array write: assigning token.is_sent_start one by one re-checks the whole doc each time
        starts = numpy.full((len(doc), 1), numpy.iinfo("uint64").max, dtype="uint64")  # -1: not a start
        for i, token in enumerate(doc):
            if i == 0:
                starts[i, 0] = 1
                continue
            prev = doc[i - 1].text
            if prev and (prev[-1] in ENDERS or "\n" in prev) and not token.is_space:
                starts[i, 0] = 1
        return doc.from_array([SENT_START], starts) if len(doc) else doc

    return component
