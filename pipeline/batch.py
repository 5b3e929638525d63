"""A batch on every core: documents read by a pool of worker processes, extracted and resolved here.

The parent lists the files and recognises unchanged documents by their SHA-256 (no worker starts and no
model loads for them). The rest go to `jobs` worker processes, each running ingest and `run.read_text`
(clean-up and OCR, the bulk of the work) and storing the pages. The parent loads the models once, while
the workers read, then parses and extracts each document as its pages land (spaCy, the Turkish model
and the gazetteer index take seconds to load: once per batch, not once per worker), and resolves at the
end. Every worker may OCR several pages of one document at once (`text.pages`), but the batch holds
`jobs` OCR slots in all, so a large document alone uses every core and a full batch never runs more
tesseracts than cores. At most `2 * jobs` documents are in flight (memory stays bounded); workers die
with their parent (Linux PR_SET_PDEATHSIG), so none is left writing after it.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from . import ingest, run
from .errors import DocumentError
from .model import make_id
from .run import BatchSummary, Outcome
from .settings import Settings
from .store import open_store
from .store import writes
from .store.db import FAULT_VARIABLE, Writer

log = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1
ATTEMPTS = 2  # a document whose worker died is tried once more, then recorded as failed


def default_jobs() -> int:
    """One job per core this process may run on. With the crash-test hook set (DOCINTEL_FAULT, whose
    fault points count passes per process) the batch runs in one process, so a count means what it did."""
    if os.environ.get(FAULT_VARIABLE):
        return 1
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def unchanged(path: Path, root: Path | None, settings: Settings, engine: Any) -> Outcome | None:
    """The `unchanged` Outcome (the new name recorded) when the file's bytes were already processed by
    this pipeline version; None when it has to be read. Hashes the file; loads no model."""
    try:
        doc_id = ingest.document_id(path, settings)
    except OSError:
        return None
    with engine.connect() as conn:
        known = writes.known_document(conn, doc_id)
    if not known or known["status"] != "processed" or known["processed_by"] != run.PIPELINE_VERSION:
        return None
    outcome = run.ingest_path(path, root, settings, engine)  # records the name; re-checks under its lock
    return outcome if isinstance(outcome, Outcome) else None


def process_batch(paths: Iterable[Path], settings: Settings, jobs: int | None = None,
                  progress: Callable[[Outcome], None] | None = None,
                  started: Callable[[int, int], None] | None = None) -> BatchSummary:
    """Process files and folders (never through a symbolic link) with `jobs` processes, then resolve.

    `started(files, to_read)` is called once the files are listed and the unchanged ones recognised;
    `progress(outcome)` for every document (attachments included) as it finishes.
    """
    jobs = jobs or default_jobs()
    engine = open_store(settings.store_url)
    summary = BatchSummary()
    writer = Writer(engine)  # as run.process_paths: the last of overlapping runs resolves for all

    def done(outcome: Outcome) -> None:
        summary.outcomes.append(outcome)
        if progress:
            progress(outcome)

    files = [(p, given if given.is_dir() else None) for given in paths for p in ingest.iter_files(given)]
    todo, skipped = [], []
    for path, root in files:
        same = unchanged(path, root, settings, engine)
        if same is None:
            todo.append((path, root))
        else:
            skipped.append(same)
    if started:
        started(len(files), len(todo))
    for outcome in skipped:
        done(outcome)
    from .text import pages  # numpy and Pillow come with the reading stage: only once there is work

    pooled = jobs > 1 and len(todo) > 1
    if not pooled:
        previous = pages.threads()
        pages.configure(jobs)  # one document (or none) to read: its pages on every core, in this process
        try:
            for path, root in todo:
                for outcome in _process_one(str(path), str(root) if root else None, settings):
                    done(outcome)
        finally:
            pages.configure(previous)
    else:
        _in_pool(todo, settings, jobs, done)
    if writer.last():  # then the supply chains and red flags, as run.process_paths
        summary.resolve = run.resolve(engine)
        summary.graph = run.supply_chains(engine, settings)
    if pooled:
        gc.unfreeze()  # what _in_pool froze is collectable again in a process that goes on
    return summary


def _process_one(path: str, root: str | None, settings: Settings) -> list[Outcome]:
    """One file and, for an e-mail, its attachments, all stages in this process."""
    engine = open_store(settings.store_url)
    outcome = run.process_file(Path(path), Path(root) if root else None, settings, engine)
    children = run.process_attachments(outcome.document_id, settings, engine) if outcome.status == "processed" else []
    return [outcome, *children]


def _read_one(path: str, root: str | None, settings: Settings) -> Outcome | tuple[str, str]:
    """In a worker: ingest and read one file. (document id, file name) when its pages are stored, else
    the Outcome that ends it (unchanged, or failed with its reason, recorded)."""
    engine = open_store(settings.store_url)
    started = run.ingest_path(Path(path), Path(root) if root else None, settings, engine)
    if isinstance(started, Outcome):
        return started
    name = ingest.shown_name(Path(path).name)
    try:
        run.read_text(started, settings, engine)
    except DocumentError as exc:
        return Outcome(started, name, "failed", str(exc))
    except Exception as exc:  # already recorded on the document; the batch goes on
        return Outcome(started, name, "failed", f"unexpected error: {exc.__class__.__name__}: {exc}")
    return started, name


def _extract_one(doc_id: str, name: str, settings: Settings) -> list[Outcome]:
    """In the parent: parse and extract a document whose pages a worker stored; then its attachments."""
    engine = open_store(settings.store_url)
    try:
        ex = run.extract_entities(doc_id, settings, engine)
    except DocumentError as exc:
        return [Outcome(doc_id, name, "failed", str(exc))]
    except Exception as exc:  # already recorded on the document; the batch goes on
        return [Outcome(doc_id, name, "failed", f"unexpected error: {exc.__class__.__name__}: {exc}")]
    with engine.connect() as conn:
        doc_text = run.load_text(conn, doc_id)
        warnings = tuple((writes.known_document(conn, doc_id) or {}).get("warnings") or ())
    outcome = Outcome(
        doc_id, name, "processed", warnings=warnings, pages=len(doc_text.pages), ocr_pages=doc_text.ocr_pages,
        mean_confidence=round(doc_text.mean_confidence, 3), mentions=len(ex.mentions),
        commodities=len(ex.commodities), doc_type=ex.doc_type,
        preview=" ".join(doc_text.pages[0].text.split())[:300] if doc_text.pages else "",
    )
    return [outcome, *run.process_attachments(doc_id, settings, engine)]


def load_models(settings: Settings) -> None:
    """Load what extraction needs (spaCy, the Turkish model, the gazetteer index) and the resolver's list
    of place names (seconds, on the first scored candidate otherwise), once per process."""
    from .extract import load_nlp, load_turkish
    from .extract.gazetteer import lookup
    from .resolve.match import prior

    load_nlp(settings.spacy_model)
    load_turkish()
    lookup("Mersin")
    prior("mersin")


def _in_pool(todo: list[tuple[Path, Path | None]], settings: Settings, jobs: int,
             done: Callable[[Outcome], None]) -> None:
    """Documents read by `jobs` worker processes, at most 2 * jobs in flight, and extracted here as they
    come back. A pool whose worker died is replaced, and the documents it held are tried again (at most
    ATTEMPTS times each)."""
    # Largest files first (popped from the end): a long document started last leaves a core idle at the
    # end of the batch and its extraction, then resolution, run alone (longest job first, for the makespan).
    queue = [(str(p), str(r) if r else None, 1) for p, r in reversed(sorted(todo, key=_size, reverse=True))]
    loaded = False
    while queue:
        broken: list[tuple[str, str | None, int]] = []
        with _pool(settings, jobs) as pool:
            flight: dict[Future[Outcome | tuple[str, str]], tuple[str, str | None, int]] = {}
            while queue or flight:
                while queue and len(flight) < 2 * jobs:
                    item = queue.pop()
                    flight[pool.submit(_read_one, item[0], item[1], settings)] = item
                if not loaded:  # while the workers read the first documents
                    load_models(settings)
                    gc.freeze()  # the models outlive the batch: no collection walks them (process_batch unfreezes)
                    loaded = True
                finished, _ = wait(flight, return_when=FIRST_COMPLETED)
                for future in finished:
                    item = flight.pop(future)
                    try:
                        read = future.result()
                    except BrokenProcessPool:
                        broken.append(item)
                        continue
                    except Exception as exc:  # the batch goes on
                        read = _failed(item[0], f"unexpected error: {exc.__class__.__name__}: {exc}", settings)
                    for outcome in [read] if isinstance(read, Outcome) else _extract_one(*read, settings):
                        done(outcome)
                if broken:
                    broken += flight.values()  # every document in flight went down with the pool
                    break
        for path, root, attempt in broken:
            if attempt < ATTEMPTS:
                queue.append((path, root, attempt + 1))
            else:
                done(_failed(path, "the worker process reading it died (killed, out of memory, or a crash inside tesseract)", settings,
                             record=True))


def _size(item: tuple[Path, Path | None]) -> int:
    try:
        return item[0].stat().st_size
    except OSError:
        return 0


def _failed(path: str, reason: str, settings: Settings, record: bool = False) -> Outcome:
    """A failed Outcome for a file whose worker gave no result; recorded in the store when asked."""
    p = Path(path)
    name = ingest.shown_name(p.name)
    try:
        doc_id = ingest.document_id(p, settings)
    except OSError:
        doc_id = make_id("unreadable", path)
    if record:
        with open_store(settings.store_url).begin() as conn:
            known = writes.known_document(conn, doc_id) or {}
            writes.record_failure(conn, doc_id, name, known.get("path", name), reason, known.get("media_type"),
                                  known.get("size"), known.get("warnings") or [])
    return Outcome(doc_id, name, "failed", reason)


def _pool(settings: Settings, jobs: int) -> ProcessPoolExecutor:
    """`jobs` worker processes sharing `jobs` OCR slots. Forked where the OS can (no re-import, no
    model loaded twice by the parent's work), each set to die with this process."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    ctx = multiprocessing.get_context(method)
    slots = ctx.BoundedSemaphore(jobs)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                               initargs=(settings.store_url, jobs, slots, os.getpid(), settings.ocr_library))


def _init_worker(store_url: str, threads: int, slots: Any, parent: int, ocr_library: bool = True) -> None:
    """In each worker: die with the parent, leave Ctrl-C to it, drop inherited store connections
    (they belong to the parent), take a share of the batch's OCR slots and run tesseract in process
    (`text.tessapi`: an abort in tesseract costs this worker, which the pool replaces, not the batch)."""
    from .text import pages, tessapi

    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    open_store(store_url).dispose(close=False)
    pages.configure(threads, slots)
    tessapi.enable(ocr_library)


def die_with_parent(parent: int) -> None:
    """Have the kernel SIGKILL this process when its parent dies (Linux); exit now if it already has."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            log.warning("prctl(PR_SET_PDEATHSIG) failed: errno %s", ctypes.get_errno())
    if os.getppid() != parent:
        os._exit(1)
