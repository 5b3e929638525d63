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
    on one page is stopped too), and again every half second should a library swallow it; a block that
    ends normally after that still fails. Off the main thread, or inside another limit, only the
    between-page checks (`check_time`) and a last check at the end apply. Yields the start time."""
    started = time.monotonic()
    usable = (threading.current_thread() is threading.main_thread() and seconds > 0
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    message = f"reading took over the max_document_seconds limit of {seconds:g}s"
    if not usable:
        yield started
        if seconds > 0 and time.monotonic() - started > seconds:
            raise LimitExceeded(message)  # what was read past the limit is not kept
        return
    fired: list[bool] = []

    def expired(_signum: int, _frame: object) -> None:
        fired.append(True)
        raise LimitExceeded(message)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield started
    finally:
        _disarm(previous)
    if fired:
        raise LimitExceeded(message)


def _disarm(previous: object) -> None:
    """Stop the timer and restore the old handler, even if the timer fires while we do."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)  # type: ignore[arg-type]
            return
        except LimitExceeded:
            continue


def check_time(started: float, limit: float, page: int) -> None:
    """Raise LimitExceeded when reading has taken longer than its limit (checked between pages)."""
    if time.monotonic() - started > limit:
        raise LimitExceeded(f"reading stopped before page {page}: over the max_document_seconds limit of {limit:g}s")


def check_text(chars: int, limit: int, page: int | None = None) -> None:
    """Raise LimitExceeded when a document's text runs past max_text_chars."""
    if chars > limit:
        where = f" by page {page}" if page else ""
        raise LimitExceeded(f"text of {chars:,} characters{where}, over the max_text_chars limit of {limit:,}")
