"""Shared fixtures: settings on temporary folders, the demo corpus, a demo store processed once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from pipeline.settings import Settings, sqlite_url

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "demo"
DEMO_FILES = sorted(p for p in DEMO.iterdir() if p.suffix in {".pdf", ".png", ".txt"})


def make_settings(base: Path, cache: Path | None = None) -> Settings:
    return Settings(home=base / "var", store_url=sqlite_url(base / "var" / "docintel.sqlite"),
                    cache_dir=cache or base / "cache", inbox=base / "inbox")


@pytest.fixture(scope="session")
def ocr_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One OCR cache for the session, so each page image is OCRed for real once and then reused."""
    return tmp_path_factory.mktemp("ocr-cache")


@pytest.fixture
def settings(tmp_path: Path, ocr_cache: Path) -> Settings:
    return make_settings(tmp_path, ocr_cache)


@pytest.fixture(scope="session")
def demo_inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo documents plus the two bad files issue 2 names, in an inbox of its own."""
    inbox = tmp_path_factory.mktemp("inbox")
    for p in DEMO_FILES:
        shutil.copy2(p, inbox / p.name)
    # The scanned bill of lading again, as an image-only PDF: same text, a different document.
    Image.open(DEMO / "bill_of_lading_scan.png").convert("L").save(inbox / "bl_rescanned.pdf", "PDF", resolution=200)
    (inbox / "empty.pdf").write_bytes(b"")
    (inbox / "really_text.pdf").write_text("Packing list for 40 sacks of ammonium nitrate, 1,000 kg.\n", "utf-8")
    return inbox
