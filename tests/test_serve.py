"""zhichan serve: a read-only SPARQL endpoint on loopback over a snapshot of the store (bounded, local only)."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

SERVER = Path(sys.executable).parent / "oxigraph"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not SERVER.exists(), reason="the oxigraph server (pip install oxigraph) is not installed")
def test_serve_answers_sparql_and_refuses_updates(seed_store):
    port = _free_port()
    cli = Path(sys.executable).parent / "zhichan"
    proc = subprocess.Popen([str(cli), "serve", "--store", str(seed_store), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a <https://w3id.org/zhichan/ontology#Document> } }"
        url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": query})
        body = None
        for _ in range(100):  # at most ~20 s for the server to come up
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/csv"}), timeout=2) as r:
                    body = r.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None and body.splitlines()[1].strip() == "3"
        update = urllib.request.Request(f"http://127.0.0.1:{port}/update", data=b"update=DROP ALL", method="POST",
                                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(update, timeout=5)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
