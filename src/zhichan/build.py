"""The build: files and folders → one named graph per document in the store, as one recorded unit.

Input: paths (files or folders) and a store folder. Output: a ``BuildReport`` (documents built,
per-document errors, files skipped and why) and the store holding the new graphs, the ontology,
the gazetteer and the build record (``builds``).

Steps, each bounded and each failure a coded line naming the file:
1. ``discover`` lists the documents of the folders (by content and suffix) and what it skipped;
2. the store is locked for writing (a second build fails here, before any extraction) and a
   snapshot is published for readers (``store.WriterLock``); an unfinished previous build's sources
   are added, so this build completes it;
3. ``check`` reads and decodes every input (regular files only, size limits, formats by content),
   derives its document id and refuses two sources for one id;
4. extraction runs in-process, in a process pool (``--jobs``) or on a Dask cluster
   (``--executor``); each result is one document's N-Triples text, so the parent holds one result
   at a time and memory does not grow with the corpus;
5. results are written as they arrive (``--keep-going``) or staged on disk and committed only when
   every document extracted (the default: nothing is written if an input fails);
6. the record is marked completed.

Every store write goes through ``_Writer`` (one place to swap in another write path).
"""
from __future__ import annotations

import gc
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .document import MAX_BYTES, MAX_CHARS, read_document
from .errors import InputError, StoreError, ZhichanError, one_line

DEFAULT_TIMEOUT = 600.0  # seconds of extraction per document; linear extraction needs far less
# Without --jobs, a build this small runs in-process: starting workers (each loads the pipeline)
# costs more than it saves.
SMALL_BUILD_CHARS = 100_000


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_BYTES
    max_chars: int = MAX_CHARS
    timeout: float | None = DEFAULT_TIMEOUT


@dataclass
class Source:
    path: Path
    root: Path | None
    id: str = ""
    sha256: str = ""
    chars: int = 0


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    errors: list[ZhichanError] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    completed_previous: int = 0
    written: bool = False


class BuildFailed(Exception):
    """Raised when inputs failed without --keep-going: nothing was written."""

    def __init__(self, report: BuildReport, message: str):
        super().__init__(message)
        self.report = report


# ------------------------------------------------------------------------------ 1. discover

SKIP_NAMES = ("readme", "license", "licence", "changelog", "contributing")


def discover(paths: Iterable[Path]) -> tuple[list[Source], list[tuple[Path, str]]]:
    """The documents named by ``paths`` (a folder's files chosen by content and suffix) and what was skipped."""
    import stat

    from .readers import DOCUMENT_SUFFIXES, sniff

    found: list[Source] = []
    skipped: list[tuple[Path, str]] = []
    for p in map(Path, paths):
        if not p.is_dir():
            found.append(Source(p, None))  # a file named on the command line is always tried
            continue
        for x in sorted(p.rglob("*")):
            rel = x.relative_to(p)
            if any(part.startswith(".") for part in rel.parts):
                if not x.is_dir():
                    skipped.append((x, "hidden file"))
                continue
            try:
                mode = os.stat(x).st_mode
            except OSError as err:
                skipped.append((x, f"cannot be read: {err.strerror}"))
                continue
            if stat.S_ISDIR(mode):
                continue
            if not stat.S_ISREG(mode):
                skipped.append((x, "not a regular file (a pipe, device or socket)"))
                continue
            if x.stem.lower() in SKIP_NAMES:
                skipped.append((x, "a folder's README/LICENSE/CHANGELOG describes the folder, it is not a document"))
                continue
            if x.suffix.lower() in DOCUMENT_SUFFIXES:
                found.append(Source(x, p))
                continue
            try:
                with open(x, "rb") as fh:
                    head = fh.read(8192)
            except OSError as err:
                skipped.append((x, f"cannot be read: {err.strerror}"))
                continue
            kind = sniff(head, x.suffix) if head else "empty"
            if kind in ("pdf", "docx", "html"):
                found.append(Source(x, p))
            else:
                skipped.append((x, f"not a document format we read ({x.suffix or 'no suffix'}: {kind}); "
                                   "documents are .txt .md .html .pdf .docx"))
    return found, skipped


# ------------------------------------------------------------------------------ 3. check

