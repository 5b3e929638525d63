"""Folding text for matching while keeping offsets: one output character per input character."""

from __future__ import annotations

import unicodedata

_TURKISH = {"İ": "i", "I": "i", "ı": "i"}


def fold_char(c: str) -> str:
    """Lower case without diacritics, Turkish dotted and dotless i both to i; always one character."""
    if c in _TURKISH:
        return _TURKISH[c]
    low = c.lower()
    if len(low) != 1:
        low = c
    base = unicodedata.normalize("NFKD", low)[0]
    return base if base.isascii() or not low.isascii() and unicodedata.category(base)[0] == "L" else low


def fold(text: str) -> str:
    """Fold a whole string; len(fold(s)) == len(s), so offsets found in the fold apply to the original."""
    return "".join(fold_char(c) for c in text)
