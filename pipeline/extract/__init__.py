"""Extract stage: who and what a document names, with a span and a box for every mention."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import DocumentText, Extraction, Field, Mention
from ..parse import PARTY_FIELDS, classify, read_fields
from ..text.layout import span_bbox
from .commodities import find_commodities
from .language import detect_languages
from .names import LEGAL, company_mentions
from .ner import load_nlp, ner_mentions

if TYPE_CHECKING:
    from spacy.language import Language

# When mentions overlap, the surer extractor wins: a labelled party, then a legal form, then NER.
PRIORITY = {"labels.v1": 0, "legal_form.v1": 1}


def extract(text: DocumentText, nlp: "Language") -> Extraction:
    """Document type, fields, entity mentions and commodity references of one document's pages."""
    pages = text.pages
    full = "\n\n".join(p.text for p in pages)
    doc_type, confidence = classify(full)
    fields = read_fields(pages)
    mentions = _party_mentions(fields, text) + [m for p in pages for m in company_mentions(p)]
    english = tuple(p for p in pages if p.text.strip())
    mentions += ner_mentions(english, nlp)
    commodities = tuple(c for p in pages for c in find_commodities(p))
    return Extraction(
        doc_type=doc_type, doc_type_confidence=confidence, languages=detect_languages(full),
        fields=tuple(fields), mentions=tuple(_dedupe(mentions)), commodities=commodities,
    )


def _party_mentions(fields: list[Field], text: DocumentText) -> list[Mention]:
    by_number = {p.number: p for p in text.pages}
    out = []
    for f in fields:
        if f.name not in PARTY_FIELDS:
            continue
        kind = "person" if f.name == "signatory" and not LEGAL.search(f.value) else "company"
        page = by_number[f.page]
        # A party line often carries an address after a comma: the name is what precedes it.
        raw = page.text[f.start:f.end]
        cut = raw.find(",")
        name = raw[:cut] if cut > 0 and not LEGAL.search(raw[cut:cut + 12]) else raw
        out.append(Mention(name, kind, f"field:{f.name}", f.page, f.start, f.start + len(name),
                           span_bbox(page.words, f.start, f.start + len(name)), f.confidence, "labels.v1"))
    return out


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (PRIORITY.get(m.extractor, 9), m.page, m.start)):
        if any(k.page == m.page and k.start < m.end and m.start < k.end for k in kept):
            continue
        kept.append(m)
    return sorted(kept, key=lambda m: (m.page, m.start, m.end))


__all__ = ["extract", "load_nlp"]
