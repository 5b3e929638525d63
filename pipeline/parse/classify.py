"""Document type from title words in English, Turkish and Arabic, with a confidence."""

from __future__ import annotations

import re

from ..model import DOC_TYPES

# (pattern, weight): titles weigh more than words that merely occur in such documents.
CUES: dict[str, list[tuple[str, float]]] = {
    "invoice": [(r"commercial\s+invoice|proforma\s+invoice|tax\s+invoice", 3), (r"^\W*invoice\b", 2), (r"\binvoice\b", 0.6),
                (r"\bfatura(s[ıi])?\b", 2.5), (r"فاتورة", 2.5),
                (r"\brechnung\b|\bfacture\b|\breceipt\b|\bcash\s+(bill|sale)\b", 2), (r"\bunit\s+price\b|birim\s+fiyat", 0.5)],
    "packing_list": [(r"packing\s+list|packing\s+slip", 3), (r"[çc]eki\s+listesi|paket\s+listesi", 3),
                     (r"\bİrsaliye\b|\birsaliye\b", 2.5), (r"net\s+weight|gross\s+weight", 0.3)],
    "bill_of_lading": [(r"bill\s+of\s+lading|\bb\s*/\s*l\s+no\b|air\s*way\s*bill|\bawb\b", 3),
                       (r"kon[şs]imento", 3), (r"بوليصة\s+الشحن|بوليصة\s+شحن", 3),
                       (r"port\s+of\s+loading|notify\s+party|\bvessel\b", 0.8)],
    "cargo_manifest": [(r"cargo\s+manifest|\bmanifest\b|manifesto", 3)],
    "customs_declaration": [(r"customs\s+declaration|single\s+administrative\s+document", 3),
                            (r"g[üu]mr[üu]k\s+beyannamesi", 3), (r"بيان\s+جمركي", 3)],
    "correspondence": [(r"^\s*dear\b", 2.5), (r"\bsincerely\b|\bbest\s+regards\b|\byours\s+faithfully\b", 1.5),
                       (r"^\s*say[ıi]n\b", 2.5), (r"sayg[ıi]lar[ıi]m[ıi]zla", 1.5), (r"^\s*(from|subject|konu):", 1.5)],
}
_COMPILED = {k: [(re.compile(p, re.IGNORECASE | re.MULTILINE), w) for p, w in v] for k, v in CUES.items()}


def classify(text: str) -> tuple[str, float]:
    """The most likely document type of the text (first page weighs most) and a 0..1 confidence."""
    head = text[:1500]
    scores = {k: 0.0 for k in DOC_TYPES}
    for kind, cues in _COMPILED.items():
        for pattern, weight in cues:
            if pattern.search(head):
                scores[kind] += weight
            elif pattern.search(text):
                scores[kind] += weight / 3
    best = max(scores, key=lambda k: (scores[k], -DOC_TYPES.index(k)))
    total = sum(scores.values())
    if scores[best] < 1.0:
        return "other", round(max(0.3, 1 - total / 3), 2)
    return best, round(min(0.99, scores[best] / (total + 1.0) + 0.25), 2)
