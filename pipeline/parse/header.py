"""What a document says without labels: the issuer in its letterhead and the issuer's address, parties
under role headings, the number in its title, a date printed anywhere near the top."""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from ..fold import fold
from ..model import Field, Page, Word, span_bbox
from .dates import parse_date

TITLES = re.compile(r"^\W*(commercial\s+|tax\s+|proforma\s+|simplified\s+tax\s+)?(invoice|receipt|fatura|bill of lading|"
                    r"packing list|cash\s+(bill|sale|receipt)|official\s+receipt|rechnung|facture|quotation|"
                    r"delivery\s+order|e-?ar[sş]iv|irsaliye|konşimento|factuur|faktura|payment\s+receipt|"
                    r"doc(ument)?\s+no|bill\s+no|receipt\s+no)\b",
                    re.IGNORECASE)
TITLE_ANYWHERE = re.compile(r"\s+\b(commercial\s+|tax\s+)?(invoice|factuur|faktura|rechnung|facture|fatura|"
                            r"receipt)\b.*$", re.IGNORECASE)
BUSINESS = re.compile(r"\b(sdn\.?\s*bhd|bhd|s/b|enterprise|trading|restoran|restaurant|bakery|shop|store|mart|"
                      r"stationery|hardware|company|co\.|ltd|limited|gmbh|llc|inc|sarl|s\.a\.|a\.ş|şti|fze|ag|b\.v|n\.v|sas|s\.a\.s|pvt|s\.r\.l|sp\.\s*z\s*o\.o|a/s)\b",
                      re.IGNORECASE)
ADDRESS_WORDS = re.compile(r"\b(jalan|jln|lot|no|taman|road|rd|street|str|st|avenue|ave|cadde|caddesi|sokak|sk|"
                           r"mahallesi|mah|rue|chemin|platz|stra(ss|ß)e|floor|flr|building|blok|block)\b", re.IGNORECASE)
COPYRIGHT = re.compile(r"\(c\)|©|copyright|\ball rights reserved", re.IGNORECASE)  # a banner, not the issuer
REGISTRATION = re.compile(r"\(?\b[A-Z]?\d{5,}[- ]?[A-Z]\b\s*\)?|"
                          r"\b(?:co(?:mpany)?\.?\s*(?:reg\w*\.?\s*)?no|reg(?:istration)?\.?\s*no|co\.?\s*reg\S*)\.?"
                          r"\s*[:.]?\s*\S+", re.IGNORECASE)  # `(139386 X)`, `CO. NO. 373445-A`, `Company Reg. No. : 0010`
NOT_ADDRESS = re.compile(r"\b(tel|phone|fax|gst|vat|email|e-mail|www|http|invoice|receipt|date|tarih|no\s*[:.]|"
                         r"mobile|whatsapp\w*|hp|"
                         r"reg|co\.?\s*no|cashier|table|order|tax|ust|steuer|siret|tva)\b|\+\d[\d\s().-]{6,}|"
                         r"(?<![\w.])[TF]\s*:\s*\d",
                         re.IGNORECASE)
def _lines(page: Page) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", page.text)]


