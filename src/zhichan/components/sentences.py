"""Pipeline component ``zhichan_sentences``: a Doc → sentence boundaries.

Input: a character-segmented ``Doc``. Output: ``token.is_sent_start`` set after 。！？!? and at line
breaks (headings and list items are sentences of their own). Semicolons stay inside a sentence,
because reports chain one actor's clauses with ；.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

ENDERS = set("。!?！？")


@Language.factory("zhichan_sentences", assigns=["token.is_sent_start"], requires=[])
def make_sentences(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        for i, token in enumerate(doc):
            if i == 0:
                token.is_sent_start = True
                continue
            prev = doc[i - 1].text
            token.is_sent_start = bool(prev and (prev[-1] in ENDERS or "\n" in prev)) and not token.is_space
        return doc

    return component
