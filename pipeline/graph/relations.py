"""The transaction graph's edges, one per document and goods line: seller to buyer (`sale`), shipper to
consignee (`shipment`), notify party to consignee (`notify`), and persons to the company they sign for
(`signatory`: the issuer) or are the attention of (`attention`: the recipient)."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import make_id
from .model import DocFacts, Goods, Party, Relation, Shipment

GOODS_LINKS = (("sale", ("seller",), ("buyer",)), ("shipment", ("shipper",), ("consignee",)))


def build_relations(shipments: Iterable[Shipment]) -> list[Relation]:
    """Every relation every document of every shipment states, in a stable order."""
    out: dict[str, Relation] = {}
    for shipment in shipments:
        for doc in shipment.documents:
            for rel in _document_relations(doc, shipment.id):
                out.setdefault(rel.id, rel)
    return sorted(out.values(), key=lambda r: (r.document_id, r.type, r.id))


def _document_relations(doc: DocFacts, shipment_id: str) -> list[Relation]:
    out = []
    for kind, sources, targets in GOODS_LINKS:
        source, target = doc.party(*sources), doc.party(*targets)
        if not source or not target or source.entity_id == target.entity_id:
            continue
        for n, goods in enumerate(doc.goods or (None,)):
            out.append(_relation(kind, source, target, doc, shipment_id, goods, n))
    consignee = doc.party("consignee", "buyer")
    issuer = doc.party("seller", "shipper")
    for p in doc.parties:
        if p.role == "notify_party" and consignee and p.entity_id != consignee.entity_id:
            out.append(_relation("notify", p, consignee, doc, shipment_id, None, 0))
        elif p.role == "signatory" and issuer and p.entity_type == "person":
            out.append(_relation("signatory", p, issuer, doc, shipment_id, None, 0))
        elif p.role == "attention" and consignee and p.entity_type == "person":
            out.append(_relation("attention", p, consignee, doc, shipment_id, None, 0))
    return out


def _relation(kind: str, source: Party, target: Party, doc: DocFacts, shipment_id: str, goods: Goods | None,
              n: int) -> Relation:
    where = goods.evidence if goods else source.evidence
    return Relation(
        id=make_id("rel", doc.id, kind, source.entity_id, target.entity_id, n, goods.commodity if goods else ""),
        type=kind, source_id=source.entity_id, target_id=target.entity_id,
        commodity=goods.commodity if goods else None, category=goods.category if goods else None,
        watchlist=bool(goods and goods.watchlist), quantity=goods.quantity if goods else None,
        unit=goods.unit if goods else None, quantity_si=goods.quantity_si if goods else None,
        unit_si=goods.unit_si if goods else None,
        value=goods.value if goods else (doc.total if kind == "sale" else None),
        currency=doc.currency, date=doc.date, document_id=doc.id, page=where.page, bbox=where.bbox,
        shipment_id=shipment_id)
