"""Bounds on reading one untrusted document: wall time (a timer, and a check between pages) and the
amount of text it may yield. Each failure names the limit it hit."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import LimitExceeded


@contextmanager
def time_limit(seconds: float) -> Iterator[float]:
    """Raise LimitExceeded in the block once it has run `seconds` (SIGALRM, so pure-Python parsing stuck
    on one page is stopped too). Off the main thread, or inside another limit, only the between-page
    checks (`check_time`) apply. Yields the start time for them."""
    started = time.monotonic()
    usable = (threading.current_thread() is threading.main_thread() and seconds > 0
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    if not usable:
        yield started
        return

    def expired(_signum: int, _frame: object) -> None:
        raise LimitExceeded(f"reading took over the max_document_seconds limit of {seconds:g}s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield started
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_time(started: float, limit: float, page: int) -> None:
    """Raise LimitExceeded when reading has taken longer than its limit (checked between pages)."""
    if time.monotonic() - started > limit:
        raise LimitExceeded(f"reading stopped before page {page}: over the max_document_seconds limit of {limit:g}s")


def check_text(chars: int, limit: int, page: int | None = None) -> None:
    """Raise LimitExceeded when a document's text runs past max_text_chars."""
    if chars > limit:
        where = f" by page {page}" if page else ""
        raise LimitExceeded(f"text of {chars:,} characters{where}, over the max_text_chars limit of {limit:,}")
