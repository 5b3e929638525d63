"""spaCy NER over English text, with its labels mapped to the store's entity types."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ..model import EntityType, Mention, Page
from ..model import span_bbox

if TYPE_CHECKING:
    from spacy.language import Language

LABELS: dict[str, EntityType] = {"ORG": "organization", "PERSON": "person", "GPE": "place", "LOC": "place",
                                 "FAC": "place"}
# Words on trade forms that the English model takes for names.
NOISE = re.compile(r"^(seller|buyer|shipper|consignee|notify|party|invoice|date|total|currency|vessel|container|"
                   r"description|quantity|amount|unit|price|port|hs|code|no|b/l|bill|lading|signatory|authorised|"
                   r"usd|eur|try|gross|net|weight|dear|sincerely|regards|subject|attn)\b", re.IGNORECASE)


@functools.cache
def load_nlp(name: str) -> "Language":
    """Load a spaCy pipeline once per process; only NER and what it needs run."""
    import spacy

    return spacy.load(name, exclude=["lemmatizer"])


def ner_mentions(pages: tuple[Page, ...], nlp: "Language") -> list[Mention]:
    texts = [p.text for p in pages]
    out: list[Mention] = []
    for page, doc in zip(pages, nlp.pipe(texts, batch_size=64)):
        for ent in doc.ents:
            kind = LABELS.get(ent.label_)
            text = ent.text.split("\n", 1)[0].strip(" ,.;:\"'()")  # a name does not run across lines
            if kind is None or len(text) < 2 or NOISE.match(text) or not any(c.isalpha() for c in text):
                continue
            start = ent.start_char + ent.text.find(text) if text else ent.start_char
            end = start + len(text)
            out.append(Mention(text, kind, ent.label_, page.number, start, end,
                               span_bbox(page.words, start, end), 0.6, f"spacy:{nlp.meta['name']}-{nlp.meta['version']}"))
    return out
