"""The scale benchmark: one command, every figure of docs/scale.md side by side.

    .venv/bin/python bench/scale.py [--work /tmp/zc-bench] [--docs 345] [--small 35] [--runs 15]

Stages (each reuses what an earlier run left in ``--work``):

1. corpus: ``bench/make_corpus.py`` writes ``--docs`` variants of the bundled documents (other
   cities' names and numbers) to WORK/corpus;
2. extraction: ``bench/extract_cache.py`` extracts each once into WORK/nq/<doc>.nq and logs its CPU
   time; the figure printed is characters per CPU second, beside bare ``spacy.blank("zh")`` on the
   same texts;
3. store writes: the quads of the first ``--small`` documents and of all of them, written by
   ``write_documents`` (bulk path, fresh store, entities graph included), by ``replace_document``
   (one atomic update per document), and by ``Store.bulk_load`` of the same quads as N-Quads;
4. queries: every prepared query with its defaults, ``--runs`` times after one warm-up, median and
   95th percentile, on the small (~100 k quads) and the large (~1 M quads) store; and the same
   query text in rdflib on the small store (one run, capped by ``--rdflib-timeout``). Each query
   runs in a child process with a time limit (``--timeout``), so one slow query cannot stall the
   run; a query over the limit prints as ``>LIMIT``.

Figures, not assertions: compare them across changes on the same machine.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _docs(nq: Path, n: int | None = None) -> list[Path]:
    files = sorted(nq.glob("*.nq"))
    # interleave the three source documents, as make_corpus numbers them
    files.sort(key=lambda p: p.stem.rsplit("-v", 1)[-1])
    return files[:n] if n else files


def build(nq: Path, n: int | None, target: Path) -> dict:
    """Write the quads of n documents into a fresh store at ``target``; timings of the three write paths."""
    import shutil

    import pyoxigraph as ox

    from zhichan.store import ENTITIES_GRAPH, replace_document, write_documents

    docs = []
    for p in _docs(nq, n):
        quads = list(ox.parse(path=str(p), format=ox.RdfFormat.N_QUADS))
        docs.append((quads[0].graph_name, quads))
    shutil.rmtree(target, ignore_errors=True)
    st = ox.Store(str(target))
    t0 = time.perf_counter()
    written = write_documents(st, docs, fresh=True)
    st.flush()
    t_bulk = time.perf_counter() - t0
    every = list(st.quads_for_pattern(None, None, None, None))
    data = ox.serialize(every, format=ox.RdfFormat.N_QUADS)
    shutil.rmtree(target.with_name(target.name + "-load"), ignore_errors=True)
    ref = ox.Store(str(target.with_name(target.name + "-load")))
    t0 = time.perf_counter()
    ref.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    ref.flush()
    t_load = time.perf_counter() - t0
    del ref
    shutil.rmtree(target.with_name(target.name + "-load"), ignore_errors=True)
    upd = ox.Store()
    sample = docs[: min(len(docs), 40)]
    t0 = time.perf_counter()
    for g, quads in sample:
        replace_document(upd, g, quads)
    t_upd = time.perf_counter() - t0
    n_upd = sum(len(q) for _, q in sample)
    return {"documents": len(docs), "quads": len(st), "entities_graph": len(list(
        st.quads_for_pattern(None, None, None, ENTITIES_GRAPH))), "written": written,
            "write_documents_qps": written / t_bulk, "bulk_load_qps": len(every) / t_load,
            "replace_document_qps": n_upd / t_upd}


def time_query(store: str, name: str, runs: int) -> dict:
    import pyoxigraph as ox

    from zhichan import queries as Q

    st = ox.Store.read_only(store)
    q = Q.get(name)
    times = []
    rows = len(Q.run(st, q, {}))
    for _ in range(runs):
        t0 = time.perf_counter()
        Q.run(st, q, {})
        times.append(time.perf_counter() - t0)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return {"median": statistics.median(times) * 1000, "p95": p95 * 1000, "rows": rows}


def time_rdflib(store: str, name: str) -> dict:
    import pyoxigraph as ox
    import rdflib

    from zhichan import queries as Q

    st = ox.Store.read_only(store)
    data = ox.serialize(st.quads_for_pattern(None, None, None, None), format=ox.RdfFormat.N_QUADS)
    ds = rdflib.Dataset()
    ds.parse(data=data.decode("utf-8"), format="nquads")
    q = Q.get(name)
    subs = Q.bind(q, {})
    init = {rdflib.Variable(v.value): (rdflib.URIRef(t.value) if isinstance(t, ox.NamedNode) else
                                       rdflib.Literal(t.value, lang=t.language,
                                                      datatype=None if t.language else rdflib.URIRef(t.datatype.value)))
            for v, t in subs.items()}
    t0 = time.perf_counter()
    n = len(list(ds.query(q.text, initBindings=init)))
    return {"median": (time.perf_counter() - t0) * 1000, "rows": n}


def _child(args: list[str], timeout: float) -> dict | None:
    try:
        out = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], capture_output=True,
                             text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as err:
        return {"error": err.stderr.strip().splitlines()[-1] if err.stderr.strip() else "failed"}
    return json.loads(out.stdout)


def spacy_blank_rate(corpus: Path, limit: int) -> float:
    import spacy

    nlp = spacy.blank("zh")
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))[:limit]]
    nlp(texts[0])
    t0 = time.process_time()
    for t in texts:
        nlp(t)
    return sum(map(len, texts)) / (time.process_time() - t0)


def _fmt(r: dict | None, limit: float) -> str:
    if r is None:
        return f">{limit:.0f}s"
    if "error" in r:
        return "error"
    return f"{r['median']:.0f}/{r['p95']:.0f}" if "p95" in r else f"{r['median']:.0f}"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/zc-bench"))
    ap.add_argument("--docs", type=int, default=345)
    ap.add_argument("--small", type=int, default=35, help="documents of the small store (~100 k quads)")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per query (all runs)")
    ap.add_argument("--rdflib-timeout", type=float, default=120.0)
    ap.add_argument("--no-rdflib", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated query names")
    ap.add_argument("--skip-build", action="store_true", help="reuse WORK/store-small and WORK/store-large")
    ap.add_argument("--time-query", nargs=3, metavar=("STORE", "NAME", "RUNS"), help=argparse.SUPPRESS)
    ap.add_argument("--time-rdflib", nargs=2, metavar=("STORE", "NAME"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.time_query:
        print(json.dumps(time_query(args.time_query[0], args.time_query[1], int(args.time_query[2]))))
        return
    if args.time_rdflib:
        print(json.dumps(time_rdflib(*args.time_rdflib)))
        return

    from zhichan import queries as Q

    work, corpus, nq = args.work, args.work / "corpus", args.work / "nq"
    if len(list(corpus.glob("*.txt"))) < args.docs:
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--docs", str(args.docs), "--out", str(corpus)],
                       check=True)
    subprocess.run([sys.executable, str(HERE / "extract_cache.py"), str(corpus), str(nq)], check=True)
    timing = [line.split("\t") for line in (nq / "timing.tsv").read_text().splitlines()[1:]]  # first: warm-up
    chars, cpu = sum(int(t[1]) for t in timing), sum(float(t[2]) for t in timing)
    print(f"extraction            {chars / cpu:>12,.0f} chars/CPU-s  ({len(timing)} documents, {cpu / len(timing) * 1000:.0f} ms CPU each)")
    blank = spacy_blank_rate(corpus, 60)
    print(f"spacy.blank('zh')     {blank:>12,.0f} chars/CPU-s  (extraction is {chars / cpu / blank:.1%} of it)")

    small, large = work / "store-small", work / "store-large"
    if not args.skip_build:
        for label, n, target in (("small", args.small, small), ("large", args.docs, large)):
            b = build(nq, n, target)
            print(f"store {label:<5} {b['documents']:>4} docs {b['quads']:>9,} quads ({b['entities_graph']:,} in the entities graph)")
            print(f"  write_documents (bulk, fresh)   {b['write_documents_qps']:>10,.0f} quads/s  "
                  f"= {b['write_documents_qps'] / b['bulk_load_qps']:.0%} of bulk_load")
            print(f"  bulk_load of the same quads     {b['bulk_load_qps']:>10,.0f} quads/s")
            print(f"  replace_document (atomic each)  {b['replace_document_qps']:>10,.0f} quads/s")
    names = [q.name for q in Q.discover()]
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    print(f"\n{'query (ms, median/p95)':<26} {'~100k':>10} {'~1M':>12} {'ratio':>6} {'rdflib 100k':>12} {'x':>7}")
    for name in names:
        if name == "wikidata-places":
            continue  # SERVICE to the network: not a local figure
        rs = _child(["--time-query", str(small), name, str(args.runs)], args.timeout)
        rl = _child(["--time-query", str(large), name, str(args.runs)], args.timeout)
        rr = None if args.no_rdflib else _child(["--time-rdflib", str(small), name], args.rdflib_timeout)
        ratio = f"{rl['p95'] / max(rs['p95'], 0.1):.1f}" if rs and rl and "p95" in rs and "p95" in rl else "-"
        vs = f"{rr['median'] / max(rs['median'], 0.1):.0f}" if rr and rs and "median" in rr and "median" in rs else "-"
        rdf = "skipped" if args.no_rdflib else _fmt(rr, args.rdflib_timeout)
        print(f"{name:<26} {_fmt(rs, args.timeout):>10} {_fmt(rl, args.timeout):>12} {ratio:>6} {rdf:>12} {vs:>7}",
              flush=True)


if __name__ == "__main__":
    main()
