"""Which way up a page is and which script it is in (tesseract's OSD), and the OCR languages that follow."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

# OSD names one Arabic script for Arabic, Persian, Urdu...; the `ara` model is the one installed here.
ARABIC_SCRIPTS = frozenset({"Arabic"})
MIN_SCRIPT_CONFIDENCE = 2.0  # OSD said Arabic with 73 on the Arabic test page and on the Arabic lines of a Latin one


@dataclass(frozen=True, slots=True)
class Osd:
    rotate: int  # degrees to turn the page clockwise so its text is upright (0, 90, 180, 270)
    orientation_confidence: float
    script: str | None
    script_confidence: float


def detect(image: "Image.Image", timeout: float = 30) -> Osd | None:
    """tesseract --psm 0 on the image; None when it cannot tell (too few characters, a blank page)."""
    import pytesseract

    from . import tessapi

    if tessapi.enabled():
        found = tessapi.orientation(image)
        return Osd(found[0] % 360, found[1], found[2] or None, found[3]) if found else None

    try:
        d = pytesseract.image_to_osd(image, config="--psm 0", output_type=pytesseract.Output.DICT,
                                     timeout=max(1, round(timeout)))
    except pytesseract.TesseractError:
        return None
    except RuntimeError:  # the timeout fired
        return None
    try:
        return Osd(int(d["rotate"]) % 360, float(d["orientation_conf"]), str(d["script"]) or None,
                   float(d["script_conf"]))
    except (KeyError, TypeError, ValueError):
        return None


@functools.cache
def installed_languages() -> frozenset[str]:
    import pytesseract

    try:
        return frozenset(pytesseract.get_languages(config=""))
    except Exception:  # noqa: BLE001 - an unknown list means: do not add anything
        return frozenset()


def is_arabic(osd: Osd | None) -> bool:
    return bool(osd and osd.script in ARABIC_SCRIPTS and osd.script_confidence >= MIN_SCRIPT_CONFIDENCE)


def with_arabic(languages: str, first: bool = False) -> str:
    """The configured languages plus `ara` (when tesseract has it and it is not there already); first
    for a page that is Arabic as a whole: tesseract favours its first language, and an Arabic page read
    `eng+tur+ara` loses its title and date to Latin look-alikes (`JLou!` for `إيصال`)."""
    parts = [p for p in languages.split("+") if p and p != "ara"]
    if "ara" not in installed_languages():
        return languages
    return "+".join(["ara", *parts] if first else [*parts, "ara"])


# Words that English, Malay, German or French trade papers do not use and Turkish ones do, as an English
# pass reads them (no Turkish letters: `sayin`, `sirket`, `odeme`).
TURKISH_WORDS = frozenset("""
ve ile icin bir bu olan olarak fatura faturasi tarih tarihi toplam genel tutar tutari adet miktar birim fiyat
kdv vergi dairesi vkn tckn sayin sayın saygilarimizla sirketi sti san tic ith ihr anonim limited irsaliye
konsimento gumruk beyannamesi beyanname gtip alici satici gonderici teslim odeme havale mahallesi mah caddesi
cad sokak sok bulvari ili ilce yalniz turk lirasi tl kasa fis fisi nakit kredi karti iade aciklama
""".split())


def looks_turkish(words: Iterable[str]) -> bool:
    """Whether words read by an English pass look Turkish: at least two distinct Turkish words."""
    seen = {w.strip(".,:;()[]'\"").lower() for w in words}
    return len(seen & TURKISH_WORDS) >= 2


def without_turkish(languages: str) -> str:
    """The languages less `tur` when English is among them (the English-first pass), else unchanged."""
    parts = languages.split("+")
    if "tur" in parts and "eng" in parts:
        return "+".join(p for p in parts if p != "tur")
    return languages
