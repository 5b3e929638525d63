"""What the rest of a page says the total is, and the total it argues for when one reading got a digit wrong.

A receipt or invoice states its total more than once and in arithmetic: subtotal plus tax, service charge
and rounding less discount; cash tendered less change; a tax summary row (taxable amount plus its tax at a
rate the page states); a subtotal and a payment that agree. A total read by its label stands when any of
these agrees with it. When none does, and a sum gives a value that differs from the reading in one digit
(`349.95` for `343.95`, `62.06` for `62.00`; two digits when two statements agree on it), the sum wins;
when no total was read at all, a value two independent statements agree on is taken. A reading that
something else on the page corroborates is never replaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..model import BBox, Field, Page, span_bbox
from ..numbers import parse_amount
from .totals import EXCLUDED, TOTAL_LABELS

# A money token: cents required (`12.00`, `1,65`, `6.000,50`, `6,000.50`), currency before it allowed.
MONEY = re.compile(r"(?:RM|Rs\.?|TL|USD|EUR|[$€£₺])?\s*(-?(?:\d{1,3}(?:[.,]\d{3})+|\d+)[.,]\d{2})", re.IGNORECASE)
TRAILING_JUNK = "\"'”’:;*)"
RATE = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s*%|%\s*(\d{1,2}(?:[.,]\d{1,2})?)(?![\d.,])")  # 6%, %18

_TOTAL = re.compile(rf"(?<!\w)(?:{'|'.join(TOTAL_LABELS)})(?!\w)", re.IGNORECASE)
_SUBTOTAL = re.compile(r"sub\s*-?\s*t[o0u]t\w*|total\s+(sales\s+)?\(?\s*excl\w*|ara\s*toplam|zwischensumme|"
                       r"total\s+ht|net\s+amount|total\s+net|nettobetrag|matrah", re.IGNORECASE)
_COUNT = re.compile(r"total\s+(qty|quantity|items?|net\s+weight)|item\s+count|no\.?\s+of\s+items", re.IGNORECASE)
ROLES = [  # first match wins, after subtotal and total
    ("rounding", re.compile(r"round\w*|rnd\b|\badj\w*", re.IGNORECASE)),
    ("change", re.compile(r"\bchange\b|para\s+[üu]st[üu]|r[üu]ckgeld|\brendu", re.IGNORECASE)),
    ("discount", re.compile(r"\bdisc\w*|rebate|[iİı]skonto|rabatt|remise", re.IGNORECASE)),
    ("paid", re.compile(r"\b(cash|tender\w*|paid|payment|visa|master\w*|card|nakit|kredi\s+kart\w*|bar|esp[èe]ces)\b",
                        re.IGNORECASE)),
    ("service", re.compile(r"service|\bsvc\b|\bsrv\b", re.IGNORECASE)),
    ("tax", re.compile(r"\b(gst|vat|tax|kdv|mwst|ust|tva|iva|sst)\b", re.IGNORECASE)),
]
ADDED = {"tax", "service", "discount", "rounding"}  # what stands between a subtotal and its total
ARITHMETIC = {"chain", "paid-change", "tax-row"}  # statements that are sums, not a second reading
DOUBTFUL_WORD = 0.5  # a total read below this word confidence may be argued with by the items' sum


@dataclass(frozen=True)
class Amount:
    value: Decimal
    page: int
    start: int
    end: int
    bbox: BBox | None


@dataclass(frozen=True)
class Line:
    label: str  # the line's text without its amounts
    amounts: tuple[Amount, ...]
    role: str | None


def check_total(pages: tuple[Page, ...], read: Field | None) -> Field | None:
    """The total the page's arithmetic argues for, when it differs from `read` (the total read by its
    label, or None); None when the reading stands or nothing argues for another value."""
    lines = [line for page in pages for line in page_lines(page)]
    sources = statements(lines, read)
    if read is not None:
        r = parse_amount(read.value)
        if r is None or r in sources:
            return None
        sums = set(ARITHMETIC)
        if _doubtful(pages, read) and (items := _items_sum(lines, read)) is not None:
            # the items' amounts add up to the total only where nothing is added to them, so their sum
            # argues only against a reading OCR itself doubted (`01.00` at confidence 0.12 for `9.00`)
            sources.setdefault(items[0], {}).setdefault("items", items[1])
            sums.add("items")
        # one sum may name a value a digit away; two statements that agree may name one two digits away
        near = [(v, s) for v, s in sources.items() if v != r and s.keys() & sums
                and _digits_apart(v, r) <= (2 if len(s) >= 2 else 1)]
        if not near:
            return None
        value, found = max(near, key=lambda vs: (len(vs[1]), -_digits_apart(vs[0], r)))
        return Field("total", f"{value}", read.page, read.start, read.end, read.bbox,
                     round(read.confidence * 0.9, 3), "totals.arithmetic.v1:" + "+".join(sorted(found)))
    agreed = [(v, s) for v, s in sources.items() if len(s) >= 2]
    if not agreed:
        return None
    value, found = max(agreed, key=lambda vs: len(vs[1]))
    where = next(iter(found.values()))
    return Field("total", f"{value}", where.page, where.start, where.end, where.bbox, 0.5,
                 "totals.arithmetic.v1:" + "+".join(sorted(found)))


def statements(lines: list[Line], read: Field | None) -> dict[Decimal, dict[str, Amount]]:
    """Every value the page states or implies as its total, with what says so (one entry per kind of
    statement): other total lines, subtotal plus what is added to it, paid less change, tax rows."""
    out: dict[Decimal, dict[str, Amount]] = {}

    def add(value: Decimal, kind: str, where: Amount) -> None:
        out.setdefault(value.quantize(Decimal("0.01")), {}).setdefault(kind, where)

    read_span = (read.page, read.start, read.end) if read is not None else None
    for n, line in enumerate(lines):
        if line.role == "total" and len(line.amounts) == 1:
            a = line.amounts[0]
            if read_span is None or not (a.page == read_span[0] and a.start < read_span[2] and a.end > read_span[1]):
                add(a.value, f"total-line-{n}", a)
    rates = {Decimal((m.group(1) or m.group(2)).replace(",", ".")) / 100
             for line in lines for m in RATE.finditer(line.label)}
    for line in lines:
        if len(line.amounts) == 2 and line.role in (None, "tax", "total"):
            base, tax = (a.value for a in line.amounts)
            if 0 < tax < base and any(abs(tax - base * r) <= Decimal("0.011") for r in rates if 0 < r < Decimal("0.3")):
                add(base + tax, "tax-row", line.amounts[0])
    chain = _chain(lines)
    if chain is not None:
        add(chain[0], chain[2], chain[1])
    paid = [ln.amounts[-1] for ln in lines if ln.role == "paid" and ln.amounts]
    change = [ln.amounts[-1] for ln in lines if ln.role == "change" and ln.amounts]
    if len(paid) == 1 and len(change) == 1 and paid[0].value >= change[0].value >= 0:
        add(paid[0].value - change[0].value, "paid-change", paid[0])
    elif len(paid) == 1 and not change:
        add(paid[0].value, "paid", paid[0])
    return out


def _doubtful(pages: tuple[Page, ...], read: Field) -> bool:
    """OCR read the total's words with a confidence below DOUBTFUL_WORD."""
    page = next((p for p in pages if p.number == read.page), None)
    confidences = [w.confidence for w in page.words if w.start < read.end and w.end > read.start] if page else []
    return bool(confidences) and min(confidences) < DOUBTFUL_WORD


