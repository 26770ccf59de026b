"""Run user SPARQL in worker processes that are killed at the time-out.

Input: requests from the web application (ad-hoc SPARQL for ``/sparql``, or a prepared query name with
parameter strings). Output: ``Reply`` objects carrying an HTTP status, a content type and a body.

Why processes: pyoxigraph evaluates a query in Rust with no way to interrupt it, and a Python thread
cannot be stopped; a cartesian product would run until the server is restarted. A worker process is
killed at the deadline and replaced, so the time-out really stops the work. Each worker opens the
snapshot read-only (no lock). Workers ignore Ctrl-C (the server stops them), and exit on their own if
their parent disappears, so that nothing outlives ``zhichan serve``.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass

ERR_TIMEOUT, ERR_CAP, ERR_SYNTAX, ERR_QUERY, ERR_BUSY = "E703", "E704", "E705", "E706", "E707"


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def _error(status: int, code: str, problem: str, fix: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", f"{code} /sparql: {problem}; fix: {fix}\n".encode())


# ------------------------------------------------------------------------------------------- worker side


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.5)


def _handle(store, request: dict, cap: int) -> Reply:
    import pyoxigraph as ox

    from .. import queries
    from ..errors import ZhichanError
    from .results import CapExceeded, choose, write_answer, write_boolean, write_graph, write_select
    from .results import GRAPH_TYPES, SELECT_TYPES

    try:
        if request["kind"] == "sparql":
            kwargs = {}
            if request.get("default_graph") or request.get("named_graphs"):
                kwargs["default_graph"] = [ox.NamedNode(g) for g in request.get("default_graph") or []] or None
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in request.get("named_graphs") or []] or None
                kwargs = {k: v for k, v in kwargs.items() if v is not None}
            else:
                kwargs["use_default_graph_as_union"] = True
            answer = store.query(request["query"], **kwargs)
            ctype, body = write_answer(answer, request.get("accept"), cap, request.get("format"))
            return Reply(200, ctype, body)
        result = queries.run(store, request["name"], request.get("params") or {})
        fmt = request.get("format")
        if result.form == "ASK":
            ctype, body = write_boolean(bool(result.boolean), choose(None, SELECT_TYPES, "json", fmt))
        elif result.form in ("CONSTRUCT", "DESCRIBE"):
            if len(result.triples) > cap:
                raise CapExceeded(cap)
            ctype, body = write_graph(result.triples, choose(None, GRAPH_TYPES, "turtle", fmt))
        else:
            if len(result.solutions) > cap:
                raise CapExceeded(cap)
            ctype, body = write_select(result.variables, result.solutions, choose(None, SELECT_TYPES, "json", fmt))
        return Reply(200, ctype, body)
    except CapExceeded:
        return _error(400, ERR_CAP, f"the answer has more than {cap} results (the result cap)",
                      "add LIMIT or narrow the query, or start zhichan serve with a larger --max-results")
    except SyntaxError as err:
        return _error(400, ERR_SYNTAX, "the SPARQL does not parse: " + " ".join(str(err).split()),
                      "check the query text (PREFIX lines, braces, variable names)")
    except ZhichanError as err:
        return Reply(400, "text/plain; charset=utf-8", (str(err) + "\n").encode())
    except (RuntimeError, OSError, ValueError, TypeError) as err:
        return _error(400, ERR_QUERY, "the query failed: " + " ".join(str(err).split()), "check the query")


def worker_main(conn, store_path: str, cap: int, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            break
        try:
            reply = _handle(store, request, cap)
        except Exception as err:  # a worker must answer, whatever the query did
            reply = _error(500, ERR_QUERY, f"the query failed: {type(err).__name__}: {err}", "check the query")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            break


# ------------------------------------------------------------------------------------------- server side


class _Worker:
    def __init__(self, ctx, store_path: str, cap: int):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=worker_main, args=(child, store_path, cap, os.getpid()),
                                   name="zhichan-sparql-worker", daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        try:
            self.conn.close()
        except OSError:
            pass
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


class Pool:
    """``size`` workers over one store; ``call`` hands a request to an idle one and waits at most ``timeout``."""

    def __init__(self, store_path: str, *, size: int = 2, cap: int = 10000, timeout: float = 10.0):
        self.store_path, self.size, self.cap, self.timeout = store_path, size, cap, timeout
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        starting = [self._start() for _ in range(size)]
        for w in starting:
            self._ready(w)

    def _start(self) -> _Worker | None:
        with self._lock:
            if self._closed:
                return None
            w = _Worker(self._ctx, self.store_path, self.cap)
            self._all.add(w)
            return w

    def _ready(self, w: _Worker | None) -> None:
        """Hand ``w`` out only once it has opened the store, so that its start-up never eats a query's time."""
        if w is None:
            return
        try:
            if w.conn.poll(120) and w.conn.recv() == "ready":
                self._idle.put(w)
                return
        except (EOFError, OSError):
            pass
        self._drop(w)

    def _add(self) -> None:
        self._ready(self._start())

    def _drop(self, w: _Worker) -> None:
        with self._lock:
            self._all.discard(w)
        w.stop()

    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid]

    def call(self, request: dict) -> Reply:
        deadline = time.monotonic() + self.timeout
        try:
            if self._closed:
                raise queue.Empty
            w = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return _error(503, ERR_BUSY, f"every query worker stayed busy for {self.timeout:g} s",
                          "try again in a moment, or start zhichan serve with more --workers")
        try:
            w.conn.send(request)
            if w.conn.poll(max(0.0, deadline - time.monotonic())):
                reply = w.conn.recv()
                self._idle.put(w)
                return reply
        except (EOFError, OSError):
            self._drop(w)
            if self._closed:
                return _error(503, ERR_BUSY, "the server is stopping", "start zhichan serve again")
            threading.Thread(target=self._add, daemon=True).start()
            return _error(500, ERR_QUERY, "the query worker stopped unexpectedly", "try again")
        # past the deadline: the only way to stop evaluation is to end the process
        self._drop(w)
        threading.Thread(target=self._add, daemon=True).start()
        return _error(503, ERR_TIMEOUT, f"the query ran longer than the time-out of {self.timeout:g} s and was stopped",
                      "add LIMIT, bind more variables, or start zhichan serve with a larger --timeout")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.stop()
