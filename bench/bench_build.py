"""Benchmark: extraction speed, store write speed and peak memory on copies of the bundled corpus.

    .venv/bin/python bench/bench_build.py [--copies 20]

Prints characters per second through the pipeline, quads per second into the store, query latency of
a prepared-style query, and the peak resident memory of the process. Figures, not assertions: compare
them across changes on the same machine.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from zhichan.config import corpus_dir
from zhichan.extraction import extract_file
from zhichan.rdf import extraction_quads, graph_iri
from zhichan.store import ontology_quads, ONTOLOGY_GRAPH, open_store, replace_graph


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--copies", type=int, default=20, help="how many copies of each corpus document")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="zhichan-bench-"))
    docs = []
    for src in sorted(corpus_dir().glob("*.txt")):
        for i in range(args.copies):
            dst = tmp / "docs" / f"{src.stem}-{i:03d}.txt"
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, dst)
            docs.append(dst)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in docs)
    extract_file(docs[0])  # warm caches (rules, gazetteer, jieba dictionary)
    t0 = time.perf_counter()
    extractions = [extract_file(p) for p in docs]
    t1 = time.perf_counter()
    quads = [extraction_quads(x) for x in extractions]
    t2 = time.perf_counter()
    store = open_store(tmp / "store")
    replace_graph(store, ONTOLOGY_GRAPH, ontology_quads())
    for x, q in zip(extractions, quads):
        replace_graph(store, graph_iri(x.document.id), q)
    store.flush()
    t3 = time.perf_counter()
    n = sum(len(q) for q in quads)
    q = """PREFIX zc: <https://w3id.org/zhichan/ontology#>
    SELECT ?metric (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?o a zc:Observation ; zc:metric ?metric } } GROUP BY ?metric"""
    t4 = time.perf_counter()
    rows = list(store.query(q))
    t5 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents            {len(docs)} ({chars} characters)")
    print(f"extraction           {chars / (t1 - t0):,.0f} chars/s  ({(t1 - t0) / len(docs) * 1000:.0f} ms/document)")
    print(f"models → quads       {n / (t2 - t1):,.0f} quads/s")
    print(f"store writes         {n / (t3 - t2):,.0f} quads/s  ({n} quads, one atomic update per document)")
    print(f"aggregate query      {(t5 - t4) * 1000:.0f} ms ({len(rows)} rows)")
    print(f"peak memory          {peak:,.0f} MiB")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
