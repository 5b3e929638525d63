"""Documents of one shipment that disagree: an invoice, its packing list and its bill of lading stating
other quantities, weights, consignees, or dates that cannot both be right."""

from __future__ import annotations

from ..fold import fold
from ..model import make_id
from ..settings import FlagThresholds
from .model import DocFacts, Evidence, Flag, Shipment
from .shipments import days_between, number_key

LABEL = {"invoice": "invoice", "packing_list": "packing list", "bill_of_lading": "bill of lading",
         "cargo_manifest": "cargo manifest", "customs_declaration": "customs declaration"}


def inconsistency_flags(shipments: list[Shipment], th: FlagThresholds) -> list[Flag]:
    flags = []
    for s in shipments:
        primary = s.primary
        found: list[tuple[str, str, list[Evidence]]] = []
        for other in s.primary_order()[1:]:
            if other.doc_type == primary.doc_type and number_key(other.number) == number_key(primary.number):
                continue  # a copy or a scan of the same document: differences are reading noise
            found += _compare(primary, other, th)
        target = primary.party("buyer", "consignee")
        if not found or not target:
            continue
        kinds = sorted({k for k, _, _ in found})
        reason = "; ".join(text for _, text, _ in found)
        evidence = tuple(dict.fromkeys(e for _, _, ev in found for e in ev))
        flags.append(Flag(make_id("flg", "inconsistency", s.id), "inconsistency", target.entity_id,
                          round(min(1.0, 0.5 + 0.15 * len(kinds)), 3),
                          f"Documents of one shipment disagree: {reason}.", evidence,
                          {"shipment": s.id, "disagree": kinds, "documents": sorted(d.file_name for d in s.documents)}))
    return flags


def _name(doc: DocFacts) -> str:
    return f"{LABEL.get(doc.doc_type, doc.doc_type)} {doc.number or doc.file_name}"


def _compare(a: DocFacts, b: DocFacts, th: FlagThresholds) -> list[tuple[str, str, list[Evidence]]]:
    out = []
    for ga in a.goods:
        for gb in b.goods:
            if ga.commodity != gb.commodity or ga.quantity_si is None or gb.quantity_si is None \
                    or ga.unit_si != gb.unit_si:
                continue
            if abs(ga.quantity_si - gb.quantity_si) > th.quantity_tolerance * max(ga.quantity_si, gb.quantity_si):
                out.append(("quantity", f"{_name(a)} states {ga.quantity_si:,.0f} {ga.unit_si} of {ga.commodity}, "
                                        f"{_name(b)} {gb.quantity_si:,.0f} {gb.unit_si}", [ga.evidence, gb.evidence]))
    for wa in a.weights:
        for wb in b.weights:
            if wa.kind == wb.kind and abs(wa.kg - wb.kg) > th.quantity_tolerance * max(wa.kg, wb.kg):
                out.append(("weight", f"{wa.kind} weight {wa.kg:,.0f} kg on the {_name(a)}, {wb.kg:,.0f} kg on the "
                                      f"{_name(b)}", [wa.evidence, wb.evidence]))
    for x, y in ((a, b), (b, a)):
        goods_kg = sum(g.quantity_si or 0 for g in x.goods if g.unit_si == "kg")
        for w in y.weights:
            if goods_kg and (w.kind == "net" and abs(w.kg - goods_kg) > th.quantity_tolerance * goods_kg
                             or w.kind == "gross" and w.kg < goods_kg * (1 - th.quantity_tolerance)):
                out.append(("weight", f"{w.kind} weight {w.kg:,.0f} kg on the {_name(y)} against {goods_kg:,.0f} kg "
                                      f"of goods on the {_name(x)}", [w.evidence] + [g.evidence for g in x.goods]))
    ca, cb = a.party("consignee", "buyer"), b.party("consignee", "buyer")
    if ca and cb and ca.entity_id != cb.entity_id and fold(ca.name) != fold(cb.name):
        out.append(("consignee", f"the {_name(a)} goes to {ca.name}, the {_name(b)} to {cb.name}",
                    [ca.evidence, cb.evidence]))
    out += _dates(a, b, th)
    return out


def _dates(a: DocFacts, b: DocFacts, th: FlagThresholds) -> list[tuple[str, str, list[Evidence]]]:
    gap = days_between(a.date, b.date)
    if gap is None or a.doc_type != "invoice":
        return []
    if b.doc_type == "packing_list":
        wrong = abs(gap) > th.date_tolerance_days
    else:
        wrong = gap < -th.date_tolerance_days or gap > th.max_shipping_lag_days
    if not wrong:
        return []
    evidence = [e for e in (a.evidence.get("date"), b.evidence.get("date")) if e]
    return [("date", f"the {_name(a)} is dated {a.date}, the {_name(b)} {b.date}", evidence)]
