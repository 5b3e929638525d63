"""How a value read by the pipeline is compared with a gold value. One rule per kind of value, used by
every set, so a number means the same thing in every table (the rules are written out in
benchmarks/README.md, "Evaluation").

These normalisers are deliberately independent of the pipeline's own parsers (pipeline.parse): the
harness must not get better or worse when the thing it measures changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

BBox = tuple[float, float, float, float]
NAME_THRESHOLD = 0.9  # rapidfuzz ratio / 100 on the normalised strings

# Legal forms (and their usual spellings once dots, slashes and spaces are gone) dropped from the END
# of a company name: "Amazon Web Services, Inc." and "Amazon Web Services" are the same issuer.
LEGAL_FORMS = frozenset("""
    sdn bhd sdnbhd sb berhad inc incorporated corp corporation co company ltd limited llc llp lp plc pvt private
    gmbh mbh ag kg ohg ug kgaa ev eg se gbr bv nv vof sa sas sasu sarl eurl sca snc spa srl sl slu
    as asa ab oy oyj aps spolka akcyjna sp zoo sti sirketi anonim limitet ve tic san fze fzco fzc fzllc wll
    pte pty
""".split())


# ---------------------------------------------------------------- text


def squash(text: str) -> str:
    """Whitespace normalised: runs of spaces, tabs and newlines become one space; ends trimmed."""
    return " ".join(text.split())


_UNDECOMPOSED = str.maketrans({"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                               "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"})


def fold(text: str) -> str:
    """Unicode-compatibility form, casefolded, accents removed (ü -> u, ş -> s, ı -> i, ł -> l)."""
    text = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED)).casefold()
    return "".join(c for c in text if not unicodedata.combining(c))


def alnum(text: str) -> str:
    """Folded, with every character that is not a letter or digit removed (spaces and punctuation)."""
    return "".join(c for c in fold(text) if c.isalnum())


def name_key(name: str) -> str:
    """A company or person name as compared: folded, legal forms dropped from the end, then only
    letters and digits. "SYL ROASTED DELIGHTS SDN. BHD." -> "sylroasteddelights"."""
    text = fold(name)
    text = re.sub(r"(?<=\w)[./](?=\w)", "", text)  # B.V. -> BV, S/B -> SB, before punctuation becomes space
    tokens = re.sub(r"[^\w]+", " ", text).split()
    while len(tokens) > 1 and tokens[-1] in LEGAL_FORMS:
        tokens.pop()
    return "".join(tokens).replace("_", "")


def similarity(a: str, b: str) -> float:
    """rapidfuzz ratio as 0..1 (normalised Indel similarity)."""
    return ratio(a, b) / 100


def names_match(gold: str, ours: str | None) -> bool:
    """Right when the names agree at >= 0.9 either whole (letters and digits, folded) or with trailing
    legal forms dropped from both: "Amazon Web Services" = "Amazon Web Services, Inc.", and an OCR slip
    inside the legal form ("SDN BND" for "SDN BHD") costs no more than one anywhere else."""
    if ours is None or not alnum(gold):
        return False
    return max(similarity(alnum(gold), alnum(ours)), similarity(name_key(gold), name_key(ours))) >= NAME_THRESHOLD


def text_match(gold: str, ours: str | None) -> bool:
    """Free text such as an address: letters and digits only, folded, similarity >= 0.9."""
    if ours is None:
        return False
    g, o = alnum(gold), alnum(ours)
    return bool(g) and similarity(g, o) >= NAME_THRESHOLD


def identifier_key(value: str) -> str:
    """An invoice number as compared: folded, no whitespace, no leading/trailing '#', ':', '.', ','."""
    return "".join(fold(value).split()).strip("#:.,;")


def identifiers_match(gold: str, ours: str | None) -> bool:
    return ours is not None and bool(identifier_key(gold)) and identifier_key(gold) == identifier_key(ours)


# ---------------------------------------------------------------- numbers

_NUMBER = re.compile(r"[-−]?\s?(?:\d{1,3}(?:[ \u00a0\u202f'’]\d{3})+(?:[.,]\d+)?|\d[\d.,]*)")


def parse_number(value: object) -> Decimal | None:
    """An amount as a Decimal, whatever its style: 9.00, RM9.00, 6,000.50, 6.000,50, 1 234,56, 4.11
    (a JSON float), -12,00 EUR. With both ',' and '.', the last one is the decimal mark. With one kind of
    mark: used more than once, or once followed by exactly three digits, it groups thousands
    (6.000 = 6,000 = 6000); otherwise it is the decimal mark (9,5 = 9.50)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    m = _NUMBER.search(str(value))
    if not m:
        return None
    raw = m.group(0).strip()
    negative = raw[0] in "-−"
    digits = re.sub(r"[\s'’\u00a0\u202f\-−]", "", raw).rstrip(".,")
    commas, dots = digits.count(","), digits.count(".")
    if commas and dots:
        dec = "," if digits.rfind(",") > digits.rfind(".") else "."
        digits = digits.replace("." if dec == "," else ",", "").replace(dec, ".")
    elif commas or dots:
        mark = "," if commas else "."
        head, _, tail = digits.rpartition(mark)
        if commas + dots > 1 or len(tail) == 3:
            digits = digits.replace(mark, "")
        else:
            digits = head.replace(mark, "") + "." + tail
    try:
        number = Decimal(digits)
    except InvalidOperation:
        return None
    return -number if negative else number


