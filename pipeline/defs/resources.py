"""Resources: the entity store, the OCR settings and the inbox, each settable in the UI or by environment.
Empty values fall back to the DOCINTEL_* variables, then to the defaults of pipeline.settings."""

from pathlib import Path

import dagster as dg
import sqlalchemy as sa

from .. import settings as settings_mod
from ..settings import Settings


class EntityStore(dg.ConfigurableResource):
    """Where results go: a SQLAlchemy URL (SQLite file under var/ by default) and the archive's folder."""

    url: str = ""
    home: str = ""

    def engine(self) -> sa.Engine:
        from ..store import open_store

        return open_store(settings_mod.from_env(DOCINTEL_HOME=self.home, DOCINTEL_STORE=self.url).store_url)


class OcrSettings(dg.ConfigurableResource):
    """tesseract languages (`eng+tur`, `eng+tur+ara`, ...), the dpi image-only PDF pages are rendered at, and
    how many pages of one document are OCRed at once (each run: `max_concurrent_runs` in dagster.yaml)."""

    languages: str = ""
    dpi: int = 300
    page_jobs: int = 0  # pages of one document OCRed at once; 0: one per core

    def page_threads(self) -> int:
        from ..batch import default_jobs

        return self.page_jobs or default_jobs()


class Inbox(dg.ConfigurableResource):
    """The watched folder. A file is taken once it has not changed for settle_seconds."""

    path: str = ""
    settle_seconds: float = 5.0
    max_per_tick: int = 50

    def root(self) -> Path:
        return Path(self.path) if self.path else settings_mod.from_env().inbox


def pipeline_settings(store: EntityStore, ocr: OcrSettings) -> Settings:
    """The plain Settings the stages take, from the two resources."""
    s = settings_mod.from_env(DOCINTEL_HOME=store.home, DOCINTEL_STORE=store.url, DOCINTEL_OCR_LANGUAGES=ocr.languages)
    return settings_mod.replace(s, ocr_dpi=ocr.dpi)
