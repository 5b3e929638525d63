"""HS / GTİP codes as written on trade documents (`7603.20`, `GTİP 7603.20.00.00.00`, `HS CODE 760320`,
`2834.21 00`), checked against the HS 2022 nomenclature shipped in models/hs2022_codes.txt. A code after
a label (HS, GTİP, tariff) is kept even when it is no HS 2022 subheading (flagged `valid=False`); a
dotted number without a label is taken only when it is one."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..model import HsCodeRef, Page, span_bbox

CODES_FILE = Path(__file__).resolve().parents[2] / "models" / "hs2022_codes.txt"
# Dotted: 7603.20 / 7603.20.00 / 7603.20.00.00.00 / 2834.21 00. Undotted only after a label (HS, GTİP, tariff).
DOTTED = re.compile(r"(?<![\d.,])(\d{4})\.(\d{2})((?:\.\d{2}| 00(?!\d)){0,4})(?!\d|[.,]\d)")
LABELLED = re.compile(r"(?:\bhs\b|\bgtip\b|\bgtİp\b|\bg\.t\.i\.p\b|tariff|h\.s\.|customs code|commodity code|"
                      r"البند الجمركي|رمز النظام المنسق)[^\d\n]{0,16}(\d{4}\.\d{2}(?:\.\d{2})*|\d{6,12})(?![\d.])",
                      re.IGNORECASE)

EXTRACTOR = "hs_codes.v1"
MONEY = re.compile(r"(?:usd|eur|try|tl|gbp|aed|\$|€|£|₺)\s*$|^\s*(?:usd|eur|try|tl|gbp|aed|\$|€|£|₺)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class HsCode:
    code: str  # the 6-digit subheading
    written: str
    start: int
    end: int
    valid: bool  # the subheading is in the HS 2022 nomenclature


@functools.cache
def nomenclature() -> dict[str, str]:
    """HS 2022 headings and subheadings, each with its description."""
    rows = (line.split("\t", 1) for line in CODES_FILE.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    return {r[0].strip(): (r[1].strip() if len(r) > 1 else "") for r in rows}


def describe(code: str) -> str | None:
    """What the nomenclature calls a subheading (or, for a 4-digit code, a heading); None when unknown."""
    return nomenclature().get(code) or None


def find_hs_codes(text: str) -> list[HsCode]:
    """Every HS code written in the text, in order, each checked against the nomenclature."""
    found: list[HsCode] = []
    for m in DOTTED.finditer(text):
        code = m.group(1) + m.group(2)
        if MONEY.search(text[max(0, m.start() - 6):m.start()]) or MONEY.match(text[m.end():m.end() + 5]):
            continue  # USD 1234.56 is a price
        if code in nomenclature():  # an unlabelled 2025.10 that is no subheading is no HS code
            found.append(HsCode(code, m.group(0), m.start(), m.end(), True))
    for m in LABELLED.finditer(text):
        if any(h.start <= m.start(1) < h.end for h in found):
            continue
        code = m.group(1).replace(".", "")[:6]
        found.append(HsCode(code, m.group(1), m.start(1), m.end(1), code in nomenclature()))
    return sorted(found, key=lambda h: h.start)


def hs_code_refs(page: Page, extra: tuple[tuple[str, int, int], ...] = ()) -> list[HsCodeRef]:
    """Every HS/GTİP code written on the page as a record with its box and its check against the
    nomenclature; `extra` adds (written code, start, end) the parse stage read under an HS column
    (a bare `760320` there is a code, though alone in prose it would not be)."""
    found = [(h.written, h.code, h.start, h.end, h.valid) for h in find_hs_codes(page.text)]
    for written, start, end in extra:
        if any(s < end and start < e for _, _, s, e, _ in found):
            continue
        code = re.sub(r"\D", "", written)[:6]
        found.append((written, code, start, end, code in nomenclature()))
    return [HsCodeRef(text=written, hs_code=code, valid=valid, description=describe(code) if valid else None,
                      page=page.number, start=start, end=end, bbox=span_bbox(page.words, start, end),
                      extractor=EXTRACTOR)
            for written, code, start, end, valid in sorted(found, key=lambda f: f[2])]
