"""``zhichan serve``: snapshot the store, start the web application, and clean everything up on exit.

Input: the store folder, the address to listen on and the endpoint's limits. Output: an HTTP server
until SIGTERM or Ctrl-C; then the query workers are stopped and the snapshot folder is removed.

What a reader sees during a build: the snapshot taken when ``serve`` started (``Store.backup`` of a
read-only open, no write lock, consistent). A build running beside it changes the store, not the
snapshot; restart ``serve`` to publish it.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
from pathlib import Path

from ..errors import StoreError, ZhichanError

PREFIX = "zhichan-serve-"


class Stop(BaseException):
    """Raised by the SIGTERM handler so that ``finally`` blocks run (uvicorn re-raises the signal on exit)."""


def _stop(signum, frame):
    raise Stop(signum)


def parse_bind(bind: str) -> tuple[str, int]:
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536 or not host:
        raise ZhichanError("E709", "--bind must be HOST:PORT", value=bind, fix="e.g. --bind 127.0.0.1:7878")
    host = host.strip("[]")
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, int(port)))
    except OSError as err:
        raise ZhichanError("E709", f"cannot listen on {bind}: {err.strerror or err}", value=bind,
                           fix="choose another port (--bind 127.0.0.1:PORT) or stop the program using it") from None
    return host, int(port)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_snapshots() -> None:
    """Snapshots left by a serve that was killed with SIGKILL (its pid is in the folder name)."""
    for p in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        pid = p.name[len(PREFIX):].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(p, ignore_errors=True)


def snapshot(source: Path) -> Path:
    """A consistent copy of ``source`` in a new temporary folder (the caller removes the folder)."""
    from ..store import open_store, release_reads

    st = open_store(source, read_only=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
    try:
        st.backup(str(folder / "store"))
    except OSError as err:
        shutil.rmtree(folder, ignore_errors=True)
        raise StoreError("E303", f"cannot copy the store for serving: {err}", path=str(source),
                         fix="check the free space of the temporary folder (TMPDIR)") from None
    finally:
        del st
        release_reads(source)  # the server reads its own copy: builds may write again
    return folder


def run(source: Path, *, bind: str = "127.0.0.1:7878", cors: str | None = None, timeout: float = 10.0,
        max_results: int = 10000, services: tuple[str, ...] | None = None, workers: int = 2,
        log=lambda m: print(m, file=sys.stderr)) -> None:
    import uvicorn

    from ..builds import outdated
    from .app import WIKIDATA, Settings, create_app

    host, port = parse_bind(bind)
    previous = signal.signal(signal.SIGTERM, _stop)
    folder = None
    app = None
    try:
        remove_stale_snapshots()
        folder = snapshot(source)
        settings = Settings(store=folder / "store", source=str(source), timeout=timeout, max_results=max_results,
                            cors=cors, services=tuple(services) if services is not None else (WIKIDATA,),
                            workers=workers)
        app = create_app(settings)
        stale = outdated(app.state.site.store, str(source))
        if stale:
            log(stale)
        shown = f"[{host}]" if ":" in host else host
        log(f"serving a snapshot of {source} on http://{shown}:{port}/ (SPARQL at /sparql; "
            f"time-out {timeout:g} s, at most {max_results} results; Ctrl-C stops)")
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                                timeout_graceful_shutdown=2, lifespan="off")
        site = app.state.site

        class Server(uvicorn.Server):
            def handle_exit(self, sig, frame):
                # stop the workers first: a query still running answers at once instead of holding the exit
                threading.Thread(target=site.close, daemon=True).start()
                super().handle_exit(sig, frame)

        Server(config).run()
    except (KeyboardInterrupt, Stop):
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            if app is not None:
                app.state.site.close()
        finally:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
            signal.signal(signal.SIGTERM, previous)
            signal.signal(signal.SIGINT, signal.default_int_handler)
