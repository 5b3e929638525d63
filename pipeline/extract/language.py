"""Which of English, Turkish and Arabic a text is in, from its script and a few frequent words, for a whole
document and for each block of lines (which routes a block to the English or Turkish model or the Arabic rules)."""

from __future__ import annotations

import re
from dataclasses import dataclass

ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")
TURKISH_LETTERS = re.compile(r"[ğĞışŞİ]")
TURKISH_WORDS = re.compile(r"\b(ve|bir|ile|için|olarak|tarih|fatura|sayın|adet|şti|san|tic|limited şirketi|caddesi|"
                           r"mahallesi|sokak|teslim|ödeme|toplam)\b", re.IGNORECASE)
ENGLISH_WORDS = re.compile(r"\b(the|and|of|to|for|invoice|date|total|with|from|shipper|consignee|dear)\b",
                           re.IGNORECASE)


def detect_languages(text: str) -> tuple[str, ...]:
    """ISO 639-1 codes of the languages present, most present first; empty for a text with no words."""
    scores = {
        "ar": len(ARABIC.findall(text)) / 4,
        "tr": 3 * len(TURKISH_LETTERS.findall(text)) + 2 * len(TURKISH_WORDS.findall(text)),
        "en": 2 * len(ENGLISH_WORDS.findall(text)),
    }
    found = [k for k, v in sorted(scores.items(), key=lambda kv: -kv[1]) if v >= 2]
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Block:
    """A run of lines in one language: `start`/`end` are offsets into the page text."""

    start: int
    end: int
    language: str  # en | tr | ar


def line_language(line: str) -> str | None:
    """`ar` when most letters are Arabic, `tr` or `en` from letters and words, None for a line with no sign."""
    letters = sum(1 for c in line if c.isalpha())
    if not letters:
        return None
    if len(ARABIC.findall(line)) * 2 >= letters:
        return "ar"
    tr = 3 * len(TURKISH_LETTERS.findall(line)) + 2 * len(TURKISH_WORDS.findall(line))
    en = 2 * len(ENGLISH_WORDS.findall(line))
    if tr > en:
        return "tr"
    return "en" if en else None


# Words that are English and not Turkish (`on`, `at`, `an` are Turkish words too: ten, horse, moment).
EN_FUNCTION = re.compile(r"\b(the|and|of|to|for|with|from|is|are|was|were|we|our|by|this|that|please|has|have|"
                         r"will|shall|which|you|your|their|would|could|should|been|being)\b", re.IGNORECASE)
TR_FUNCTION = re.compile(r"(?<!['’])\b(bir|ile|için|olarak|bu|şu|da|de|ki|çok|olan|gibi|daha|ama|veya|tarafından|edildi|"
                         r"yapılan|sayın|ve(?!\s+t[iı]c)|ise|kadar|sonra|önce|olan|olup|edilen|üzere|göre|"
                         r"[a-zçğıöşü]+(?:dir|dır|dur|dür|tir|tır|tur|tür|miştir|mıştır|ecektir|acaktır))\b",
                         re.IGNORECASE)


# A Turkish case or derivational suffix after an apostrophe (`Tings'in`, `Show'un`, `Eminem'i`, `ABD'li`):
# English writes only 's, 't, 're, 've, 'll, 'd, 'm there.
TR_APOSTROPHE_SUFFIX = re.compile(r"(?<=\w)['’](?:n?[iıuü]n|[iıuü]|y?[ei]|y?[aı]|[dt][ae]n?|[dt][ae]ki|y?l[ae]|l[iıuü]k?|"
                                  r"[iıuü]ncü|[dt][iıuü]r|ler|lar)\b")
TR_LABELS = re.compile(r"\b(alıcı|alici|satıcı|satici|fatura|faturası|tarih|tarihi|toplam|adet|miktar|tutar|gönderici|"
                       r"gonderici|teslim|ödeme|açıklama|birim|fiyat|vergi|irsaliye|sayın)\b", re.IGNORECASE)
LEGAL_FILLER = re.compile(r"\b(?:san|tic|şti|sti|ltd|a\.ş)\b\.?", re.IGNORECASE)


def latin_language(text: str, default: str | None = None) -> str:
    """`tr` or `en` for Latin text, from function words (a Turkish company name on an English invoice does
    not make it Turkish), then form labels, then Turkish letters; else `default` (the whole text's)."""
    en = len(EN_FUNCTION.findall(text))
    tr = len(TR_FUNCTION.findall(text)) + len(TR_APOSTROPHE_SUFFIX.findall(text))
    if en or tr:
        if tr == en:  # a Turkish sentence quoting an English title: Turkish letters decide
            return "tr" if len(TURKISH_LETTERS.findall(LEGAL_FILLER.sub("", text))) >= 2 else "en"
        return "tr" if tr > en else "en"
    if TR_LABELS.search(text) or ENGLISH_WORDS.search(text):
        return "tr" if len(TR_LABELS.findall(text)) > len(ENGLISH_WORDS.findall(text)) else "en"
    if len(TURKISH_LETTERS.findall(LEGAL_FILLER.sub("", text))) >= 2:
        return "tr"
    return default or "en"


def language_blocks(text: str) -> list[Block]:
    """The text cut into blocks in one language. Latin lines take the language of their paragraph (lines
    up to a blank line; a Turkish company name on an English invoice stays English), Arabic lines are
    blocks of their own."""

    blocks: list[Block] = []
    whole = latin_language(text)
    for para in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", text):
        latin = latin_language(para.group(0), whole)
        for m in re.finditer(r"[^\n]+", para.group(0)):
            lang = "ar" if line_language(m.group(0)) == "ar" else latin
            start, end = para.start() + m.start(), para.start() + m.end()
            if blocks and blocks[-1].language == lang and not text[blocks[-1].end:start].count("\n") > 1:
                blocks[-1] = Block(blocks[-1].start, end, lang)
            else:
                blocks.append(Block(start, end, lang))
    return blocks
