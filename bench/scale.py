"""The scale benchmark: one command, every figure of docs/scale.md side by side.

    .venv/bin/python bench/scale.py [--work /tmp/zc-bench] [--docs 345] [--large-quads 1000000] [--runs 15]

Stages (each reuses what an earlier run left in ``--work``):

1. corpus: ``bench/make_corpus.py`` writes ``--docs`` variants of the bundled documents (other
   cities' names and numbers) to WORK/corpus;
2. extraction: ``bench/extract_cache.py`` extracts each once into WORK/nq/<doc>.nq and logs its CPU
   time; the figure printed is characters per CPU second, beside bare ``spacy.blank("zh")`` on the
   same texts;
3. store writes: the quads of the first documents that make about ``--small-quads`` (100 k) and
   ``--large-quads`` (1 M) quads in a store (``--small``/``--docs`` documents when they are 0), written by
   ``write_documents`` (bulk path, fresh store, entities graph included), by ``replace_document``
   (one atomic update per document), and by ``Store.bulk_load`` of the same quads as N-Quads;
4. queries: every prepared query with its defaults, ``--runs`` times after one warm-up, median and
   95th percentile, on the small (~100 k quads) and the large (~1 M quads) store; and the same
   query text in rdflib on the small store: one child per query parses the store's N-Quads once
   (not timed), then runs the query ``--rdflib-runs`` times within ``--rdflib-timeout`` seconds;
   the ratio column is rdflib's median over Oxigraph's, ``>N`` when rdflib ran past its limit. Each
   query runs in a child process with a time limit (``--timeout``), so one slow query cannot stall
   the run; a query over the limit prints as ``>LIMIT``;
5. memory: ``zhichan build --jobs 1`` (the CLI, a child process) of the first N documents of
   make_corpus at two sizes (``--memory-docs 300,3000``), peak resident memory and the ratio;
6. jobs: ``zhichan build`` of ``--jobs-docs`` documents with ``--jobs 1`` and ``--jobs 2`` on fresh
   stores: wall time, CPU seconds of every process of the build, and the machine's CPU count and load.

``--stages`` runs some of them (e.g. ``--stages queries --no-large --only documents``);
``--name-model none`` makes the measured builds faster (no LAC).

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


def docs_for_quads(nq: Path, quads: int, entities_share: float = 0.2) -> int:
    """The number of documents (in ``_docs`` order) whose store holds about ``quads`` quads: their document
    graphs' quads (one N-Quads line each) plus the entities graph, ~20 % of a store (19-22 % measured at
    0.16-1.5 M quads)."""
    total = 0
    files = _docs(nq)
    for n, p in enumerate(files, 1):
        with p.open("rb") as fh:
            total += sum(1 for _ in fh)
        if total / (1 - entities_share) >= quads:
            return n
    return len(files)


def build(nq: Path, n: int | None, target: Path) -> dict:
    """Write the quads of n documents into a fresh store at ``target``; timings of the three write paths."""
    import shutil

    import pyoxigraph as ox

    from zhichan.store import ENTITIES_GRAPH, gazetteer_graph_quads, ontology_quads, replace_document, write_documents

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
    # the reference graphs a build adds (the queries that climb the area hierarchy read the gazetteer)
    st.extend(ontology_quads())
    st.extend(gazetteer_graph_quads(st))
    st.optimize()  # as a build ends
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


def _to_rdflib(term):
    import pyoxigraph as ox
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return rdflib.Literal(term.value)  # as rdflib parses "…" in N-Quads: a typed xsd:string would not match
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def time_rdflib(nquads: str, name: str, runs: int, limit: float) -> dict:
    """One prepared query in rdflib: the store's N-Quads parsed once, then up to ``runs`` runs within ``limit`` s.

    The parameters are bound as ``Q.run`` binds them (defaults, derived ``?…Gram`` values, a label
    resolved to IRIs by the same look-up, run in rdflib), and the default graph is the union of the
    named graphs, as in the Oxigraph runs; the rows are counted after the same de-duplication.
    """
    import signal

    import pyoxigraph as ox
    import rdflib

    from zhichan import queries as Q

    t0 = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(nquads, format="nquads")
    parse = time.perf_counter() - t0
    q = Q.get(name)
    subs = Q.bind(q, {})
    for var, term in Q.derived_substitutions(q, subs).items():
        subs[ox.Variable(var)] = term
    bindings = [{rdflib.Variable(v.value): _to_rdflib(t) for v, t in subs.items()}]
    for var in q.resolve:
        term = bindings[0].get(rdflib.Variable(var))
        if isinstance(term, rdflib.Literal):
            iris = [row[0] for row in ds.query(Q.RESOLVE_QUERY, initBindings={rdflib.Variable("label"): term})]
            if iris:
                bindings = [{**b, rdflib.Variable(var): iri} for b in bindings for iri in iris]

    def once() -> int:
        got: list = []
        for b in bindings:
            result = ds.query(q.text, initBindings=b)
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                got.extend(result.graph)
            elif result.type == "ASK":
                got.append(bool(result.askAnswer))
            else:
                got.extend(tuple(map(str, row)) for row in result)
        # several resolved IRIs: Q.run merges their answers without repeats
        return len(got) if len(bindings) == 1 else len(set(got))

    def over(signum, frame):
        raise TimeoutError

    times, rows = [], None
    signal.signal(signal.SIGALRM, over)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        for _ in range(runs):
            t0 = time.perf_counter()
            rows = once()
            times.append(time.perf_counter() - t0)
    except TimeoutError:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    out = {"parse": parse, "runs": len(times)}
    if times:
        out.update(median=statistics.median(times) * 1000, max=max(times) * 1000, rows=rows)
    return out


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
    if "runs" in r and not r["runs"]:
        return f">{limit:.0f}s"
    return f"{r['median']:.0f}/{r['p95']:.0f}" if "p95" in r else f"{r['median']:.0f}"


# ------------------------------------------------------------------ builds through the CLI

def _subreaper() -> None:
    """Orphans of a measured build (multiprocessing's forkserver, which reaped the workers, and its
    resource tracker) are re-parented to this process, so that their CPU time and peak memory are
    counted: without it they go to init and a parallel build looks almost free."""
    import ctypes

    PR_SET_CHILD_SUBREAPER = 36
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def measure_build(corpus: Path, store: Path, jobs: int, model: str | None, log: Path) -> dict:
    """``zhichan build CORPUS --store STORE --jobs N`` in a child process on a fresh store.

    Returns wall seconds, CPU seconds (user + system of the build and every process it started) and
    peak resident memory: of the build process itself (``rss``, its own ``ru_maxrss``, where the
    writer runs) and the largest of any process of the build (``rss_any``, e.g. a worker).
    """
    import os
    import shutil

    _subreaper()
    for p in (store, store.with_name(store.name + ".run")):
        shutil.rmtree(p, ignore_errors=True)
    env = dict(os.environ)
    if model:
        env["ZHICHAN_NAME_MODEL"] = model
    cmd = [str(Path(sys.executable).with_name("zhichan")), "build", str(corpus), "--store", str(store),
           "--jobs", str(jobs)]
    with log.open("w", encoding="utf-8") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    usages = [ru]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # the orphans exit once the build has gone
        try:
            pid, _, r = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            usages.append(r)
        else:
            time.sleep(0.05)
    if proc.returncode:
        tail = log.read_text(encoding="utf-8").strip().splitlines()
        raise SystemExit(f"the build failed ({' '.join(cmd)}): {tail[-1] if tail else proc.returncode}")
    docs = len([x for x in corpus.iterdir() if x.suffix == ".txt"])
    return {"wall": wall, "cpu": sum(u.ru_utime + u.ru_stime for u in usages), "rss": ru.ru_maxrss / 1024,
            "rss_any": max(u.ru_maxrss for u in usages) / 1024, "docs": docs}


def corpus_of(work: Path, n: int) -> Path:
    """WORK/corpus-N: the first N documents of make_corpus (written once, then reused)."""
    folder = work / f"corpus-{n}"
    if len(list(folder.glob("*.txt"))) != n:
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--docs", str(n), "--out", str(folder)],
                       check=True, stdout=subprocess.DEVNULL)
    return folder


def _cpus() -> str:
    import os

    load = os.getloadavg()
    return f"{len(os.sched_getaffinity(0))} CPUs, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"


def stage_memory(args) -> None:
    small, large = args.memory_docs
    rows = {}
    for n in (small, large):
        corpus = corpus_of(args.work, n)
        rows[n] = measure_build(corpus, args.work / f"build-{n}", args.memory_jobs, args.name_model,
                                args.work / f"build-{n}.log")
        r = rows[n]
        print(f"build {n:>5} docs, --jobs {args.memory_jobs}  peak {r['rss']:>7,.0f} MiB (largest process "
              f"{r['rss_any']:,.0f} MiB)  {r['wall']:.0f} s wall, {r['cpu'] / n * 1000:.0f} ms CPU/doc", flush=True)
    print(f"  peak memory {large} vs {small} documents: {rows[large]['rss'] / rows[small]['rss']:.2f}x "
          f"(target <= 1.3)  [{_cpus()}]")


def stage_jobs(args) -> None:
    corpus = corpus_of(args.work, args.jobs_docs)
    rows = {}
    for jobs in (1, 2):
        rows[jobs] = r = measure_build(corpus, args.work / f"jobs-{jobs}", jobs, args.name_model,
                                       args.work / f"jobs-{jobs}.log")
        print(f"build {args.jobs_docs:>5} docs, --jobs {jobs}  {r['wall']:>6.1f} s wall  {r['cpu']:>6.1f} s CPU "
              f"({r['cpu'] / r['docs'] * 1000:.0f} ms CPU/doc)  peak {r['rss_any']:,.0f} MiB", flush=True)
    print(f"  --jobs 2 vs --jobs 1: {rows[1]['wall'] / rows[2]['wall']:.2f}x wall (target >= 1.7 on two idle cores), "
          f"CPU per document {rows[2]['cpu'] / rows[1]['cpu']:.2f}x  [{_cpus()}]")


# ------------------------------------------------------------------ the run

STAGES = ("extract", "store", "queries", "memory", "jobs")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/zc-bench"))
    ap.add_argument("--docs", type=int, default=345)
    ap.add_argument("--small", type=int, default=35, help="documents of the small store when --small-quads is 0")
    ap.add_argument("--small-quads", type=int, default=100_000,
                    help="size of the small store: the first documents that make about this many quads (0: --small)")
    ap.add_argument("--large-quads", type=int, default=1_000_000,
                    help="size of the large store: the first documents that make about this many quads (0: all "
                         "--docs documents)")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per query (all runs)")
    ap.add_argument("--rdflib-runs", type=int, default=3)
    ap.add_argument("--rdflib-timeout", type=float, default=120.0,
                    help="seconds of rdflib query runs per query (the parse of the store is not counted)")
    ap.add_argument("--no-rdflib", action="store_true")
    ap.add_argument("--no-large", action="store_true", help="queries on the small store only")
    ap.add_argument("--only", default="", help="comma-separated query names")
    ap.add_argument("--stages", default=",".join(STAGES),
                    help=f"comma-separated stages to run, of {','.join(STAGES)} (default: all)")
    ap.add_argument("--skip-build", action="store_true", help="reuse WORK/store-small and WORK/store-large")
    ap.add_argument("--memory-docs", type=lambda v: tuple(int(x) for x in v.split(",")), default=(300, 3000),
                    metavar="SMALL,LARGE", help="corpus sizes of the peak-memory builds (default: 300,3000)")
    ap.add_argument("--memory-jobs", type=int, default=1, help="--jobs of the peak-memory builds (default: 1)")
    ap.add_argument("--jobs-docs", type=int, default=120, help="corpus size of the --jobs 1 / --jobs 2 builds")
    ap.add_argument("--name-model", default=None,
                    help="ZHICHAN_NAME_MODEL of the measured builds (default: the pipeline's, lac)")
    ap.add_argument("--time-query", nargs=3, metavar=("STORE", "NAME", "RUNS"), help=argparse.SUPPRESS)
    ap.add_argument("--time-rdflib", nargs=4, metavar=("NQUADS", "NAME", "RUNS", "LIMIT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.time_query:
        print(json.dumps(time_query(args.time_query[0], args.time_query[1], int(args.time_query[2]))))
        return
    if args.time_rdflib:
        nquads, name, runs, limit = args.time_rdflib
        print(json.dumps(time_rdflib(nquads, name, int(runs), float(limit))))
        return
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = set(stages) - set(STAGES)
    if unknown:
        ap.error(f"unknown stage(s) {', '.join(sorted(unknown))}: use {', '.join(STAGES)}")
    if args.skip_build and "store" in stages:
        stages.remove("store")
    args.work.mkdir(parents=True, exist_ok=True)

    work, corpus, nq = args.work, args.work / "corpus", args.work / "nq"
    if "extract" in stages or "store" in stages:
        if len(list(corpus.glob("*.txt"))) < args.docs:
            subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--docs", str(args.docs), "--out",
                            str(corpus)], check=True)
        subprocess.run([sys.executable, str(HERE / "extract_cache.py"), str(corpus), str(nq)], check=True)
    if "extract" in stages:
        timing = [line.split("\t") for line in (nq / "timing.tsv").read_text().splitlines()[1:]]  # first: warm-up
        chars, cpu = sum(int(t[1]) for t in timing), sum(float(t[2]) for t in timing)
        print(f"extraction            {chars / cpu:>12,.0f} chars/CPU-s  ({len(timing)} documents, "
              f"{cpu / len(timing) * 1000:.0f} ms CPU each)")
        blank = spacy_blank_rate(corpus, 60)
        print(f"spacy.blank('zh')     {blank:>12,.0f} chars/CPU-s  (extraction is {chars / cpu / blank:.1%} of it)")

    small, large = work / "store-small", work / "store-large"
    if "store" in stages:
        for label, n, quads, target in (("small", args.small, args.small_quads, small),
                                        ("large", args.docs, args.large_quads, large)):
            b = build(nq, docs_for_quads(nq, quads) if quads else n, target)
            print(f"store {label:<5} {b['documents']:>4} docs {b['quads']:>9,} quads ({b['entities_graph']:,} in the entities graph)")
            print(f"  write_documents (bulk, fresh)   {b['write_documents_qps']:>10,.0f} quads/s  "
                  f"= {b['write_documents_qps'] / b['bulk_load_qps']:.0%} of bulk_load")
            print(f"  bulk_load of the same quads     {b['bulk_load_qps']:>10,.0f} quads/s")
            print(f"  replace_document (atomic each)  {b['replace_document_qps']:>10,.0f} quads/s", flush=True)
    if "queries" in stages:
        stage_queries(args, small, large)
    if "memory" in stages:
        print()
        stage_memory(args)
    if "jobs" in stages:
        print()
        stage_jobs(args)


def small_nquads(small: Path) -> Path:
    """The small store as one N-Quads file for the rdflib children (written again when the store is newer)."""
    import pyoxigraph as ox

    out = small.with_name(small.name + ".nq")
    if not out.exists() or out.stat().st_mtime < small.stat().st_mtime:
        st = ox.Store.read_only(str(small))
        tmp = out.with_suffix(".part")
        ox.serialize(st.quads_for_pattern(None, None, None, None), str(tmp), format=ox.RdfFormat.N_QUADS)
        tmp.rename(out)
    return out


def stage_queries(args, small: Path, large: Path) -> None:
    from zhichan import queries as Q

    names = [q.name for q in Q.discover()]
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    nquads = None if args.no_rdflib else small_nquads(small)
    # the rdflib child parses the store (not timed) before its runs, which are capped by --rdflib-timeout
    rdflib_wall = 600.0 + args.rdflib_timeout
    print(f"\n{'query (ms, median/p95)':<26} {'~100k':>10} {'~1M':>12} {'ratio':>6} {'rdflib 100k':>12} {'x':>7}"
          f" {'rows':>11}")
    for name in names:
        if name == "wikidata-places":
            continue  # SERVICE to the network: not a local figure
        rs = _child(["--time-query", str(small), name, str(args.runs)], args.timeout)
        rl = None if args.no_large else _child(["--time-query", str(large), name, str(args.runs)], args.timeout)
        rr = None if nquads is None else _child(["--time-rdflib", str(nquads), name, str(args.rdflib_runs),
                                                 str(args.rdflib_timeout)], rdflib_wall)
        ratio = f"{rl['p95'] / max(rs['p95'], 0.1):.1f}" if rs and rl and "p95" in rs and "p95" in rl else "-"
        vs = "-"
        if rr and rs and "median" in rs:
            if "median" in rr:
                vs = f"{rr['median'] / max(rs['median'], 0.1):.0f}"
            elif "runs" in rr:  # over the limit: at least this much slower
                vs = f">{args.rdflib_timeout * 1000 / max(rs['median'], 0.1):.0f}"
        rdf = "skipped" if nquads is None else _fmt(rr, args.rdflib_timeout)
        large_cell = "skipped" if args.no_large else _fmt(rl, args.timeout)
        rows = f"{rs.get('rows', '?') if rs else '?'}/{rr.get('rows', '?') if rr else '?'}"
        print(f"{name:<26} {_fmt(rs, args.timeout):>10} {large_cell:>12} {ratio:>6} {rdf:>12} {vs:>7} {rows:>11}",
              flush=True)


if __name__ == "__main__":
    main()
