"""Which of English, Turkish and Arabic a text is in, from its script and a few frequent words."""

from __future__ import annotations

import re

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
