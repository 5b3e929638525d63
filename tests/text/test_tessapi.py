"""tesseract in process (text.tessapi) against the `tesseract` command: the same words, boxes and OSD."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PIL import Image

from conftest import DEMO
from pipeline.errors import DocumentError, LimitExceeded
from pipeline.text import ocr, script, tessapi

pytestmark = pytest.mark.skipif(tessapi.library() is None, reason="libtesseract of the command's version not found")


@pytest.fixture
def library() -> Iterator[None]:
    """The library switched on for one test, then off again (the command is this process's default)."""
    tessapi.enable()
    yield
    tessapi.enable(False)
    tessapi.shutdown()


def both(fn):  # type: ignore[no-untyped-def]
    """fn() by the command, then by the library."""
    tessapi.enable(False)
    by_command = fn()
    tessapi.enable()
    try:
        return by_command, fn()
    finally:
        tessapi.enable(False)


@pytest.mark.parametrize("name, dpi, languages", [
    ("invoice_anatolia_scan.png", None, "eng+tur"),  # read twice: English, then Turkish
    ("bill_of_lading_scan.png", 300, "eng+tur"),
])
def test_the_library_reads_a_page_exactly_as_the_command(name: str, dpi: int | None, languages: str) -> None:
    image = Image.open(DEMO / name)
    command, library = both(lambda: ocr.ocr_page(image, 1, languages, None, 120, dpi))
    assert len(command.page.words) > 50
    assert library.page.words == command.page.words  # texts, boxes, confidences
    assert (library.languages, library.steps) == (command.languages, command.steps)


def test_orientation_and_script_as_the_command_says() -> None:
    turned = Image.open(DEMO / "bill_of_lading_scan.png").convert("L").rotate(90, expand=True)
    command, library = both(lambda: script.detect(turned))
    assert command is not None and command.rotate == 90 and command.script == "Latin"
    assert library == command


def test_a_blank_page_has_no_orientation(library: None) -> None:
    assert script.detect(Image.new("L", (600, 400), 255)) is None


def test_the_deadline_stops_recognition(library: None) -> None:
    image = Image.open(DEMO / "bill_of_lading_scan.png").convert("L")
    with pytest.raises(LimitExceeded, match="page 3 took over"):
        tessapi.image_to_data(image, "eng", 3, None, 0.05, "page 3 took over the limit")


def test_a_language_tesseract_lacks_is_a_document_error(library: None) -> None:
    with pytest.raises(DocumentError, match="language data for 'xyz'"):
        tessapi.image_to_data(Image.new("L", (100, 100), 255), "xyz", 3, None, 10, "over")


def test_models_are_loaded_once_and_idle_ones_bounded(library: None) -> None:
    image = Image.open(DEMO / "invoice_anatolia_scan.png").convert("L").crop((0, 0, 1654, 600))
    for _ in range(3):
        tessapi.image_to_data(image, "eng", 3, None, 60, "over")
    assert [langs for langs, _ in tessapi._idle] == ["eng"]  # one API, reused
    for i in range(tessapi.MAX_IDLE + 2):
        tessapi.image_to_data(image, "eng+tur" if i % 2 else "eng", 6, None, 60, "over")
    assert sorted(langs for langs, _ in tessapi._idle) == ["eng", "eng+tur"]


@pytest.mark.parametrize("tsv, columns", [
    ("5\t1\t1\t1\t1\t1\t10\t20\t30\t40\t96.58\tWord", {"conf": [96], "text": ["Word"], "left": [10]}),
    ("4\t1\t1\t1\t1\t0\t10\t20\t300\t40\t-1\t", {"conf": [-1], "text": [""]}),
    ("1\t1\t0\t0\t0\t0\t0\t0\t800\t600\t-1", {"conf": [-1], "text": [""]}),  # the last cell may be missing
])
def test_tsv_columns_are_converted_as_pytesseract_does(tsv: str, columns: dict) -> None:
    parsed = tessapi.parse_tsv(tsv)
    for name, values in columns.items():
        assert parsed[name] == values