def _items_sum(lines: list[Line], read: Field) -> tuple[Decimal, Amount] | None:
    """The sum of the amounts standing in the total's column above the first subtotal or total line:
    the last amount of each line no label explains, whose right edge is within a character height or two
    of the total's (an address's `55.57` further left is not an item)."""
    if read.bbox is None:
        return None
    right, height = read.bbox[2], read.bbox[3] - read.bbox[1]
    found: list[Amount] = []
    for line in lines:
        if not line.amounts or line.amounts[-1].page != read.page:
            continue
        if line.role in ("subtotal", "total"):
            break
        last = line.amounts[-1]
        if line.role is None and last.bbox is not None and abs(last.bbox[2] - right) <= 2 * height:
            found.append(last)
    return (sum((a.value for a in found), Decimal(0)), found[0]) if found else None


def _chain(lines: list[Line]) -> tuple[Decimal, Amount, str] | None:
    """The last subtotal plus the taxes, charges, discounts and rounding printed after it, up to the next
    total line (or the end). None when a line in between has an amount no role explains, or a role and
    no amount (`GST 6%` whose amount OCR lost), since the sum would then be wrong."""
    subs = [n for n, ln in enumerate(lines) if ln.role == "subtotal" and len(ln.amounts) == 1]
    if not subs:
        return None
    first = lines[subs[-1]].amounts[0]
    value, added = first.value, 0
    for line in lines[subs[-1] + 1:]:
        if line.role in ("total", "paid", "change", "subtotal"):
            break
        if line.role in ADDED:
            amounts = [a.value for a in line.amounts]
            if len(amounts) == 2 and line.role == "tax" and 0 < amounts[1] < amounts[0]:
                amounts = amounts[1:]  # `Tax 15% on $112.90  $16.94`: the base, then the tax
            if len(amounts) != 1:
                return None
            amount = amounts[0]
            value += -abs(amount) if line.role == "discount" else amount
            added += 1
        elif line.amounts:
            return None
    # a subtotal with nothing added is a statement of the total only as a second reading (`Total Sales
    # (Excl GST) 30.00` over `Total Incl. GST 31.80` whose tax the receipt does not print)
    return (value, first, "chain" if added else "subtotal")


