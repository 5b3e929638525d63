"""Red flags, each with a score (0..1), a reason in plain language and the evidence: purchases that make
no sense for the buyer's business, junction entities, documents of one shipment that disagree, goods
passed on unusually fast, and (beside another flag only) a party near a border crossing into a
conflict zone. Quantities come from one document per shipment, so copies are never counted twice."""

from __future__ import annotations

from collections import defaultdict

from ..model import make_id
from ..settings import FlagThresholds
from .activities import Activity, ActivityReading, read_block, read_name
from .geo import nearest_crossing
from .inconsistency import inconsistency_flags
from .junction import junction_flags
from .model import DocFacts, Evidence, Flag, Goods, Relation, Shipment
from .shipments import days_between

ZONES = {"SY": "Syria", "IQ": "Iraq"}

def raise_flags(shipments: list[Shipment], relations: list[Relation], th: FlagThresholds) -> list[Flag]:
    """Every flag the shipments and relations give, in a stable order."""
    flags = incongruent_flags(shipments, th) + junction_flags(relations, th) + inconsistency_flags(shipments, th)
    flags += speed_flags(relations, th)
    flags += border_flags(shipments, {f.entity_id for f in flags}, th)
    return sorted(flags, key=lambda f: (-f.score, f.type, f.id))


def _quantity(goods: Goods) -> str:
    q = goods.quantity_si if goods.quantity_si is not None else goods.quantity
    unit = goods.unit_si if goods.quantity_si is not None else goods.unit
    return f"{q:,.0f} {unit or ''}".strip() if q is not None else "an unknown quantity of"


def _purchases(shipments: list[Shipment]) -> dict[str, list[tuple[Shipment, DocFacts, Goods]]]:
    """Per buyer or consignee, each shipment's goods as one document of it states them."""
    out: dict[str, list[tuple[Shipment, DocFacts, Goods]]] = defaultdict(list)
    for s in shipments:
        seen: set[tuple[str, str]] = set()
        for doc in s.primary_order():
            target = doc.party("buyer", "consignee")
            if not target:
                continue
            for g in doc.goods:
                if (target.entity_id, g.commodity) not in seen:
                    seen.add((target.entity_id, g.commodity))
                    out[target.entity_id].append((s, doc, g))
    return out


def _readings(shipments: list[Shipment]) -> tuple[dict[str, list[ActivityReading]], dict[str, str]]:
    readings: dict[str, list[ActivityReading]] = defaultdict(list)
    names: dict[str, str] = {}
    seen: set[tuple[str, str, str]] = set()
    for s in shipments:
        for doc in s.documents:
            for p in doc.parties:
                names.setdefault(p.entity_id, p.name)
                for r in read_name(p.name, p.evidence) + read_block(p.block, p.block_evidence):
                    if (p.entity_id, r.activity.id, r.how) not in seen:
                        seen.add((p.entity_id, r.activity.id, r.how))
                        readings[p.entity_id].append(r)
    return readings, names


def incongruent_flags(shipments: list[Shipment], th: FlagThresholds) -> list[Flag]:
    """Watchlisted goods bought in quantity by a business whose activity does not buy them."""
    readings, names = _readings(shipments)
    flags = []
    for entity, bought in sorted(_purchases(shipments).items()):
        said = readings.get(entity, [])
        if not said:
            said = _profile_from_purchases(bought)
        if not said:
            continue
        activities = {r.activity.id: r.activity for r in said}
        fits = lambda g: any(a.fits(g.commodity, g.category) for a in activities.values())  # noqa: E731
        others_fit = sum(1 for _, _, g in bought if g.category and fits(g))
        confidence = min(1.0, max(r.confidence for r in said) + (0.1 if others_fit else 0.0))
        by_commodity: dict[str, list[tuple[Shipment, DocFacts, Goods]]] = defaultdict(list)
        for item in bought:
            if item[2].category and not fits(item[2]):
                by_commodity[item[2].commodity].append(item)
        for commodity, items in sorted(by_commodity.items()):
            flag = _incongruent(entity, names.get(entity, entity), commodity, items, said, confidence, th)
            if flag:
                flags.append(flag)
    return flags


def _profile_from_purchases(bought: list[tuple[Shipment, DocFacts, Goods]]) -> list[ActivityReading]:
    """With nothing said about a business, its ordinary purchases (two shipments or more) are its profile."""
    ordinary = {(s.id, g.category) for s, _, g in bought if g.category and not g.watchlist}
    categories = frozenset(c for _, c in ordinary if c)
    if len({s for s, _ in ordinary}) < 2:
        return []
    profile = Activity("purchases", "buyer of " + ", ".join(sorted(categories)), categories, frozenset(), (), ())
    return [ActivityReading(profile, "purchases", profile.name, None)]


