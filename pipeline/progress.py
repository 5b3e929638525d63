"""A progress line for long batches on stderr: documents done, pages, rate and ETA.

On a terminal the line is redrawn in place (at most five times a second) and per-document lines are
printed above it; elsewhere (a log file, a pipe) a plain line is printed every `every` seconds and once
at the end.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from .run import Outcome

WIDTH = 24


def clock(seconds: float) -> str:
    """Seconds as H:MM:SS."""
    s = max(0, int(round(seconds)))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


class Progress:
    """Counts documents and pages as they finish and shows rate and ETA."""

    def __init__(self, stream: TextIO | None = None, every: float = 10.0) -> None:
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.every = 0.2 if self.tty else every
        self.total = self.done = self.pages = self.read = self.to_read = 0
        self.t0 = self.last = time.monotonic()
        self.shown = ""

    def start(self, files: int, to_read: int) -> None:
        """The batch is listed: `files` in all, `to_read` of them new or changed."""
        self.total, self.to_read = files, to_read
        self.t0 = self.last = time.monotonic()

    def update(self, outcome: Outcome) -> None:
        """One document finished (attachments count as documents of their own)."""
        self.done += 1
        self.total = max(self.total, self.done)
        if outcome.status != "unchanged":
            self.read += 1
            self.pages += outcome.pages
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self._draw()

    def write(self, line: str) -> None:
        """A line of its own (a document's result) above the progress line."""
        if self.tty and self.shown:
            self.stream.write("\r" + " " * len(self.shown) + "\r")
        self.stream.write(line + "\n")
        if self.tty and self.shown:
            self.stream.write(self.shown)
        self.stream.flush()

    def close(self) -> None:
        """The final line (always printed, so a log shows the rate of the whole batch)."""
        self._draw()
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
        self.shown = ""

    def line(self) -> str:
        elapsed = time.monotonic() - self.t0
        share = self.done / self.total if self.total else 1.0
        bar = "#" * int(WIDTH * share) + "-" * (WIDTH - int(WIDTH * share))
        rate = self.pages / elapsed * 60 if elapsed > 0 else 0.0
        left = self.to_read - self.read
        eta = elapsed / self.read * left if self.read and left > 0 else 0.0
        return (f"[{bar}] {self.done}/{self.total} documents, {self.pages} pages read in {clock(elapsed)}, "
                f"{rate:.1f} pages/min, {self.read / elapsed * 60 if elapsed > 0 else 0:.1f} documents/min, "
                f"ETA {clock(eta) if self.read or not left else '?'}")

    def _draw(self) -> None:
        text = self.line()
        if self.tty:
            pad = " " * max(0, len(self.shown) - len(text))
            self.stream.write("\r" + text + pad)
            self.shown = text
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
