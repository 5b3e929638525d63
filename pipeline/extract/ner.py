"""spaCy NER routed by language: English blocks to the pinned English model, Turkish blocks to the model
trained in models/tr_ner; labels mapped to the store's entity types."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import EntityType, Mention, Page
from ..model import span_bbox
from .language import Block, language_blocks

if TYPE_CHECKING:
    from spacy.language import Language

TURKISH_MODEL = Path(__file__).resolve().parents[2] / "models" / "tr_ner"
LABELS: dict[str, EntityType] = {"ORG": "company", "PERSON": "person", "GPE": "place", "LOC": "place",
                                 "FAC": "place"}
# An ORG that is a public body, not a business: ministries, customs and tax offices, authorities, councils.
PUBLIC_BODY = re.compile(
    r"\b(ministry|ministère|bakanlığı|bakanligi|customs|gümrük|gumruk|müdürlüğü|mudurlugu|directorate|authority|"
    r"council|chamber|odası|programme|program|agency|police|polis|jandarma|gendarmerie|army|ordusu|state|"
    r"devlet|nations|united nations|commission|committee|department|office|valiliği|belediyesi|municipality|"
    r"university|üniversitesi|v\.?\s?d\.?|vergi dairesi|court|mahkemesi|front|brigade|tugayı|group|"
    r"government|hükümeti|secretariat|embassy|büyükelçiliği|consulate)\b", re.IGNORECASE)
# Words on trade forms that the English model takes for names.
NOISE = re.compile(r"^(seller|buyer|shipper|consignee|notify|party|invoice|date|total|currency|vessel|container|"
                   r"description|quantity|amount|unit|price|port|hs|code|no|b/l|bill|lading|signatory|authorised|"
                   r"usd|eur|try|gross|net|weight|dear|sincerely|regards|subject|attn|fatura|tarih|toplam|"
                   r"alıcı|satıcı|gtip|adet|miktar|tutar)\b", re.IGNORECASE)
SUFFIX = re.compile(r"(?:['’](?:s|[a-zçğıöşüâîû]{1,9})|['’])$")  # Mersin'den, Islamic State's
ABBREVIATION = re.compile(r"(?:^|[\s.])[A-Za-zÇĞİÖŞÜçğıöşü]{1,4}\.$")
LEADING = re.compile(r"^(?:the|The|THE)\s+")


@functools.cache
def load_nlp(name: str) -> "Language":
    """Load a spaCy pipeline once per process, its NER alone.

    The NER of the small English model has its own token vectors; the tagger and parser only added the
    parser's sentence boundaries, which change a handful of entities and none of docintel's scores
    (ner-en 0.578, ner-trade 0.688 either way), at 1.9x the time.
    """
    import spacy

    return spacy.load(name, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])


@functools.cache
def load_turkish(path: Path = TURKISH_MODEL) -> "Language | None":
    """The Turkish NER pipeline shipped in models/tr_ner (None where it was not trained)."""
    if not (path / "meta.json").exists():
        return None
    import spacy

    return spacy.load(path)


def ner_mentions(pages: tuple[Page, ...], nlp: "Language", turkish: "Language | None" = None) -> list[Mention]:
    """Entity mentions from spaCy on each page's Latin blocks, each block read by its language's model."""
    jobs: dict[str, list[tuple[Page, Block]]] = {"en": [], "tr": []}
    for page in pages:
        for block in language_blocks(page.text):
            if block.language in jobs:
                jobs["tr" if block.language == "tr" and turkish is not None else "en"].append((page, block))
    out: list[Mention] = []
    for lang, items in jobs.items():
        model = turkish if lang == "tr" else nlp
        if not items or model is None:
            continue
        texts = [p.text[b.start:b.end] for p, b in items]
        for (page, block), doc in zip(items, model.pipe(texts, batch_size=64)):
            out += _mentions(page, block.start, doc, model)
    return sorted(out, key=lambda m: (m.page, m.start))


def _mentions(page: Page, base: int, doc, model: "Language") -> list[Mention]:
    out = []
    extractor = f"spacy:{model.meta['name']}-{model.meta['version']}"
    for ent in doc.ents:
        kind = LABELS.get(ent.label_)
        text = ent.text.split("\n", 1)[0].strip(" ,;:\"'()“”")  # a name does not run across lines
        text = SUFFIX.sub("", LEADING.sub("", text)).rstrip(" ,;:")
        if text.endswith(".") and not ABBREVIATION.search(text):
            text = text.rstrip(".")  # the sentence's full stop, not `U.S.` or `Inc.`
        if kind is None or len(text) < 2 or NOISE.match(text) or not any(c.isalpha() for c in text):
            continue
        if kind == "company" and PUBLIC_BODY.search(text):
            kind = "organization"
        start = base + ent.start_char + ent.text.find(text)
        end = start + len(text)
        out.append(Mention(text, kind, ent.label_, page.number, start, end, span_bbox(page.words, start, end),
                           0.6, extractor))
    return out
