"""Documents grouped into shipments, so that one movement of goods is counted once: a PDF and a scan of
one invoice (same type, number and parties), a document citing another's number (`Invoice ref:
KK-2024-0311` on a bill of lading), and a transport document or packing list matched to the invoice of
the same seller and goods within the shipment window (the one with the same buyer first)."""

from __future__ import annotations

import re
from datetime import date

from ..model import make_id
from .model import TRANSPORT_TYPES, DocFacts, Shipment

TRADE_TYPES = ("invoice",) + TRANSPORT_TYPES
MIN_NUMBER_CHARS = 5  # shorter numbers (`12`, `A-7`) cite nothing reliably


def number_key(number: str | None) -> str:
    return re.sub(r"[^0-9a-z]", "", (number or "").lower())


def days_between(a: str | None, b: str | None) -> int | None:
    try:
        return (date.fromisoformat(b or "") - date.fromisoformat(a or "")).days
    except ValueError:
        return None


def source_of(doc: DocFacts) -> str | None:
    party = doc.party("seller", "shipper")
    return party.entity_id if party else None


def target_of(doc: DocFacts) -> str | None:
    party = doc.party("buyer", "consignee")
    return party.entity_id if party else None


def group_shipments(docs: list[DocFacts], window_days: int) -> list[Shipment]:
    """Every trade document in exactly one shipment; documents of other types are left out."""
    trade = sorted((d for d in docs if d.doc_type in TRADE_TYPES), key=lambda d: d.id)
    parent = {d.id: d.id for d in trade}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_number: dict[str, list[DocFacts]] = {}
    for d in trade:
        key = number_key(d.number)
        if len(key) >= MIN_NUMBER_CHARS:
            by_number.setdefault(key, []).append(d)
    for same in by_number.values():  # copies: same type, number and seller
        for a in same:
            for b in same:
                if a.id < b.id and a.doc_type == b.doc_type and source_of(a) == source_of(b):
                    union(a.id, b.id)
    for d in trade:  # citations of another document's number
        cited = {number_key(tok) for tok in re.findall(r"[\w/.-]{%d,}" % MIN_NUMBER_CHARS, d.text)}
        for key in cited - {number_key(d.number)}:
            for other in by_number.get(key, []):
                union(d.id, other.id)
    invoices = [d for d in trade if d.doc_type == "invoice"]
    for d in trade:
        if d.doc_type == "invoice" or any(find(i.id) == find(d.id) for i in invoices):
            continue
        match = _matching_invoice(d, invoices, window_days)
        if match:
            union(d.id, match.id)
    groups: dict[str, list[DocFacts]] = {}
    for d in trade:
        groups.setdefault(find(d.id), []).append(d)
    return [Shipment(make_id("shp", *sorted(x.id for x in g)), tuple(g)) for g in groups.values()]


def _matching_invoice(doc: DocFacts, invoices: list[DocFacts], window_days: int) -> DocFacts | None:
    goods = {g.commodity for g in doc.goods}
    candidates = []
    for inv in invoices:
        gap = days_between(inv.date, doc.date)
        if source_of(inv) is None or source_of(inv) != source_of(doc) or not goods & {g.commodity for g in inv.goods}:
            continue
        if gap is None or abs(gap) > window_days:
            continue
        candidates.append((target_of(inv) != target_of(doc), abs(gap), inv.id, inv))
    return min(candidates)[3] if candidates else None