def check(sources: list[Source], limits: Limits, known: dict[str, str] | None = None,
          replace: bool = False) -> tuple[list[Source], list[ZhichanError]]:
    """Read and decode every source once (nothing kept but its id and digest); refuse id collisions.

    ``known`` maps the ids already in the store to the absolute source they were built from: a
    different source with the same id is refused unless ``replace``.
    """
    ok: list[Source] = []
    errors: list[ZhichanError] = []
    by_id: dict[str, Path] = {}
    for s in sources:
        try:
            info, _text = read_document(s.path, s.root, max_bytes=limits.max_bytes, max_chars=limits.max_chars)
        except ZhichanError as e:
            errors.append(e)
            continue
        except Exception as e:  # a reader library failing in a way it does not document
            errors.append(InputError("E114", f"the file cannot be read: {one_line(e)}", path=str(s.path),
                                     fix="check that the file is complete; report the problem if it is"))
            continue
        here = str(s.path.resolve())
        if info.id in by_id and str(by_id[info.id].resolve()) != here:
            errors.append(InputError("E115", f"two files give the document id {info.id!r} (the other: {by_id[info.id]})",
                                     path=str(s.path), fix="rename one of them, or build them from separate stores"))
            continue
        if known and not replace and info.id in known and known[info.id] != here:
            errors.append(InputError("E115", f"the store already holds document {info.id!r} from another source "
                                     f"({known[info.id]})", path=str(s.path),
                                     fix="rename the file, or pass --replace to replace that document"))
            continue
        by_id[info.id] = s.path
        ok.append(Source(s.path, s.root, info.id, info.sha256, info.chars))
    return ok, errors


# ------------------------------------------------------------------------------ 4. extract

class _Budget(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Budget()


def extract_checked(path: Path, root: Path | None = None, limits: Limits = Limits(),
                    expect_sha: str | None = None):
    """``Extraction`` of one file; whatever goes wrong becomes a ``ZhichanError`` naming the file.

    The per-document time budget is enforced with a timer signal where this runs on a main thread
    (the CLI, the process pool); a Dask worker's threads rely on the size limits alone.
    """
    from . import pipeline
    from .extraction import extract_text

    timed = bool(limits.timeout) and threading.current_thread() is threading.main_thread()
    if timed:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, limits.timeout)
    try:
        info, text = read_document(path, root, max_bytes=limits.max_bytes, max_chars=limits.max_chars)
        if expect_sha is not None and info.sha256 != expect_sha:
            raise InputError("E118", "the file changed while the build ran", path=str(path), fix="build again")
        nlp = pipeline.build_pipeline(None)
        nlp.max_length = max(nlp.max_length, limits.max_chars + 1)  # our limit, not spaCy's E088, decides
        return extract_text(info, text)
    except ZhichanError:
        raise
    except _Budget:
        raise InputError("E117", f"extraction ran past the budget of {limits.timeout:g} s per document",
                         path=str(path), fix="split the document, or raise --timeout") from None
    except MemoryError:
        raise InputError("E116", "extraction ran out of memory", path=str(path),
                         fix="split the document, or lower --max-chars") from None
    except RecursionError:
        raise InputError("E116", "extraction failed: RecursionError", path=str(path),
                         fix="report it with the file; build the others with --keep-going") from None
    except Exception as e:
        raise InputError("E116", f"extraction failed: {one_line(e)}", path=str(path),
                         fix="report it with the file; build the others with --keep-going") from None
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def extract_task(path: str, root: str | None, sha: str, limits: Limits) -> tuple:
    """One document → ``("ok", id, sha256, triples text, quad count)`` or ``("error", code, message)``.

    Runs in a worker (process pool or Dask): returns plain text, which pickles fast and lets the
    parent write the result without holding the models.
    """
    from .rdf import extraction_quads

    try:
        x = extract_checked(Path(path), Path(root) if root else None, limits, expect_sha=sha)
        quads = extraction_quads(x)
        body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        return ("ok", x.document.id, x.document.sha256, body, len(quads))
    except ZhichanError as e:
        return ("error", e.code, str(e))
    except BaseException as e:  # noqa: BLE001 - a worker must answer, whatever happened
        return ("error", "E116", str(InputError("E116", f"extraction failed: {one_line(e)}", path=path,
                                                fix="report it with the file; build the others with --keep-going")))


