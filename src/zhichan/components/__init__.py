"""The spaCy pipeline components, one module each (see ``zhichan.pipeline`` for their order).

Components hand each other what they found through declared extensions, listed in their factories'
``assigns``/``requires``: ``doc._.zhichan_meta`` (the document scope, set by ``pipeline.run``),
``doc.spans[...]`` with ``span._.entity`` / ``span._.figure`` / ``span._.name_source``, and
``doc._.zhichan_relations`` (the relations component's output).
"""
from spacy.tokens import Doc


def _register() -> None:
    for name in ("zhichan_meta", "zhichan_relations"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


_register()
