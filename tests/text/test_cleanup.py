"""Image clean-up before OCR and the per-page language choice, against the real tesseract."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import pytesseract
from PIL import Image
from rapidfuzz.distance import Levenshtein

from conftest import DEMO
from fixtures.make_photo import LINES, arabic_page, text_page
from pipeline.text import cleanup, geometry, ocr, script
from pipeline.text.cleanup import Affine, clean
from pipeline.text.ocr import ocr_image, ocr_page

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SHORT = LINES[:12]  # a half page: enough text for OSD, quick to OCR


def squash(s: str) -> str:
    return " ".join(s.split())


def cer(ocr_text: str, gold: str) -> float:
    g = squash(gold)
    return Levenshtein.distance(squash(ocr_text), g) / len(g)


def no_osd(image: Image.Image) -> None:
    raise AssertionError("OSD was run on a page that did not need it")


def test_photo_fixture_raw_tesseract_fails_and_ours_reads_it() -> None:
    image = Image.open(FIXTURES / "photo_invoice.png")
    gold = (FIXTURES / "photo_invoice.txt").read_text("utf-8")
    raw = cer(pytesseract.image_to_string(image, lang="eng+tur"), gold)
    page = ocr_image(image, 1, "eng+tur", None, 120)
    ours = cer(page.text, gold)
    assert raw > 0.5, f"raw tesseract CER {raw:.3f}: the fixture is no longer hard"
    assert ours < 0.05, f"our CER {ours:.3f} (raw {raw:.3f})"
    assert (page.width, page.height) == image.size and page.languages == ("eng",)


def test_photo_fixture_gets_the_photo_steps() -> None:
    cleaned = clean(Image.open(FIXTURES / "photo_invoice.png"), osd=no_osd)
    assert {"illumination", "denoise", "deskew", "binarise"} <= set(cleaned.steps)
    assert cleaned.info["skew"] == pytest.approx(-2.0, abs=0.3)  # drawn turned 2 degrees anticlockwise


def test_clean_scan_gets_no_expensive_step() -> None:
    """The demo invoice scan (grey paper, 0.7 degrees, dust) needs a deskew at most: no evening, no
    smoothing or binarisation, no OSD, no second pass, no Arabic."""
    image = Image.open(DEMO / "invoice_anatolia_scan.png")
    cleaned = clean(image, osd=no_osd)
    assert set(cleaned.steps) <= {"deskew", "denoise"}
    assert "binarise" not in cleaned.steps and "illumination" not in cleaned.steps
    assert "total_ms" in cleaned.info  # its cost is measured by benchmarks/ocr_cleanup.py, not asserted here
    result = ocr_page(image, 1, "eng+tur", None, 120)
    assert "osd" not in result.steps and len(result.info["passes"]) == 1
    assert result.page.languages == ("eng",)
    assert "Anatolia Electronics Trading Ltd" in squash(result.page.text)


def test_clean_synthetic_page_gets_no_step_at_all() -> None:
    assert clean(text_page(SHORT, size=(1240, 1100)), osd=no_osd).steps == ()


def test_page_under_the_minimum_side_is_enlarged() -> None:
    small = clean(text_page(SHORT, size=(1240, 900)), osd=no_osd)
    assert small.steps == ("upscale",) and min(small.image.size) >= cleanup.MIN_SHORT_SIDE


@pytest.mark.parametrize("turned", [90, 180, 270])
def test_turned_page_is_detected_and_read(turned: int) -> None:
    image = text_page(SHORT).rotate(turned, expand=True, fillcolor=255)  # anticlockwise
    result = ocr_page(image, 1, "eng+tur", None, 120)
    assert "orientation" in result.steps
    assert result.info["cleanup"]["osd"]["rotate"] == turned  # OSD: the clockwise turn that fixes it
    assert cer(result.page.text, "\n".join(SHORT)) < 0.05
    assert (result.page.width, result.page.height) == image.size


def test_skewed_page_is_deskewed() -> None:
    image = text_page(SHORT, angle=3.0)
    cleaned = clean(image, osd=no_osd)
    assert "deskew" in cleaned.steps
    assert cleaned.info["skew"] == pytest.approx(-3.0, abs=0.15)
    # The cleaned image's rows are level again: the text lines' ink sits in sharp bands.
    page = ocr_image(image, 1, "eng+tur", None, 120)
    assert cer(page.text, "\n".join(SHORT)) < 0.05


def test_arabic_page_gets_ara_and_a_latin_page_does_not() -> None:
    arabic = ocr_page(arabic_page(), 1, "eng+tur", None, 120)
    assert arabic.page.languages == ("ara", "eng", "tur")  # Arabic as a whole: its model leads
    found = arabic.info.get("osd_after_first_pass") or arabic.info["cleanup"].get("osd")
    assert found["script"] == "Arabic"
    assert "الموصل" in arabic.page.text  # Mosul, read with the Arabic model
    latin = ocr_page(text_page(SHORT), 1, "eng+tur", None, 120)
    assert latin.page.languages == ("eng",) and "osd" not in latin.steps


def test_turkish_page_is_read_again_with_turkish_and_an_english_one_is_not() -> None:
    lines = ["Satıcı: Yıldız Kimya San. ve Tic. A.Ş.", "Fatura No: YKM2024000147 Tarih: 12.02.2024",
             "Alıcı: Güneş Elektronik Ltd. Şti.", "Genel Toplam: 605.790,00 TL"]
    turkish = ocr_page(text_page(lines, size=(1240, 1100)), 1, "eng+tur", None, 120)
    assert turkish.page.languages == ("eng", "tur") and [p["languages"] for p in turkish.info["passes"]] == [
        "eng", "eng+tur"]
    assert "Yıldız Kimya" in turkish.page.text and "Güneş Elektronik Ltd. Şti." in turkish.page.text
    english = ocr_page(text_page(SHORT), 1, "eng+tur", None, 120)
    assert [p["languages"] for p in english.info["passes"]] == ["eng"]


def test_latin_page_with_arabic_lines_gets_ara() -> None:
    """A bilingual invoice: OSD on the badly read lines (not the whole page, which is mostly Latin)."""
    page = text_page(LINES[:8], size=(1240, 1200), px=30)
    page.paste(arabic_page(size=(1240, 420)), (0, 700))
    result = ocr_page(page, 1, "eng+tur", None, 120)
    assert result.page.languages == ("eng", "tur", "ara")
    assert result.info["osd_after_first_pass"]["script"] == "Arabic"
    assert result.info["osd_region"][1] >= 600  # the Arabic part, not the whole page
    assert "Anatolia" in result.page.text and "الموصل" in result.page.text


def test_dithered_one_bit_scan_is_blurred_back_to_grey() -> None:
    image = Image.open(DEMO / "bill_of_lading_scan.png").convert("1")  # grey paper as dots
    result = ocr_page(image, 1, "eng+tur", None, 120)
    assert "denoise" in result.steps and result.info["cleanup"].get("descreened")
    assert "DEMIR KIMYA SAN. VE TIC. LTD. STI." in squash(result.page.text)


def _ink_fraction(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    crop = np.asarray(image.convert("L").crop((x0, y0, x1, y1)))
    return float((crop < 128).mean()) if crop.size else 0.0


def _iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0


def test_word_boxes_of_a_turned_page_map_back_onto_the_original() -> None:
    upright = text_page(SHORT)
    w, _ = upright.size
    turned = upright.rotate(90, expand=True, fillcolor=255)  # (x, y) upright -> (y, w - x) turned
    upright_words = ocr_image(upright, 1, "eng+tur", None, 120).words
    page = ocr_image(turned, 1, "eng+tur", None, 120)
    texts = [wd.text for wd in upright_words] + [wd.text for wd in page.words]
    reference = {wd.text: wd.bbox for wd in upright_words if texts.count(wd.text) == 2}  # once in each
    matched = 0
    for word in page.words:
        if word.text not in reference or len(word.text) < 4:
            continue
        x0, y0, x1, y1 = reference[word.text]
        expected = (y0, w - x1, y1, w - x0)
        assert _iou(word.bbox, expected) > 0.6, (word.text, word.bbox, expected)
        matched += 1
    assert matched >= 20


def test_word_boxes_of_a_skewed_and_upscaled_page_hold_their_words() -> None:
    image = text_page(SHORT, size=(700, 520), px=17, left=40, top=40, angle=2.0)  # small print, turned
    result = ocr_page(image, 1, "eng+tur", None, 120)
    assert {"deskew", "upscale"} <= set(result.steps)
    page = result.page
    assert (page.width, page.height) == image.size
    assert len(page.words) > 40
    for word in page.words:
        x0, y0, x1, y1 = word.bbox
        assert 0 <= x0 < x1 <= image.width and 0 <= y0 < y1 <= image.height
        assert _ink_fraction(image, word.bbox) > 0.05, word  # a crop of the original shows the word
        assert page.text[word.start:word.end] == word.text


def test_affine_inverse_and_quarter_turns_are_exact() -> None:
    m = Affine.translate(12.5, -3) @ Affine.rotate(1.7) @ Affine.scale(2.0, 2.0)
    x, y = m.inverse()(*m(100.0, 40.0))
    assert (x, y) == (pytest.approx(100.0), pytest.approx(40.0))
    img = Image.new("L", (40, 20), 255)
    img.putpixel((3, 5), 0)
    for turn in (90, 180, 270):
        out, mm = geometry.turn(img, Affine(), turn)
        cx, cy = mm(3.5, 5.5)  # the pixel's centre
        assert out.getpixel((math.floor(cx), math.floor(cy))) == 0


def test_cache_key_follows_the_cleanup_version(monkeypatch: pytest.MonkeyPatch) -> None:
    image = text_page(["cache"], size=(200, 80), px=20, left=10, top=10)
    before = ocr._cache_key(image, "eng+tur", 3, None, cleanup.STEPS)
    monkeypatch.setattr(ocr, "CLEANUP_VERSION", "cleanup.test")
    assert ocr._cache_key(image, "eng+tur", 3, None, cleanup.STEPS) != before


def test_ocr_cache_keeps_languages_and_steps(tmp_path: Path) -> None:
    image = text_page(SHORT, size=(1240, 1100), angle=2.0)
    first = ocr_page(image, 1, "eng+tur", tmp_path, 120)
    again = ocr_page(image, 1, "eng+tur", tmp_path, 120)
    assert again.cached and not first.cached
    assert again.page == first.page and again.steps == first.steps == ("deskew",)


def test_with_arabic_adds_ara_once() -> None:
    if "ara" not in script.installed_languages():
        pytest.skip("tesseract has no ara model here")
    assert script.with_arabic("eng+tur") == "eng+tur+ara"
    assert script.with_arabic("eng+tur+ara") == "eng+tur+ara"
    assert script.with_arabic("eng+tur", first=True) == script.with_arabic("eng+tur+ara", first=True) == "ara+eng+tur"


def _specks_by_hand(ink: np.ndarray, x_height: float) -> tuple[set[tuple[int, int]], int]:
    """find_specks' rule, group by group with loops: the groups that hit and the number of specks."""
    k = int(min(24, max(2, round(0.35 * x_height))))
    m = int(max(1, math.ceil(x_height / k)))
    gh, gw = ink.shape[0] // k, ink.shape[1] // k
    blocks = ink[: gh * k, : gw * k].reshape(gh, k, gw, k).sum(axis=(1, 3))
    hits = set()
    for i in range(gh - 1):
        for j in range(gw - 1):
            group = blocks[i:i + 2, j:j + 2].sum()
            wide = blocks[max(i - m, 0):i + 2 + m, max(j - m, 0):j + 2 + m].sum()
            if 0 < group <= (0.5 * x_height) ** 2 and wide == group:
                hits.add((i, j))
    return hits, sum(1 for i, j in hits if (i - 1, j) not in hits and (i, j - 1) not in hits)


