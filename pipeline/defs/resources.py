"""Resources: where the store, the inbox and the OCR settings come from, set in the UI or by environment."""


from pathlib import Path

import dagster as dg
import sqlalchemy as sa

from .. import settings as settings_mod
from ..settings import Settings


class DocintelConfig(dg.ConfigurableResource):
    """Store URL, working folder and OCR languages; empty values fall back to DOCINTEL_* or the defaults."""

    store_url: str = ""
    home: str = ""
    ocr_languages: str = ""

    def settings(self) -> Settings:
        return settings_mod.from_env(
            DOCINTEL_HOME=self.home, DOCINTEL_STORE=self.store_url, DOCINTEL_OCR_LANGUAGES=self.ocr_languages
        )

    def engine(self) -> sa.Engine:
        from ..store import open_store

        return open_store(self.settings().store_url)


class Inbox(dg.ConfigurableResource):
    """The watched folder. A file is taken once it has not changed for settle_seconds."""

    path: str = ""
    settle_seconds: float = 5.0
    max_per_tick: int = 50

    def root(self) -> Path:
        return Path(self.path) if self.path else settings_mod.from_env().inbox
