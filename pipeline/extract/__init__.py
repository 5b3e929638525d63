"""Extract stage: who and what a document names, with a span and a box for every mention."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import CommodityRef, DocumentText, Field, HsCodeRef, LineItem, Mention, Page, span_bbox
from .commodities import find_commodities
from .hscodes import hs_code_refs
from .language import detect_languages
from .names import LEGAL, company_mentions
from .ner import load_nlp, load_turkish, ner_mentions
from .places import as_place, rule_mentions

if TYPE_CHECKING:
    from spacy.language import Language

# When mentions overlap, the surer extractor wins: a labelled party, then a legal form, the Arabic name
# rules, spaCy, and last a place known only to the gazetteer.
PRIORITY = {"labels.v1": 0, "legal_form.v1": 1, "arabic_names.v1": 2, "arabic_script.v1": 2, "letterhead.v1": 3,
            "geonames.v1": 6}
NER_PRIORITY = 5


PARTY_FIELDS = ("seller", "buyer", "shipper", "consignee", "notify_party", "signatory")


@dataclass(frozen=True, slots=True)
class Found:
    languages: tuple[str, ...]
    mentions: tuple[Mention, ...]
    commodities: tuple[CommodityRef, ...]
    hs_codes: tuple[HsCodeRef, ...] = ()


def extract(text: DocumentText, nlp: "Language", fields: tuple[Field, ...] = (),
            turkish: "Language | None" = None, items: tuple[LineItem, ...] = ()) -> Found:
    """Languages, entity mentions and commodity references of one document's pages. Party fields the
    parse stage read become mentions of their own, surer than what NER finds in the same place. English
    blocks go to `nlp`, Turkish ones to `turkish` (default: the model in models/tr_ner), Arabic script to
    the rules and the gazetteer. Every HS code written on a page is recorded and checked, those the
    parse stage read under an HS column of `items` included."""
    pages = text.pages
    turkish = turkish if turkish is not None else load_turkish()
    mentions = _party_mentions(fields, text) + [m for p in pages for m in company_mentions(p)]
    commodities = tuple(c for p in pages for c in find_commodities(p))
    goods = [(c.page, c.start, c.end) for c in commodities]
    # spaCy takes goods for firms (`LiPo`) and towns for organisations: a good is not a name, and a
    # name that is a known town or country (GeoNames) is a place.
    turkish_ner = f"spacy:{turkish.meta['name']}-" if turkish is not None else None
    found = [as_place(m, region_only=bool(turkish_ner) and m.extractor.startswith(turkish_ner))
             for m in ner_mentions(tuple(p for p in pages if p.text.strip()), nlp, turkish)
             if not any(pg == m.page and s < m.end and m.start < e for pg, s, e in goods)]
    mentions += found + [m for p in pages for m in rule_mentions(p)]
    return Found(
        languages=detect_languages("\n\n".join(p.text for p in pages)),
        mentions=tuple(_dedupe(mentions)),
        commodities=commodities,
        hs_codes=tuple(h for p in pages for h in hs_code_refs(p, _item_codes(p, items))),
    )


def _item_codes(page: Page, items: tuple[LineItem, ...]) -> tuple[tuple[str, int, int], ...]:
    """Where each line item's HS code stands in its row, as written (`7603.20`, `760320`, `7603 20`)."""
    out = []
    for i in items:
        if i.page != page.number or not i.hs_code or i.end <= i.start:
            continue
        m = re.search(r"(?<!\d)" + r"[.\s]?".join(map(re.escape, i.hs_code)) + r"(?:\.\d{2})*(?![\d.,]\d)",
                      page.text[i.start:i.end])
        if m:
            out.append((m.group(0).strip(), i.start + m.start(), i.start + m.start() + len(m.group(0).strip())))
    return tuple(out)


def _party_mentions(fields: tuple[Field, ...], text: DocumentText) -> list[Mention]:
    by_number = {p.number: p for p in text.pages}
    out = []
    for f in fields:
        if f.name not in PARTY_FIELDS or f.end <= f.start:
            continue  # not a party, or read from somewhere other than the page text (an embedded e-invoice)
        kind = "person" if f.name == "signatory" and not LEGAL.search(f.value) else "company"
        page = by_number[f.page]
        # A party line often carries an address after a comma: the name is what precedes it.
        raw = page.text[f.start:f.end]
        cut = raw.find(",")
        name = raw[:cut] if cut > 0 and not LEGAL.search(raw[cut:cut + 12]) else raw
        # A letterhead issuer is a guess from the top of the page: names found by rule inside it win.
        extractor = "letterhead.v1" if f.extractor == "letterhead.v1" else "labels.v1"
        out.append(Mention(name, kind, f"field:{f.name}", f.page, f.start, f.start + len(name),
                           span_bbox(page.words, f.start, f.start + len(name)), f.confidence, extractor))
    return out


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (PRIORITY.get(m.extractor, NER_PRIORITY), m.page, m.start)):
        if any(k.page == m.page and k.start < m.end and m.start < k.end for k in kept):
            continue
        kept.append(m)
    return sorted(kept, key=lambda m: (m.page, m.start, m.end))


__all__ = ["PARTY_FIELDS", "Found", "extract", "load_nlp", "load_turkish"]