@pytest.mark.parametrize("seed", range(6))
def test_find_specks_follows_its_rule_to_the_page_edges(seed: int) -> None:
    rng = np.random.default_rng(seed)
    ink = np.zeros((181, 243), bool)
    for _ in range(12):  # dots, some at the borders, some close to others
        y, x = rng.integers(0, 179), rng.integers(0, 241)
        ink[y:y + rng.integers(1, 4), x:x + rng.integers(1, 4)] = True
    ink[60:80, 100:190] = True  # a word
    marks, k, count = cleanup.find_specks(ink, 20.0)
    hits, expected = _specks_by_hand(ink, 20.0)
    assert count == expected and count > 0
    marked = {(i + di, j + dj) for i, j in hits for di in (0, 1) for dj in (0, 1)}
    assert set(zip(*np.nonzero(marks))) == marked
    assert not marks[60 // k:80 // k, 100 // k:190 // k].any()  # the word's blocks are never painted over


@pytest.mark.parametrize("q", [1, 2, 50, 75, 98])
def test_percentiles_from_a_histogram_match_numpy(q: float) -> None:
    rng = np.random.default_rng(int(q))
    for n in (1, 2, 41, 1000, 100_003):
        values = rng.integers(rng.integers(0, 100), 256, n).astype(np.uint8)
        assert cleanup._hist_percentile(np.bincount(values, minlength=256), q) == np.percentile(values, q)
        if q == 75 and n > 1:
            assert cleanup._percentile75(values.astype(np.float64)) == np.percentile(values, 75)
