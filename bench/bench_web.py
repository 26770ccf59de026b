"""Latency of the web front on a store you point it at: entity pages and prepared-query forms (p50, p95, max).

    .venv/bin/python bench/bench_web.py --store /tmp/zc-bench/store [--entities 200] [--runs 3]

Input: a built store (e.g. the ~1 M-quad store of the scale benchmark). It starts ``zhichan serve`` on a free
loopback port (over its own snapshot, as a user would), samples entities of every core class with a fixed
seed, fetches each entity page as HTML once to warm up and then ``--runs`` times, runs every prepared query
through its form with its example parameters, prints one table, and stops the server. The target is
p95 <= 100 ms for an entity page.
"""
from __future__ import annotations

import argparse
import random
import signal
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from webserver import Server  # noqa: E402

from zhichan import queries  # noqa: E402

ZC = "https://w3id.org/zhichan/ontology#"
ID = "https://w3id.org/zhichan/id/"
CORE = ("Agency", "Policy", "Program", "Company", "LoanProduct", "Organization", "Place", "Person")


def sample(store: Path, n: int, seed: int) -> list[str]:
    st = ox.Store.read_only(str(store))
    found = []
    for cls in CORE:
        q = f"SELECT DISTINCT ?e WHERE {{ GRAPH ?g {{ ?e a <{ZC}{cls}> }} }}"
        found += sorted(r["e"].value for r in st.query(q))
    del st
    rng = random.Random(seed)
    return rng.sample(found, min(n, len(found)))


def fetch(url: str) -> tuple[float, int]:
    """Milliseconds and status; a form page that shows an error (time-out, bad parameter) counts as status 500."""
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/html"}), timeout=120) as r:
            body = r.read()
            status = 500 if b'id="error"' in body else r.status
    except urllib.error.HTTPError as err:
        status = err.code
    return (time.perf_counter() - t0) * 1000, status


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--entities", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-queries", action="store_true", help="entity pages only")
    ap.add_argument("--query-timeout", type=float, default=10.0, help="the server's --timeout (prepared queries)")
    ap.add_argument("--tmp", type=Path, default=Path("/tmp/zhichan-bench-web"))
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the server below is stopped too

    st = ox.Store.read_only(str(args.store))
    quads = len(st)
    del st
    entities = sample(args.store, args.entities, args.seed)
    t0 = time.perf_counter()
    with Server(args.store, args.tmp, "--timeout", str(args.query_timeout), "--max-results", "100000",
                ready_timeout=600) as web:
        print(f"store {args.store}: {quads} quads; server ready in {time.perf_counter() - t0:.1f} s "
              f"(snapshot included); {len(entities)} entities", file=sys.stderr)
        pages, errors = [], 0
        urls = [web.base + "/id/" + urllib.parse.quote(e[len(ID):]) for e in entities]
        for u in urls:  # warm-up: first touch of each page's data
            fetch(u)
        print("entity pages warmed up", file=sys.stderr, flush=True)
        slow = []
        for _ in range(args.runs):
            for u in urls:
                ms, status = fetch(u)
                pages.append(ms)
                slow.append((ms, urllib.parse.unquote(u)))
                errors += status != 200
        rows = [("entity page (HTML)", pages, errors)]
        print(f"entity pages: p50 {statistics.median(pages):.1f} ms, p95 {pct(pages, 95):.1f} ms; slowest: "
              + ", ".join(f"{u.split('/id/')[1]} {ms:.0f} ms" for ms, u in sorted(slow)[-5:]), file=sys.stderr, flush=True)
        for q in ([] if args.no_queries else queries.discover()):
            params = {p.name: p.example for p in q.params if p.example}
            url = f"{web.base}/queries/{q.name}?" + urllib.parse.urlencode({**params, "run": "1"})
            times = []
            errs = 0
            ms, status = fetch(url)  # warm-up; a query that fails (e.g. at the time-out) is not run again
            for _ in range(args.runs if status == 200 else 0):
                ms, status = fetch(url)
                times.append(ms)
                errs += status != 200
            if status != 200:
                times, errs = [ms], 1
            rows.append((f"query {q.name}", times, errs))
            print(f"query {q.name}: {statistics.median(times):.0f} ms ({errs} errors)", file=sys.stderr, flush=True)
        qtimes = [t for name, ts, _ in rows[1:] for t in ts]
        if qtimes:
            rows.append(("prepared queries (all)", qtimes, sum(e for _, _, e in rows[1:])))
    print(f"store {args.store}: {quads} quads; {len(entities)} entities x {args.runs} runs; "
          f"query time-out {args.query_timeout:g} s (an error counts at the time-out)")
    print(f"{'what':40s} {'n':>5s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s} {'errors':>6s}")
    for name, ts, errs in rows:
        print(f"{name:40s} {len(ts):5d} {statistics.median(ts):8.1f} {pct(ts, 95):8.1f} {max(ts):8.1f} {errs:6d}")


if __name__ == "__main__":
    main()
