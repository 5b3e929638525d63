"""What each processed document in the store says about a trade: its parties (as canonical entities,
with the address and activity lines under their names), its goods, weights, number and date."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from ..model import BBox, Word, span_bbox
from ..numbers import parse_number
from ..store import schema as t
from .geo import towns_in
from .model import DocFacts, Evidence, Goods, Party, Weight
from .shipments import TRADE_TYPES

PARTY_ROLES = ("seller", "buyer", "shipper", "consignee", "notify_party", "signatory")
ATTENTION = re.compile(r"(?:\battn\b|\battention\b|dikkatine|عناية)[^\n]*$", re.IGNORECASE)
# A line that starts another part of the document ends a party's block.
BLOCK_END = re.compile(
    r"^\s*(?:seller|buyer|shipper|consignee|notify|exporter|importer|sold to|ship to|bill to|deliver to|"
    r"consignor|supplier|customer|al[ıi]c[ıi]|sat[ıi]c[ıi]|g[öo]nderici|ihbar|description|hs code|quantity|"
    r"a[çc][ıi]klama|miktar|total|toplam|invoice|fatura|date|tarih|terms|port of|vessel|container|"
    r"authori[sz]ed|signatory|signed|attn|attention|b/l|البائع|المشتري|المرسل إليه|الشاحن|الوصف)\b",
    re.IGNORECASE)
BLOCK_LINES = 4
WEIGHT = re.compile(r"(?P<kind>gross|net|br[üu]t|ا?لوزن ال(?:قائم|صافي))\s*(?:weight|a[ğg][ıi]rl[ıi]k)?\s*[:=]?\s*"
                    r"(?P<num>\d[\d.,]*)\s*(?P<unit>kgs?|kilograms?|t|tons?|tonnes?|mt|كغ|كجم)\b", re.IGNORECASE)
TONNES = {"t", "ton", "tons", "tonne", "tonnes", "mt"}
CHUNK = 500  # ids per IN list (SQLite's bound-parameter limit)


def load_facts(conn: sa.Connection) -> list[DocFacts]:
    """Every processed trade document's facts (invoices and transport documents: what a shipment
    holds), by document id. Only these documents' rows are read, and only the entities their mentions
    name (with those they were merged into): the cost follows the trade documents, not the store."""
    docs = {r["id"]: dict(r) for r in conn.execute(
        sa.select(t.documents.c.id, t.documents.c.file_name, t.documents.c.doc_type)
        .where(t.documents.c.status == "processed", t.documents.c.doc_type.in_(TRADE_TYPES))
        .order_by(t.documents.c.id)).mappings()}
    pages: dict[str, dict[int, tuple[str, tuple[Word, ...]]]] = defaultdict(dict)
    for p in conn.execute(sa.select(t.pages.c.document_id, t.pages.c.page, t.pages.c.text, t.pages.c.words)
                          .where(t.pages.c.document_id.in_(docs))).mappings():
        words = tuple(Word(w[0], (w[1], w[2], w[3], w[4]), w[5], w[6], w[7]) for w in p["words"] or ())
        pages[p["document_id"]][p["page"]] = (p["text"], words)
    fields, items, refs = (_by_document(conn, table, docs) for table in (t.fields, t.line_items, t.commodities))
    # Only the mentions the facts use: places, and the names the party fields point at.
    party_mentions = sorted({f["mention_id"] for fs in fields.values() for f in fs
                             if f["name"] in PARTY_ROLES and f["mention_id"]})
    columns = (t.mentions.c.id, t.mentions.c.document_id, t.mentions.c.page, t.mentions.c.start,
               t.mentions.c.entity_id, t.mentions.c.entity_type)
    mentions = {m["id"]: dict(m) for m in conn.execute(sa.select(*columns).where(
        t.mentions.c.document_id.in_(docs), t.mentions.c.entity_type == "place")).mappings()}
    for i in range(0, len(party_mentions), CHUNK):
        mentions.update((m["id"], dict(m)) for m in conn.execute(sa.select(*columns).where(
            t.mentions.c.id.in_(party_mentions[i:i + CHUNK]))).mappings())
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in sorted(mentions.values(), key=lambda m: m["id"]):  # grouped once: each document reads its own
        by_doc[m["document_id"]].append(m)
    canonical = _canonical_ids(conn, {m["entity_id"] for m in mentions.values() if m["entity_id"]})
    return [_facts(docs[d], pages[d], fields[d], items[d], refs[d], by_doc[d], mentions, canonical) for d in docs]


def _by_document(conn: sa.Connection, table: sa.Table, docs: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in conn.execute(sa.select(table).where(table.c.document_id.in_(docs))
                            .order_by(table.c.document_id, table.c.page, table.c.start, table.c.id)).mappings():
        out[row["document_id"]].append(dict(row))
    return out


def _canonical_ids(conn: sa.Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
    """Each of these entity ids (retired ones too) that exists, to its surviving entity's row: the rows
    are read by id, following replaced_by until every id on the way is read."""
    rows: dict[str, dict[str, Any]] = {}
    asked: set[str] = set()
    todo = set(ids)
    while todo:
        asked |= todo
        ordered = sorted(todo)
        for i in range(0, len(ordered), CHUNK):
            rows.update((r["id"], dict(r)) for r in conn.execute(
                sa.select(t.entities).where(t.entities.c.id.in_(ordered[i:i + CHUNK]))).mappings())
        todo = {r["replaced_by"] for r in rows.values() if r["replaced_by"]} - asked
    out = {}
    for eid in ids & rows.keys():
        seen, cur = set(), eid
        while rows[cur]["replaced_by"] and rows[cur]["replaced_by"] in rows and cur not in seen:
            seen.add(cur)
            cur = rows[cur]["replaced_by"]
        out[eid] = rows[cur]
    return out


def _bbox(value: Any) -> BBox | None:
    return (float(value[0]), float(value[1]), float(value[2]), float(value[3])) if value else None


def _facts(doc: dict[str, Any], pages: dict[int, tuple[str, tuple[Word, ...]]], fields: list[dict[str, Any]],
           items: list[dict[str, Any]], refs: list[dict[str, Any]], own: list[dict[str, Any]],
           mentions: dict[str, dict[str, Any]], canonical: dict[str, dict[str, Any]]) -> DocFacts:
    doc_id = doc["id"]
    first: dict[str, dict[str, Any]] = {}
    for f in fields:
        first.setdefault(f["name"], f)
    places = [(m["page"], m["start"], canonical[m["entity_id"]]) for m in own
              if m["entity_type"] == "place" and m["entity_id"] in canonical]
    parties = []
    for f in fields:
        mention = mentions.get(f["mention_id"] or "")
        if f["name"] not in PARTY_ROLES or not mention or mention["entity_id"] not in canonical:
            continue
        entity = canonical[mention["entity_id"]]
        text = pages.get(f["page"], ("", ()))[0]
        role = f["name"]
        line_start = text.rfind("\n", 0, f["start"]) + 1
        if role == "signatory" and ATTENTION.search(text[line_start:f["start"]]):
            role = "attention"
        block, block_start = _block(text, f["end"])
        block_places = tuple(dict.fromkeys(
            (e["name"], e["lat"], e["lon"]) for page, start, e in sorted(places, key=lambda x: (x[0], x[1]))
            if page == f["page"] and block_start <= start < block_start + len(block) and e["lat"] is not None))
        # Towns near a crossing are looked up too: the name finder takes some (`Nusaybin`) for persons.
        block_places = tuple(dict.fromkeys(block_places + tuple(towns_in(block))))
        words = pages.get(f["page"], ("", ()))[1]
        block_evidence = Evidence(doc_id, f["page"], span_bbox(words, block_start, block_start + len(block)),
                                  " / ".join(block.split("\n"))) if block else None
        parties.append(Party(role, entity["id"], entity["name"], entity["type"],
                             Evidence(doc_id, f["page"], _bbox(f["bbox"]), f"{role}: {f['value']}"),
                             block, block_start, block_places, block_evidence))
    goods = _goods(doc_id, items, refs)
    weights = tuple(w for page, (text, words) in sorted(pages.items()) for w in _weights(doc_id, page, text, words))
    evidence = {name: Evidence(doc_id, f["page"], _bbox(f["bbox"]), f"{name}: {f['value']}")
                for name, f in first.items()}
    total = parse_number(first["total"]["value"]) if "total" in first else None
    return DocFacts(
        id=doc_id, file_name=doc["file_name"], doc_type=doc["doc_type"] or "other",
        number=first["number"]["value"] if "number" in first else None,
        date=first["date"]["value"] if "date" in first else None,
        currency=first["currency"]["value"] if "currency" in first else None, total=total,
        parties=tuple(parties), goods=goods, weights=weights,
        text="\n".join(text for _, (text, _) in sorted(pages.items())), evidence=evidence)


def _block(text: str, after: int) -> tuple[str, int]:
    """The lines under a party's name: its address, activity and registry lines, up to the next part."""
    start = text.find("\n", after)
    if start < 0:
        return "", len(text)
    start += 1
    lines, pos = [], start
    for line in text[start:].split("\n")[:BLOCK_LINES]:
        if not line.strip() or BLOCK_END.match(line):
            break
        lines.append(line)
        pos += len(line) + 1
    return text[start:pos].rstrip("\n"), start


