"""Frozen records of the supply-chain stage: what each document says about a trade, the relations
between parties, shipments, and red flags with their evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import BBox

TRANSPORT_TYPES = ("bill_of_lading", "packing_list", "cargo_manifest", "customs_declaration")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: a document, a page, a box (None when the page has no boxes)."""

    document_id: str
    page: int
    bbox: BBox | None
    what: str = ""  # the fact, in a few words: "buyer: Ceylan GSM ...", "5,000 kg ammonium nitrate"

    def record(self) -> dict[str, object]:
        return {"document_id": self.document_id, "page": self.page,
                "bbox": list(self.bbox) if self.bbox else None, "what": self.what}


@dataclass(frozen=True, slots=True)
class Party:
    """A party field of a document, resolved to its canonical entity."""

    role: str  # seller, buyer, shipper, consignee, notify_party, signatory, attention
    entity_id: str
    name: str
    entity_type: str
    evidence: Evidence
    block: str = ""  # the address and activity lines under the party's name
    block_start: int = 0  # offset of the block in the page text
    places: tuple[tuple[str, float, float], ...] = ()  # towns named in the block (name, lat, lon), first first
    block_evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Goods:
    """One kind of goods a document lists: a line item, or a commodity named with its quantity."""

    commodity: str  # canonical commodity where the watchlist knows it, else the description
    category: str | None
    watchlist: bool
    quantity: float | None  # as written
    unit: str | None
    quantity_si: float | None
    unit_si: str | None
    value: float | None
    hs_code: str | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Weight:
    kind: str  # gross | net
    kg: float
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class DocFacts:
    """What one processed document says about a trade."""

    id: str
    file_name: str
    doc_type: str
    number: str | None
    date: str | None  # ISO
    currency: str | None
    total: float | None
    parties: tuple[Party, ...]
    goods: tuple[Goods, ...]
    weights: tuple[Weight, ...]
    text: str
    evidence: dict[str, Evidence] = field(default_factory=dict)  # number, date -> where read

    def party(self, *roles: str) -> Party | None:
        for role in roles:
            for p in self.parties:
                if p.role == role:
                    return p
        return None


@dataclass(frozen=True, slots=True)
class Shipment:
    """Documents that describe one movement of goods: an invoice, its copies and scans, its packing list
    and bill of lading. Quantities behind a flag come from one document of it, never from several."""

    id: str
    documents: tuple[DocFacts, ...]

    @property
    def date(self) -> str | None:
        dated = [d.date for d in self.primary_order() if d.date]
        return dated[0] if dated else None

    def primary_order(self) -> list[DocFacts]:
        """Invoices first (they state what was sold), then packing lists, then transport documents."""
        rank = {"invoice": 0, "packing_list": 1}
        return sorted(self.documents, key=lambda d: (rank.get(d.doc_type, 2), d.id))

    @property
    def primary(self) -> DocFacts:
        return self.primary_order()[0]


@dataclass(frozen=True, slots=True)
class Relation:
    id: str
    type: str  # sale, shipment, notify, signatory, attention
    source_id: str
    target_id: str
    commodity: str | None
    category: str | None
    watchlist: bool
    quantity: float | None
    unit: str | None
    quantity_si: float | None
    unit_si: str | None
    value: float | None
    currency: str | None
    date: str | None
    document_id: str
    page: int
    bbox: BBox | None
    shipment_id: str


@dataclass(frozen=True, slots=True)
class Flag:
    id: str
    type: str  # incongruent_purchase, junction, inconsistency, border_proximity, speed
    entity_id: str
    score: float
    reason: str
    evidence: tuple[Evidence, ...]
    details: dict[str, object] = field(default_factory=dict)