def _worker_init() -> None:
    from . import pipeline

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    pipeline.build_pipeline(None)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run_extraction(sources: list[Source], limits: Limits, jobs: int = 1, executor: str | None = None) -> Iterator[tuple]:
    """Results of ``extract_task`` as they arrive (any order), at most a few in flight per worker."""
    args = [(str(s.path), str(s.root) if s.root else None, s.sha256, limits) for s in sources]
    if executor:
        yield from _dask(args, executor)
        return
    if jobs <= 1 or len(args) <= 1:
        for a in args:
            yield extract_task(*a)
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # forkserver: workers do not inherit the parent's open store and its threads
    ctx = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=min(jobs, len(args)), mp_context=ctx, initializer=_worker_init) as pool:
        pending, queue, args_of = set(), iter(args), {}

        def submit(a) -> None:
            try:
                f = pool.submit(extract_task, *a)
            except Exception as e:  # the pool broke (a worker was killed): this document fails, named
                f = _failed_future(e)
            args_of[f] = a
            pending.add(f)

        for a in queue:
            submit(a)
            if len(pending) >= 2 * jobs:
                break
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                for a in queue:
                    submit(a)
                    break
                yield _result(f, args_of.pop(f)[0])


def _failed_future(error: BaseException):
    from concurrent.futures import Future

    f = Future()
    f.set_exception(error)
    return f


def _result(future, path: str) -> tuple:
    """A worker's answer; a worker that died (killed, out of memory) is a coded error naming the file."""
    try:
        return future.result()
    except Exception as e:  # BrokenProcessPool, a Dask worker lost, …
        return ("error", "E116", str(InputError("E116", f"the extraction worker failed: {one_line(e)}", path=path,
                                                fix="check memory (lower --max-chars or --jobs); build again")))