def issuer(page: Page, taken: frozenset[str] = frozenset()) -> tuple[Field, Field | None] | None:
    """The letterhead's name and the address under it: among the first name-like lines at the top of
    the first page, one with a business word (`SDN BHD`, `GmbH`, `Trading`) if there is one. Lines that
    are role headings, or the value of another field (taken), are not the issuer."""
    lines = _top_down([(o, ln) for o, ln in _lines(page) if ln.strip()], page)[:14]
    candidates = []
    for i, (offset, line) in enumerate(lines[:12]):
        if any(p.match(fold(line)) for p in _SECTION.values()) or line.strip() in taken or COPYRIGHT.search(line):
            continue
        # A letterhead line often runs on: `Au bon moulin SARL - 1242 chemin de l'olive - 84340 Malaucène`
        # (OCR may read the dash as `=`), or follows a logo read as a scrap of letters (`Q V4  Au bon ...`).
        pieces = [p.strip() for p in re.split(r"\s{2,}", line.strip())]
        piece = next((p for p in pieces if sum(c.isalpha() for c in p) >= 3), pieces[0])
        text = re.split(r"(?:\.\s?|\s)[-–=|•]\s|,\s", piece)[0].strip()
        text = TITLE_ANYWHERE.sub("", text).strip(" .,")  # `Coolblue B.V. FACTUUR.`: the title is not the name
        text = REGISTRATION.sub("", text).strip(" .,")  # `AEON CO. (M) BHD (126926-H)`
        letters = sum(c.isalpha() for c in text)
        business = BUSINESS.search(text)
        if TITLES.search(piece) or TITLES.search(text) or ":" in text or letters < 3 or len(text) > 80 \
                or letters / max(len(text.replace(" ", "")), 1) < (0.5 if business else 0.6) \
                or text[:1].isdigit() and (not business or ADDRESS_WORDS.search(text)):
            continue  # `42 rue du stade` is an address line, `99 SPEED MART S/B` a name
        if (at := line.find(text)) < 0:
            continue
        start = offset + at
        if _confidence(page, start, start + len(text)) < 0.55:
            continue  # a logo or a smudge read as letters
        candidates.append((i, start, text))
    if not candidates:
        return None
    i, start, text = next((c for c in candidates if BUSINESS.search(c[2])), candidates[0])
    seller = Field("seller", text, page.number, start, start + len(text),
                   span_bbox(page.words, start, start + len(text)), round(0.6 * page.confidence, 3), "letterhead.v1")
    parts: list[str] = []
    a_start = a_end = None
    for o2, l2 in lines[i + 1:i + 7]:
        t2 = REGISTRATION.sub("", l2).strip(" ;|()")
        letters = sum(c.isalpha() for c in t2)
        if letters < 4 or letters < 0.5 * len(t2.replace(" ", "")) and not ADDRESS_WORDS.search(t2):
            if parts:
                break
            continue  # a registration number, a stray mark: the address has not started yet
        stop = NOT_ADDRESS.search(t2)
        if stop and stop.start() == 0 and re.match(r"no\.?\s*\d", t2, re.IGNORECASE):
            stop = NOT_ADDRESS.search(t2, 3)  # `No.2, Jalan Temenggung` is a street number, not a label
        if stop:
            t2 = t2[:stop.start()].strip(" ,;|")  # `..., Kuala Lumpur T: 03-2093 7358`: keep what precedes
        if TITLES.search(t2) or not t2:
            if parts:
                break
            continue  # `GST REG NO: ...` or `TAX INVOICE` between the name and its address
        if (at2 := l2.find(t2)) < 0:
            break
        s2 = o2 + at2
        a_start = s2 if a_start is None else a_start
        a_end = s2 + len(t2)
        parts.append(t2)
        if stop:
            break
    address = None
    if parts and a_start is not None and a_end is not None:
        address = Field("seller_address", " ".join(parts).strip(" ,"), page.number, a_start, a_end,
                        span_bbox(page.words, a_start, a_end), round(0.5 * page.confidence, 3), "letterhead.v1")
    return seller, address


def _top_down(lines: list[tuple[int, str]], page: Page) -> list[tuple[int, str]]:
    """Lines in the order they stand on the page, top first, where every line has a box: OCR may give
    a letterhead's block after the blocks below it."""
    tops = [span_bbox(page.words, o, o + len(ln)) for o, ln in lines]
    if not lines or any(t is None for t in tops):
        return lines
    order = sorted(range(len(lines)), key=lambda k: (round(tops[k][1] / 4), lines[k][0]))  # type: ignore[index]
    return [lines[k] for k in order]


def _confidence(page: Page, start: int, end: int) -> float:
    hit = [w.confidence for w in page.words if w.start < end and w.end > start]
    return sum(hit) / len(hit) if hit else 1.0
    return None


def first_date(pages: tuple[Page, ...], month_first: bool = False) -> Field | None:
    """The first date written on the document (not a due date), as ISO 8601."""
    for page in pages:
        for offset, line in _lines(page):
            if re.search(r"\bdue\b|vade", line, re.IGNORECASE):
                continue
            iso = parse_date(line, month_first)
            if iso:
                return Field("date", iso, page.number, offset, offset + len(line),
                             span_bbox(page.words, offset, offset + len(line)), round(0.6 * page.confidence, 3),
                             "first_date.v1")
    return None


# A heading alone on its line names the role of the party in the block under it.
SECTION_ROLES = {
    "seller": r"seller|supplier|vendor|exporter|verk[äa]ufer|lieferant|fournisseur|vendeur|sat[ıi]c[ıi]|ihracat[çc][ıi]",
    "buyer": r"buyer|customer|bill\s+to|billing\s+address|invoice\s+address|k[äa]ufer(/leistungsempf[äa]nger)?|kunde|"
             r"rechnungsempf[äa]nger|acheteur|client|al[ıi]c[ıi]|ithalat[çc][ıi]",
    "consignee": r"consignee|ship\s+to|delivery\s+address|lieferanschrift|adresse\s+de\s+livraison|teslimat\s+adresi",
}
HEADING_WORDS = {w: role for role, words in (
    ("seller", "seller supplier exporter verkaufer lieferant fournisseur satici ihracatci"),
    ("buyer", "customer acheteur ithalatci"),
    ("consignee", "consignee"),
) for w in words.split()}
_SECTION = {k: re.compile(rf"^\W*(?:{v})\W*$", re.IGNORECASE) for k, v in SECTION_ROLES.items()}
_NAME_ONLY = re.compile(r"^\W*(?:name|firma|raison\s+sociale|unvan[ıi]?)\s*[:：]\s*$", re.IGNORECASE)
_NAME_LINE = re.compile(r"^\W*(?:name|firma|raison\s+sociale|unvan[ıi]?)\s*[:：]?\s+(?P<v>\S.*?)\s*$", re.IGNORECASE)
_LABELLED = re.compile(r"^\s*[\w .'/-]{2,30}[:：]")


