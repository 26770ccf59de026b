"""The web front: a SPARQL 1.1 endpoint, linked-data pages, prepared-query forms and a graph view.

Input: a store built by ``zhichan build`` (read through a snapshot, see ``serve.snapshot``). Output:
HTTP answers — SPARQL results, RDF descriptions of every minted IRI, HTML pages rendered from the
Jinja2 templates of ``templates/`` with the JavaScript libraries vendored under ``static/vendor/``.

``zhichan serve`` calls ``serve.run``; ``app.create_app`` builds the ASGI application for tests and
embedding. User SPARQL (the endpoint and the prepared-query forms) runs in worker processes that are
killed at the time-out (``workers``); the pages' own bounded queries run in the server process.
"""