def numbers_match(gold: object, ours: object) -> bool:
    g, o = parse_number(gold), parse_number(ours)
    return g is not None and o is not None and g == o


# ---------------------------------------------------------------- dates

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MONTHS.update({"mrz": 3, "mär": 3, "mai": 5, "okt": 10, "dez": 12, "janv": 1, "fev": 2, "févr": 2, "avr": 4,
                "juin": 6, "juil": 7, "aout": 8, "août": 8, "sept": 9, "déc": 12, "mei": 5, "maart": 3})
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")  # CII format 102
_DMY = re.compile(r"\b(\d{1,2})[./\-](\d{1,2})[./\-](\d{4}|\d{2})\b")
_D_MON_Y = re.compile(r"\b(\d{1,2})\.?\s*([^\W\d_]{3,9})\.?,?\s*(\d{4}|\d{2})\b")
_MON_D_Y = re.compile(r"\b([^\W\d_]{3,9})\.?\s+(\d{1,2})\s*,?\s*(\d{4})\b")


def parse_day(value: str | None) -> date | None:
    """A calendar date from ISO (2018-12-25), CII 102 (20181225), day-first numeric (25/12/2018,
    12/03/18, 16-03-2018, 8-9-2022), '04 JUN 2018' or 'August 3, 2014'. Two-digit years are 20xx."""
    if not value:
        return None
    text = str(value)
    for pattern, order in ((_COMPACT, "ymd"), (_ISO, "ymd"), (_DMY, "dmy")):
        m = pattern.search(text)
        if m:
            parts = dict(zip(order, (int(x) for x in m.groups())))
            return _date(parts["y"], parts["m"], parts["d"])
    m = _D_MON_Y.search(text)
    if m and _month(m.group(2)):
        return _date(int(m.group(3)), _month(m.group(2)), int(m.group(1)))  # type: ignore[arg-type]
    m = _MON_D_Y.search(text)
    if m and _month(m.group(1)):
        return _date(int(m.group(3)), _month(m.group(1)), int(m.group(2)))  # type: ignore[arg-type]
    return None


def dates_match(gold: str | None, ours: str | None) -> bool:
    g, o = parse_day(gold), parse_day(ours)
    return g is not None and g == o


def _month(word: str) -> int | None:
    w = word.casefold()
    return _MONTHS.get(w) or _MONTHS.get(w[:4]) or _MONTHS.get(w[:3])


def _date(y: int, m: int, d: int) -> date | None:
    if y < 100:
        y += 2000
    try:
        return date(y, m, d)
    except ValueError:
        return None


# ---------------------------------------------------------------- OCR lines


@dataclass(frozen=True, slots=True)
class OcrWord:
    text: str
    bbox: BBox  # x0, y0, x1, y1 in the gold's pixel frame


def quad_rect(points: Sequence[float]) -> BBox:
    """The bounding rectangle of a quadrilateral x1,y1,...,x4,y4 (or of any list of x,y pairs)."""
    xs, ys = points[0::2], points[1::2]
    return (min(xs), min(ys), max(xs), max(ys))


def words_in_box(words: Iterable[OcrWord], box: BBox) -> str:
    """The words whose box centre lies inside box (edges included), left to right, joined by spaces."""
    x0, y0, x1, y1 = box
    inside = []
    for w in words:
        cx, cy = (w.bbox[0] + w.bbox[2]) / 2, (w.bbox[1] + w.bbox[3]) / 2
        if x0 <= cx <= x1 and y0 <= cy <= y1:
            inside.append(w)
    inside.sort(key=lambda w: (w.bbox[0], w.bbox[1]))
    return " ".join(w.text for w in inside)


@dataclass
class Cer:
    """Character error rate accumulated over lines: sum of edit distances / sum of gold lengths."""

    errors: int = 0
    chars: int = 0
    lines: int = 0
    missed: int = 0  # gold lines no word fell into
    ignore_case: bool = False  # for gold transcribed in one case whatever the page prints (SROIE: all upper)

    def add(self, gold: str, ours: str) -> int:
        g, o = squash(gold), squash(ours)
        if self.ignore_case:
            g, o = g.casefold(), o.casefold()
        d = Levenshtein.distance(g, o)
        self.errors += d
        self.chars += len(g)
        self.lines += 1
        self.missed += not o
        return d

    def merge(self, other: "Cer") -> None:
        self.errors += other.errors
        self.chars += other.chars
        self.lines += other.lines
        self.missed += other.missed

    @property
    def value(self) -> float | None:
        return self.errors / self.chars if self.chars else None


def cer(pairs: Iterable[tuple[str, str]]) -> float | None:
    """CER over (gold, ours) pairs, whitespace-normalised; None when there is no gold text."""
    acc = Cer()
    for g, o in pairs:
        acc.add(g, o)
    return acc.value


@dataclass
class Tally:
    """Right answers over gold values that exist (a field missing from the gold is not counted)."""

    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += bool(ok)
        self.total += 1

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None