def section_role(line: str) -> str | None:
    """The party role a heading line names, if it is one; one OCR slip is forgiven in a long heading word
    (`Verkdufer` for `Verkäufer`)."""
    folded = fold(line)  # OCR writes `Verkâufer` for `Verkäufer`
    role = next((r for r, p in _SECTION.items() if p.match(folded)), None)
    word = folded.strip(" :.-*|")
    if role is None and 7 <= len(word) <= 14 and word.isalpha():
        role = next((r for w, r in HEADING_WORDS.items() if len(w) >= 7 and Levenshtein.distance(word, w) <= 1), None)
    return role


def section_parties(pages: tuple[Page, ...]) -> list[Field]:
    """Parties under role headings (`Verkäufer`, `Delivery Address`, `SHIPPER`): the `Name:` line of the
    block (its value beside it by box when OCR put the values in a column of their own), or else the
    block's first line that is not a label."""
    out: list[Field] = []
    for page in pages:
        lines = _lines(page)
        for i, (_, line) in enumerate(lines):
            role = section_role(line)
            if role is None or any(f.name == role for f in out):
                continue
            block = [(o, ln) for o, ln in lines[i + 1:i + 9] if ln.strip()][:7]
            span = None
            for o, ln in block:
                m = _NAME_LINE.match(ln)
                if m:
                    span = (o + m.start("v"), o + m.end("v"))
                    break
                if _NAME_ONLY.match(ln):
                    span = words_beside(page, o, o + len(ln.rstrip()))
                    break
            if span is None:
                span = next(((o + ln.index(ln.strip()), o + len(ln.rstrip())) for o, ln in block[:4]
                             if not _LABELLED.match(ln) and sum(c.isalpha() for c in ln) >= 3), None)
            if span is None:
                continue
            value = re.split(r"\s{2,}", page.text[span[0]:span[1]].strip())[0]
            s = page.text.find(value, span[0])
            out.append(Field(role, value, page.number, s, s + len(value), span_bbox(page.words, s, s + len(value)),
                             round(0.75 * page.confidence, 3), "sections.v1"))
    return out


def words_beside(page: Page, start: int, end: int) -> tuple[int, int] | None:
    """The run of words printed to the right of [start, end) on the same visual line, up to a column gap,
    as a span of the page text (the words of that run that sit on one text line)."""
    box = span_bbox(page.words, start, end)
    if box is None:
        return None
    mid, height = (box[1] + box[3]) / 2, box[3] - box[1]
    right = sorted((w for w in page.words if w.bbox[0] > box[2] and abs((w.bbox[1] + w.bbox[3]) / 2 - mid) < 0.6 * height),
                   key=lambda w: w.bbox[0])
    run: list[Word] = []
    for w in right:
        if not run and not any(c.isalnum() for c in w.text):
            continue  # a stray mark between label and value
        if run and (w.bbox[0] - run[-1].bbox[2] > 2 * height or page.text.count("\n", run[-1].end, w.start)):
            break
        run.append(w)
    return (run[0].start, run[-1].end) if run else None


NUMBER_IN_TITLE = re.compile(
    r"(?:invoice|\w*rechnung|rechnungskorrektur|facture|fatura|avoir|credit\s+note|gutschrift|receipt|"
    r"bill\s+of\s+lading)\b(?:\s*\([^)\n]*\))*"  # `Handelsrechnung (380) Nr. 471102`: 380 is the type code
    r"[^\n\d]{0,20}?(?:n[or]\.?|n°|#|number|num[ée]ro)?\s*[:.]?\s*(?P<num>[A-Z]{0,6}[-/]?\d[\w/-]{2,30})"
    r"|^\s*#\s*(?P<hashed>[\w/-]*\d[\w/-]*)\s*$",  # a line of its own: `# invoice_number_1`
    re.IGNORECASE)


def number_in_title(pages: tuple[Page, ...]) -> Field | None:
    """The document number written in its title line (`Invoice FA-2017-0008`, `Rechnung Nr. 471102`)."""
    for page in pages[:1]:
        for offset, line in _lines(page)[:15]:
            m = NUMBER_IN_TITLE.search(line)
            group = "num" if m and m.group("num") else "hashed"
            if m and parse_date(m.group(group)) is None:
                s, e = offset + m.start(group), offset + m.end(group)
                return Field("number", m.group(group), page.number, s, e, span_bbox(page.words, s, e),
                             round(0.7 * page.confidence, 3), "title.v1")
    return None