def _dask(args: list[tuple], address: str) -> Iterator[tuple]:
    """Extraction as a map on a Dask cluster: ``dask://host:port`` (or ``tcp://…``) of its scheduler."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise StoreError("E309", "the Dask executor needs dask.distributed", value=address,
                         fix="pip install 'zhichan[dask]'") from None
    if address.startswith("dask://"):
        address = "tcp://" + address[len("dask://"):]
    try:
        client = Client(address, timeout=30, set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise StoreError("E309", f"cannot reach the Dask scheduler: {one_line(err)}", value=address,
                         fix="start it (dask scheduler; dask worker ADDRESS) or check --executor") from None
    try:
        window = max(4, 2 * sum(client.nthreads().values()))
        queue = iter(args)
        path_of = {}
        batch = []
        for a, _ in zip(queue, range(window)):
            batch.append(client.submit(extract_task, *a, pure=False))
            path_of[batch[-1].key] = a[0]
        results = as_completed(batch, loop=client.loop)
        for fut in results:
            yield _result(fut, path_of.pop(fut.key))
            fut.release()
            for a in queue:
                nxt = client.submit(extract_task, *a, pure=False)
                path_of[nxt.key] = a[0]
                results.add(nxt)
                break
    finally:
        client.close()


# ------------------------------------------------------------------------------ 5. write

class _Writer:
    """Every write of a build to the store, in one place (the lead swaps in a bulk write path here)."""

    # RocksDB keeps written data in memtables until they fill; flushing every few MB of N-Triples
    # keeps the builder's memory flat in the size of the corpus
    FLUSH_EVERY = 16 * 1024 * 1024
    BULK_EVERY = 8 * 1024 * 1024  # bytes of N-Quads
    DESCRIBE_EVERY = 50_000  # quads of entity descriptions per bulk load

    def __init__(self, store, *, resume: bool = False):
        from .store import is_document_graph

        self.store = store
        self.begun = False
        self.unflushed = 0
        # a store with no document yet is filled by the bulk path: documents through bulk_extend as they come,
        # their entities' canonical descriptions read back from the store and written by finish(); otherwise
        # each document and its entities' descriptions are replaced in one atomic update (store.replace_document)
        self.fresh = hasattr(store, "bulk_extend") and not any(
            isinstance(g, ox.NamedNode) and is_document_graph(g) for g in store.named_graphs())
        self.resume = resume  # an earlier build was cut short: describe every entity again at the end
        # the bulk path loads documents in batches of BULK_EVERY characters: each bulk load writes a set of
        # new files, whose readers RocksDB keeps in memory (one load per document: ~80 KiB more per document)
        self.pending: list[bytes] = []
        self.pending_sources: list[str] = []
        self.pending_bytes = 0

    def _update(self, text: str) -> None:
        self._guard(lambda: self.store.update(text))

    def _guard(self, write) -> None:
        try:
            write()
            return
        except OSError as err:
            problem = f"cannot write the store: {err.strerror or one_line(err)}"
        except Exception as err:  # a write the store refuses: report it as a line, never a traceback
            problem = f"the store refused a write: {one_line(err)}"
        # raised outside the handler: the error keeps no traceback that holds the open store alive
        raise StoreError("E305", problem, fix="free disk space (or fix the I/O error), then run `zhichan build` "
                                               "again to complete the build")

    def begin(self, planned: list[Path]) -> None:
        from .builds import begin_update

        if not self.begun:
            self._update(begin_update(planned))
            self.begun = True

    def document(self, doc_id: str, body: str, path: Path, sha: str) -> None:
        from .builds import BUILD_GRAPH, source_triples
        from .rdf import graph_iri

        from .store import replace_document

        g = graph_iri(doc_id)
        drop_source, source = source_triples(doc_id, path, sha)
        if self.fresh:
            # N-Triples lines (one per triple: a literal's line breaks are escaped) → N-Quads in graph g
            data = (body + "\n").replace(" .\n", f" {g} .\n").encode("utf-8")
            self.pending.append(data)
            self.pending_sources.append(f"{drop_source} ;\nINSERT DATA {{ GRAPH {BUILD_GRAPH} {{ {source} }} }}")
            self.pending_bytes += len(data)
            if self.pending_bytes >= self.BULK_EVERY:
                self._bulk()
            return
        quads = [ox.Quad(t.subject, t.predicate, t.object, g)
                 for t in ox.parse(body.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
        # one update: the document's graph, its entities' descriptions and its source record change
        # together or not at all
        self._guard(lambda: replace_document(self.store, g, quads, extra=(
            drop_source, f"INSERT DATA {{ GRAPH {BUILD_GRAPH} {{ {source} }} }}")))
        self.unflushed += len(body)
        if self.unflushed >= self.FLUSH_EVERY:
            self.unflushed = 0
            try:
                self.store.flush()
            except OSError as err:
                problem = f"cannot write the store: {err.strerror or one_line(err)}"
            else:
                return
            raise StoreError("E305", problem, fix="free disk space (or fix the I/O error), then run `zhichan build` "
                                                   "again to complete the build")

    def _bulk(self) -> None:
        """Load the pending documents (bulk path), then record their sources: a source is recorded only once
        its document is in the store (an interrupted build is completed from its plan either way)."""
        if not self.pending:
            return
        text, sources = b"".join(self.pending), " ;\n".join(self.pending_sources)
        self.pending, self.pending_sources, self.pending_bytes = [], [], 0
        self._guard(lambda: self.store.bulk_load(text, format=ox.RdfFormat.N_QUADS))
        del text
        self._update(sources)

    def finish(self) -> None:
        from .builds import COMPLETED, format_update, status_update
        from .store import GAZETTEER_GRAPH, ONTOLOGY_GRAPH, gazetteer_graph_quads, ontology_quads

        def graph_text(graph, quads) -> str:
            body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
            return f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}"

        from .store import ENTITIES_GRAPH, rebuild_entities

        self._bulk()
        if self.resume and not hasattr(self.store, "bulk_extend"):  # a SPARQL server: one update
            self._guard(lambda: rebuild_entities(self.store))
        elif self.resume or self.fresh:
            if self.resume:
                self._update(f"DROP SILENT GRAPH {ENTITIES_GRAPH}")
            # descriptions are computed 200 entities at a time (an entity many documents name holds thousands of
            # quads: 2,000 at a time reached 180 k quads and +270 MiB at 3,000 documents) and written in loads of
            # ~50 k quads (each bulk load adds files that RocksDB keeps open)
            loads: list[ox.Quad] = []
            for described in describe_entities(self.store):
                loads.extend(described)
                if len(loads) >= self.DESCRIBE_EVERY:
                    self._guard(lambda: self.store.bulk_extend(loads))
                    loads = []
            if loads:
                self._guard(lambda: self.store.bulk_extend(loads))
        self._update(graph_text(ONTOLOGY_GRAPH, ontology_quads()))
        self._update(graph_text(GAZETTEER_GRAPH, gazetteer_graph_quads(self.store)))
        self._update(status_update(COMPLETED) + " ;\n" + format_update())
        try:
            self.store.flush()
            # compact: bulk loads leave many level-0 files and updates a write-ahead log, which every look-up
            # of a query then searches too (at ~1.5 M quads the prepared queries ran 1.3-1.8x slower before it;
            # it took ~5 s there, and ~0.1 s on a store already compacted)
            if hasattr(self.store, "optimize"):
                self.store.optimize()
        except OSError as err:
            raise StoreError("E305", f"cannot write the store: {err.strerror or one_line(err)}",
                             fix="free disk space (or fix the I/O error), then run `zhichan build` again") from err

    def failed(self) -> None:
        from .builds import FAILED, status_update

        try:
            if self.begun:
                self.store.update(status_update(FAILED))
        except Exception:  # the disk that failed the build may refuse this too: the record stays active
            pass


def describe_entities(store, batch: int = 200) -> Iterator[list[ox.Quad]]:
    """The entities graph of a store whose document graphs are written, in lists of ``batch`` entities' quads
    (their accumulator is the memory this step holds).

    What ``store.write_documents`` computes while the documents pass, read back from the store instead:
    every entity typed with a core class in a document graph and every metric concept, met entity by entity
    in the store's index (``store.gather``: its quads, the mentions that denote it, a concept's figures), so
    that memory holds one batch of descriptions whatever the size of the corpus. An accumulator of
    the whole corpus grew by ~0.25 MiB per document and its sorted list of descriptions doubled the
    peak at the end.
    """
    from . import rdf as canonical
    from .store import ENTITIES_GRAPH, gather, is_document_graph

    def in_documents(q) -> bool:
        return isinstance(q.graph_name, ox.NamedNode) and is_document_graph(q.graph_name)

    # the metric concepts last: only they are typed skos:Concept in document graphs
    classes = [*sorted(canonical.CORE_CLASSES, key=str), canonical.CONCEPT]
    acc, pending, previous = canonical.Accumulator(), 0, None
    for i, cls in enumerate(classes):
        # the index keeps one subject's quads together (p, o, s, g), so a repeat is the previous subject
        for q in store.quads_for_pattern(None, canonical.TYPE, cls, None):
            entity = q.subject
            if entity == previous or not in_documents(q):
                continue
            previous = entity
            # an entity of several core classes is described once, under the first of them
            if any(x.object in classes[:i] for x in store.quads_for_pattern(entity, canonical.TYPE, None, None)
                   if in_documents(x)):
                continue
            gather(store, acc, entity)
            pending += 1
            if pending >= batch:
                yield acc.quads(ENTITIES_GRAPH)
                acc, pending = canonical.Accumulator(), 0
        previous = None
    if pending:
        yield acc.quads(ENTITIES_GRAPH)


class _Staging:
    """Results kept on disk until every document has extracted (nothing written if one fails)."""

    def __init__(self, near: Path):
        try:
            self.fh = tempfile.TemporaryFile(mode="w+", encoding="utf-8", dir=near if near.is_dir() else None)
        except OSError:
            self.fh = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.count = 0

    def add(self, doc_id: str, sha: str, body: str) -> None:
        try:
            self.fh.write(f"{doc_id}\t{sha}\t{len(body)}\n{body}\n")
        except OSError as err:
            raise StoreError("E305", f"cannot stage results on disk: {err.strerror or one_line(err)}",
                             fix="free disk space in the temporary folder (TMPDIR), then build again") from err
        self.count += 1

    def __iter__(self) -> Iterator[tuple[str, str, str]]:
        self.fh.flush()
        self.fh.seek(0)
        for _ in range(self.count):
            doc_id, sha, n = self.fh.readline().rstrip("\n").split("\t")
            body = self.fh.read(int(n))
            self.fh.readline()
            yield doc_id, sha, body

    def close(self) -> None:
        self.fh.close()


# ------------------------------------------------------------------------------ the build

def build(paths: list[Path], store_path: Path, *, keep_going: bool = False, jobs: int | None = None,
          executor: str | None = None, limits: Limits = Limits(), replace: bool = False,
          progress: Callable[[str], None] | None = None) -> BuildReport:
    """Build ``paths`` into the store at ``store_path``; see the module docstring for the steps.

    Raises ``ZhichanError`` for a build-wide problem (no documents, store locked or unwritable) and
    ``BuildFailed`` when inputs failed without ``keep_going`` (nothing written). A script that calls
    this with ``jobs`` > 1 needs the usual ``if __name__ == "__main__":`` guard: the workers start
    from a fresh interpreter (forkserver) that imports the script's main module.
    """
    from .builds import last_build, recorded_sources
    from .store import WriterLock, is_store, open_store, release_reads

    say = progress or (lambda _m: None)
    report = BuildReport()
    sources, report.skipped = discover(paths)
    if not sources:
        raise InputError("E107", "no documents to build (looked for .txt .md .html .pdf .docx files)",
                         path=" ".join(map(str, paths)), fix="pass documents or a folder holding them")
    from .remote import as_url

    remote = as_url(store_path) is not None
    store_path = Path(store_path)
    # a SPARQL server serialises its own updates and readers: the lock files and snapshot are for a folder
    lock = _ServerLock() if remote else WriterLock(store_path)
    if not remote and store_path.exists() and not is_store(store_path):
        open_store(store_path)  # raises E308 for a folder that is not a store, before any lock file is made
    lock.acquire()
    st = writer = None
    try:
        st = open_store(store_path)
        lock.publish_snapshot(st)
        release_reads(store_path)  # this process's own reads are over
        lock.exclude_readers()
        prev = last_build(st)
        if prev.incomplete:
            mine = {str(s.path.resolve()) for s in sources}
            extra = [p for p in prev.planned if str(p) not in mine and p.is_file()]
            report.completed_previous = len(prev.planned)
            say(f"the last build of this store did not finish: completing it ({len(extra)} more document(s))")
            sources += [Source(p, _root_of(p, st)) for p in extra]
        checked, report.errors = check(sources, limits, recorded_sources(st), replace)
        if report.errors and not keep_going:
            raise BuildFailed(report, f"nothing written: {len(report.errors)} of {len(sources)} documents failed "
                                      "(use --keep-going to write the others)")
        writer = _Writer(st, resume=prev.incomplete)
        staging = None if keep_going else _Staging(store_path.parent)
        try:
            planned = [s.path for s in checked]
            paths_by_id = {s.id: s.path for s in checked}
            failed = False
            n = 0
            if jobs is None:
                jobs = default_jobs() if sum(s.chars for s in checked) >= SMALL_BUILD_CHARS else 1
            for result in run_extraction(checked, limits, jobs, executor):
                n += 1
                if result[0] == "error":
                    report.errors.append(_as_error(result))
                    failed = True
                    if not keep_going:
                        break  # the pool is shut down on leaving the generator
                    continue
                _, doc_id, sha, body, nq = result
                say(f"extracted {doc_id} ({nq} quads) [{n}/{len(checked)}]")
                path = paths_by_id[doc_id]
                if staging is not None:
                    staging.add(doc_id, sha, body)
                else:
                    writer.begin(planned)
                    writer.document(doc_id, body, path, sha)
                report.built.append(doc_id)
            if failed and not keep_going:
                report.built = []
                raise BuildFailed(report, "nothing written: a document failed to extract "
                                          "(use --keep-going to write the others)")
            writer.begin(planned)
            if staging is not None:
                for doc_id, sha, body in staging:
                    writer.document(doc_id, body, paths_by_id[doc_id], sha)
            writer.finish()
            report.written = True
        except StoreError:
            writer.failed()
            raise
        finally:
            if staging is not None:
                staging.close()
        report.built.sort()
        return report
    finally:
        # close the store before the lock goes: RocksDB closes with the last reference, and a store
        # left open in this process would be a writer beside the readers that the lock lets in
        if writer is not None:
            writer.store = None
        st = writer = None  # noqa: F841
        gc.collect()
        lock.release()


class _ServerLock:
    """The writer protocol of a store folder, for a SPARQL server that keeps its own (no files, no snapshot)."""

    def acquire(self):
        return self

    def publish_snapshot(self, store) -> None:
        pass

    def exclude_readers(self) -> None:
        pass

    def release(self) -> None:
        pass


def _root_of(path: Path, store) -> Path | None:
    """The folder a previously planned source was built from: recovered from its recorded id."""
    from .builds import recorded_sources
    from .document import document_id

    here = str(path.resolve())
    for doc_id, src in recorded_sources(store).items():
        if src == here:
            for parent in path.resolve().parents:
                if document_id(path, parent) == doc_id:
                    return parent
    return None


def _as_error(result: tuple) -> ZhichanError:
    _, code, message = result
    return _Line(code, message)


class _Line(ZhichanError):
    """An error that crossed a process boundary as its printed line."""

    def __init__(self, code: str, line: str):
        self.line_text = line
        super().__init__(code, line)

    def __str__(self) -> str:
        return self.line_text
