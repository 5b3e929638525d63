"""Pages of one document OCRed at once.

tesseract runs outside the interpreter's lock (a subprocess, or libtesseract in the batch's workers,
`tessapi`, whose ctypes calls release it), so a few threads are enough to keep several cores busy with
the pages of one document. How many threads a process uses, and the OCR slots shared by the processes of a batch
(so that the whole batch never runs more tesseracts than there are cores), are set once per process
with `configure`; the default (one thread, no slots) reads pages one after the other, as before.
Callers (the PDF reader) hand `map_ordered` a lazy iterable: at most `threads + 1` page images are held
in memory at once, and the iterable is always advanced in the caller's thread (pdfium is not thread-safe).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Slots(Protocol):
    """A semaphore, possibly shared between processes (multiprocessing.BoundedSemaphore)."""

    def acquire(self, block: bool = ..., timeout: float | None = ...) -> bool: ...

    def release(self) -> None: ...


_threads = 1
_slots: Slots | None = None
_local = threading.local()


def configure(threads: int, slots: Slots | None = None) -> None:
    """Set how many pages this process OCRs at once, and the slots it shares with other processes."""
    global _threads, _slots
    _threads, _slots = max(1, int(threads)), slots


def threads() -> int:
    """How many pages this process OCRs at once."""
    return _threads


@contextmanager
def ocr_slot() -> Iterator[None]:
    """Hold one of the batch's OCR slots (a no-op without slots, or when this thread holds one already)."""
    if _slots is None or getattr(_local, "held", False):
        yield
        return
    _slots.acquire()
    _local.held = True
    try:
        yield
    finally:
        _local.held = False
        _slots.release()


@contextmanager
def reporting(callback: Callable[[Any], None]) -> Iterator[None]:
    """Call `callback(result)` in the caller's thread for every page `map_ordered` finishes (progress)."""
    previous = getattr(_local, "report", None)
    _local.report = callback
    try:
        yield
    finally:
        _local.report = previous


def map_ordered(fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
    """`fn` over `items`, up to `threads()` at once, results in order (`fn` takes `ocr_slot()` around
    its OCR). The first exception raised by `fn` is raised here, after the calls still running finish."""
    report = getattr(_local, "report", None)
    if _threads <= 1:
        for item in items:
            result = fn(item)
            if report:
                report(result)
            yield result
        return
    pool = ThreadPoolExecutor(max_workers=_threads, thread_name_prefix="docintel-page")
    window: deque[Future[R]] = deque()
    try:
        for item in items:
            window.append(pool.submit(fn, item))
            if len(window) > _threads:
                result = window.popleft().result()
                if report:
                    report(result)
                yield result
        while window:
            result = window.popleft().result()
            if report:
                report(result)
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
