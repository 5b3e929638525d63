"""Words with boxes into page text, keeping each word's character offsets so any span maps to a box."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import BBox, Word, span_bbox

__all__ = ["RawWord", "assemble", "span_bbox"]


@dataclass(frozen=True, slots=True)
class RawWord:
    text: str
    bbox: BBox
    confidence: float
    line: tuple[int, ...]  # words sharing a line key sit on one text line, in reading order


def assemble(words: Iterable[RawWord], column_gap: float | None = None) -> tuple[str, tuple[Word, ...]]:
    """Join words into lines (one per line key) and return the text and the words with offsets.

    A horizontal gap wider than column_gap between two words of a line (by default, 1.6 times the
    taller word's height, far wider than a space) is written as two spaces, so columns and table cells
    stay apart in the text.
    """
    parts: list[str] = []
    out: list[Word] = []
    pos = 0
    prev_line: tuple[int, ...] | None = None
    prev_x1 = prev_h = 0.0
    for w in words:
        if not w.text.strip():
            continue
        if prev_line is not None:
            if w.line != prev_line:
                sep = "\n\n" if w.line[:1] != prev_line[:1] and len(w.line) > 2 else "\n"
            elif w.bbox[0] - prev_x1 > (column_gap if column_gap is not None else 1.6 * max(prev_h, w.bbox[3] - w.bbox[1])):
                sep = "  "
            else:
                sep = " "
            parts.append(sep)
            pos += len(sep)
        out.append(Word(w.text, w.bbox, w.confidence, pos, pos + len(w.text)))
        parts.append(w.text)
        pos += len(w.text)
        prev_line, prev_x1, prev_h = w.line, w.bbox[2], w.bbox[3] - w.bbox[1]
    return "".join(parts), tuple(out)
