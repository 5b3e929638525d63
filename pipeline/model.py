"""Frozen records that pass between stages. Offsets are character offsets into a page's text."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

BBox = tuple[float, float, float, float]
EntityType = Literal["company", "person", "place", "organization"]
DOC_TYPES = (
    "invoice",
    "packing_list",
    "bill_of_lading",
    "cargo_manifest",
    "customs_declaration",
    "correspondence",
    "other",
)


def make_id(prefix: str, *parts: object) -> str:
    """A short deterministic id from content, so a re-run of the same input yields the same ids."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:20]}"


@dataclass(frozen=True, slots=True)
class Ingested:
    """A file accepted into the archive: its bytes are known, its real type sniffed."""

    id: str  # SHA-256 of the bytes
    file_name: str  # base name exactly as on disk
    path: str  # relative to the folder it came from
    media_type: str
    size: int
    archive_path: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    bbox: BBox
    confidence: float  # 0..1
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # from 1
    method: Literal["text", "ocr"]
    text: str
    words: tuple[Word, ...] = ()
    confidence: float = 1.0
    width: float | None = None
    height: float | None = None
    bbox_unit: Literal["px", "pt"] | None = None
    dpi: int | None = None
    languages: tuple[str, ...] = ()
    cleanup: tuple[str, ...] = ()  # image clean-up steps applied before OCR, in order


@dataclass(frozen=True, slots=True)
class DocumentText:
    pages: tuple[Page, ...]
    warnings: tuple[str, ...] = ()

    @property
    def ocr_pages(self) -> int:
        return sum(1 for p in self.pages if p.method == "ocr")

    @property
    def mean_confidence(self) -> float:
        return sum(p.confidence for p in self.pages) / len(self.pages) if self.pages else 0.0


@dataclass(frozen=True, slots=True)
class Field:
    """A value read from a document: a party, a number, a date."""

    name: str
    value: str
    page: int
    start: int
    end: int
    bbox: BBox | None
    confidence: float
    extractor: str

    def id_for(self, document_id: str) -> str:
        return make_id("fld", document_id, self.page, self.start, self.end, self.name, self.value)


@dataclass(frozen=True, slots=True)
class LineItem:
    """One row of a document's goods table."""

    index: int  # from 1, in reading order over the document
    description: str
    quantity: float | None
    unit: str | None
    unit_price: float | None
    amount: float | None
    hs_code: str | None
    page: int
    start: int
    end: int
    bbox: BBox | None
    confidence: float
    extractor: str

    def id_for(self, document_id: str) -> str:
        return make_id("itm", document_id, self.extractor, self.index, self.page, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Mention:
    """A name of a company, person, place or organisation seen on a page."""

    text: str
    entity_type: EntityType
    label: str  # the extractor's own label, e.g. ORG, PERSON, GPE, field:seller
    page: int
    start: int
    end: int
    bbox: BBox | None
    confidence: float
    extractor: str

    def id_for(self, document_id: str) -> str:
        return make_id("men", document_id, self.page, self.start, self.end, self.entity_type)


@dataclass(frozen=True, slots=True)
class CommodityRef:
    """A commodity named on a page, with what quantity and HS code stand beside it."""

    text: str
    commodity: str
    category: str
    hs_code: str | None
    quantity: float | None
    unit: str | None
    quantity_si: float | None
    unit_si: str | None
    watchlist: bool
    page: int
    start: int
    end: int
    bbox: BBox | None
    extractor: str
    hs_written: str | None = None  # the 6-digit code written beside it, when it is in the HS nomenclature

    def id_for(self, document_id: str) -> str:
        return make_id("com", document_id, self.page, self.start, self.end, self.commodity)


@dataclass(frozen=True, slots=True)
class HsCodeRef:
    """An HS / GTİP code as written on a page, checked against the HS 2022 nomenclature."""

    text: str  # as written: `7603.20.00.00.00`, `GTİP 2834.21`'s number
    hs_code: str  # its 6-digit subheading (or the digits written, when fewer)
    valid: bool  # the subheading is in the HS 2022 nomenclature
    description: str | None  # what the nomenclature calls it, when valid
    page: int
    start: int
    end: int
    bbox: BBox | None
    extractor: str

    def id_for(self, document_id: str) -> str:
        return make_id("hsc", document_id, self.page, self.start, self.end, self.hs_code)


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the parse and extract stages read from one document."""

    doc_type: str
    doc_type_confidence: float
    languages: tuple[str, ...]
    fields: tuple[Field, ...] = ()
    line_items: tuple[LineItem, ...] = ()
    mentions: tuple[Mention, ...] = ()
    commodities: tuple[CommodityRef, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    hs_codes: tuple[HsCodeRef, ...] = ()


def span_bbox(words: tuple[Word, ...], start: int, end: int) -> BBox | None:
    """The union box of the words overlapping [start, end), or None when the page has no boxes."""
    hit = [w.bbox for w in words if w.start < end and w.end > start]
    if not hit:
        return None
    return (
        round(min(b[0] for b in hit), 1),
        round(min(b[1] for b in hit), 1),
        round(max(b[2] for b in hit), 1),
        round(max(b[3] for b in hit), 1),
    )