def _goods(doc_id: str, items: list[dict[str, Any]], refs: list[dict[str, Any]]) -> tuple[Goods, ...]:
    used: set[str] = set()
    out = []
    for i in items:
        ref = next((r for r in refs if r["page"] == i["page"] and r["start"] is not None and i["start"] is not None
                    and i["start"] <= r["start"] < i["end"]), None)
        if ref:
            used.add(ref["id"])
        qty_si, unit_si = (ref["quantity_si"], ref["unit_si"]) if ref and ref["quantity_si"] is not None \
            else _si(i["quantity"], i["unit"])
        commodity = ref["commodity"] if ref else " ".join(i["description"].lower().split())
        what = f"{_num(i['quantity'])} {i['unit'] or ''} {i['description']}".strip()
        out.append(Goods(commodity, ref["category"] if ref else None, bool(ref and ref["watchlist"]), i["quantity"],
                         i["unit"], qty_si, unit_si, i["amount"], i["hs_code"] or (ref["hs_code"] if ref else None),
                         Evidence(doc_id, i["page"], _bbox(i["bbox"]), what)))
    for r in refs:
        if r["id"] in used or r["quantity_si"] is None:
            continue
        what = f"{_num(r['quantity'])} {r['unit'] or ''} {r['text']}".strip()
        out.append(Goods(r["commodity"], r["category"], bool(r["watchlist"]), r["quantity"], r["unit"],
                         r["quantity_si"], r["unit_si"], None, r["hs_code"], Evidence(doc_id, r["page"],
                                                                                        _bbox(r["bbox"]), what)))
    return tuple(out)


def _si(quantity: float | None, unit: str | None) -> tuple[float | None, str | None]:
    from ..quantities import si

    if quantity is None or not unit:
        return None, None
    return si(quantity, unit)


def _weights(doc_id: str, page: int, text: str, words: tuple[Word, ...]) -> list[Weight]:
    out = []
    for m in WEIGHT.finditer(text):
        value = parse_number(m.group("num"))
        if value is None:
            continue
        kind = "net" if m.group("kind").lower() in ("net",) or "صافي" in m.group("kind") else "gross"
        kg = value * 1000 if m.group("unit").lower() in TONNES else value
        out.append(Weight(kind, kg, Evidence(doc_id, page, span_bbox(words, m.start(), m.end()),
                                             f"{kind} weight {m.group('num')} {m.group('unit')}")))
    return out


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