def _digits_apart(a: Decimal, b: Decimal) -> int:
    """How many digits one reading would have to get wrong to turn `a` into `b` (99 if the shapes differ)."""
    x, y = f"{a:.2f}", f"{b:.2f}"
    return sum(p != q for p, q in zip(x, y)) if len(x) == len(y) else 99


def page_lines(page: Page) -> list[Line]:
    """The page's visual lines (words grouped by box, left to right; text lines when there are no boxes),
    each with its money amounts and the role its label gives it."""
    if page.words:
        rows = _visual_rows(page)
    else:
        rows = [[(t.group(0), line.start() + t.start(), line.start() + t.end(), None)
                 for t in re.finditer(r"\S+", line.group(0))] for line in re.finditer(r"[^\n]+", page.text)]
    return [_line(page, row) for row in rows]


Token = tuple[str, int, int, "BBox | None"]


def _visual_rows(page: Page) -> list[list[Token]]:
    words = sorted((w for w in page.words if w.text.strip()), key=lambda w: (w.bbox[1] + w.bbox[3]) / 2)
    rows: list[tuple[float, float, list[Token]]] = []  # centre, height, tokens
    for w in words:
        cy, h = (w.bbox[1] + w.bbox[3]) / 2, w.bbox[3] - w.bbox[1]
        if rows and abs(cy - rows[-1][0]) < 0.5 * min(h, rows[-1][1]):
            rows[-1][2].append((w.text, w.start, w.end, w.bbox))
        else:
            rows.append((cy, h, [(w.text, w.start, w.end, w.bbox)]))
    return [sorted(tokens, key=lambda t: t[3][0] if t[3] else 0) for _, _, tokens in rows]


def _line(page: Page, tokens: list[Token]) -> Line:
    label: list[str] = []
    amounts: list[Amount] = []
    i = 0
    while i < len(tokens):
        text, start, end, box = tokens[i]
        joined = text
        # OCR splits an amount at its point: `RM20.` `40`, `295` `.00`
        if i + 1 < len(tokens) and _splits(text, tokens[i + 1][0]):
            joined = text + tokens[i + 1][0]
            end = tokens[i + 1][2]
        m = MONEY.fullmatch(joined.strip(TRAILING_JUNK))
        if m and (value := parse_amount(m.group(1))) is not None:
            amounts.append(Amount(value, page.number, start, end, span_bbox(page.words, start, end) or box))
            i += 2 if joined != text else 1
            continue
        label.append(text)
        i += 1
    text = " ".join(label)
    return Line(text, tuple(amounts), _role(text))


def _splits(left: str, right: str) -> bool:
    return bool(re.fullmatch(r"(?:RM|[$€£₺])?-?\d+[.,]", left, re.IGNORECASE) and re.fullmatch(r"\d{2}", right)
                or re.fullmatch(r"(?:RM|[$€£₺])?-?\d+", left, re.IGNORECASE) and re.fullmatch(r"[.,]\d{2}", right))


def _role(label: str) -> str | None:
    if _SUBTOTAL.search(label):
        return "subtotal"
    if _TOTAL.search(label) and not EXCLUDED.search(label) and not _COUNT.search(label):
        return "total"
    if _COUNT.search(label) and not re.search(r"change", label, re.IGNORECASE):
        return None
    return next((role for role, pattern in ROLES if pattern.search(label)), None)