def _incongruent(entity: str, name: str, commodity: str, items: list[tuple[Shipment, DocFacts, Goods]],
                 said: list[ActivityReading], confidence: float, th: FlagThresholds) -> Flag | None:
    goods = items[0][2]
    units = {g.unit_si for _, _, g in items}
    total = sum(g.quantity_si or 0.0 for _, _, g in items) if len(units) == 1 else None
    reference = th.quantity_reference / (10 if goods.unit_si == "pcs" else 1)
    weight = total / (total + reference) if total else 0.0
    score = round((1.0 if goods.watchlist else 0.4) * confidence * (0.3 + 0.7 * weight), 3)
    if score < th.incongruent_min_score:
        return None
    how = "; ".join(f"{r.activity.name} ({'its ' + r.how if r.how != 'name' else 'its name'}: {r.text!r})"
                    for r in said)
    amount = f"{total:,.0f} {goods.unit_si}" if total is not None else "goods"
    reason = (f"{name} bought {amount} of {commodity} ({goods.category}{', watchlist' if goods.watchlist else ''}) "
              f"in {len({s.id for s, _, _ in items})} shipment(s), but it is read as: {how}. Such a business does "
              f"not usually buy {goods.category}.")
    evidence = [g.evidence for _, _, g in items]
    evidence += [Evidence(d.id, e.page, e.bbox, f"same shipment: {e.what}") for s, doc, g in items
                 for d in s.documents if d.id != doc.id for e in [x.evidence for x in d.goods
                                                                  if x.commodity == commodity]]
    evidence += [r.evidence for r in said if r.evidence]
    return Flag(make_id("flg", "incongruent_purchase", entity, commodity), "incongruent_purchase", entity, score,
                reason, tuple(dict.fromkeys(evidence)),
                {"commodity": commodity, "category": goods.category, "quantity": total, "unit": goods.unit_si,
                 "shipments": sorted({s.id for s, _, _ in items}),
                 "activities": sorted({r.activity.id for r in said})})


def speed_flags(relations: list[Relation], th: FlagThresholds) -> list[Flag]:
    """A party that sold watchlisted goods on within `speed_max_days` of buying them."""
    # Hands change with a sale; a carrier forwarding a shipment within days is doing its job.
    goods = [r for r in relations if r.type == "sale" and r.commodity and r.watchlist and r.date]
    incoming: dict[tuple[str, str], list[Relation]] = defaultdict(list)
    for r in goods:
        incoming[(r.target_id, r.commodity or "")].append(r)
    fastest: dict[str, dict[str, tuple[int, Relation, Relation]]] = defaultdict(dict)
    for out in goods:
        for got in incoming.get((out.source_id, out.commodity or ""), []):
            days = days_between(got.date, out.date)
            if got.shipment_id == out.shipment_id or days is None or not 0 <= days <= th.speed_max_days:
                continue
            best = fastest[out.source_id].get(out.commodity or "")
            if best is None or days < best[0]:
                fastest[out.source_id][out.commodity or ""] = (days, got, out)
    flags = []
    for entity, hops in sorted(fastest.items()):
        quickest = min(d for d, _, _ in hops.values())
        parts = [f"{c} {d} days after receiving it ({got.date} to {out.date})" for c, (d, got, out) in sorted(hops.items())]
        evidence = tuple(Evidence(r.document_id, r.page, r.bbox, f"{r.type} of {r.commodity} on {r.date}")
                         for _, got, out in hops.values() for r in (got, out))
        flags.append(Flag(make_id("flg", "speed", entity), "speed", entity,
                          round(1.0 - 0.5 * quickest / max(th.speed_max_days, 1), 3),
                          f"Passed on {'; '.join(parts)}: faster than goods usually change hands "
                          f"(threshold {th.speed_max_days} days).", evidence,
                          {"commodities": sorted(hops), "days": quickest}))
    return flags


def border_flags(shipments: list[Shipment], flagged: set[str], th: FlagThresholds) -> list[Flag]:
    """Context for an entity flagged otherwise: its town lies near a crossing into a conflict zone (a
    `border_km` of 0 turns it off)."""
    if th.border_km <= 0:
        return []
    best: dict[str, tuple[float, str, Evidence | None, str]] = {}
    for s in shipments:
        for doc in s.documents:
            for p in doc.parties:
                if p.entity_id not in flagged:
                    continue
                for town, lat, lon in p.places:  # every town its address names: the nearest counts
                    near = nearest_crossing(lat, lon)
                    if near and near.km <= th.border_km and (p.entity_id not in best or near.km < best[p.entity_id][0]):
                        best[p.entity_id] = (near.km, town, p.block_evidence or p.evidence,
                                             f"{near.crossing.name} (into {ZONES.get(near.crossing.conflict_zone, near.crossing.conflict_zone)})")
    flags = []
    for entity, (km, town, evidence, crossing) in sorted(best.items()):
        flags.append(Flag(make_id("flg", "border_proximity", entity), "border_proximity", entity,
                          round(1.0 - 0.5 * km / th.border_km, 3),
                          f"Its address in {town} is {km:.1f} km from the {crossing} border crossing. Context "
                          "for its other flags, never a flag on its own.",
                          (evidence,) if evidence else (), {"place": town, "km": km, "crossing": crossing}))
    return flags
