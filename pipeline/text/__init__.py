"""Text stage: every page of a document as text with word boxes, from its text layer or OCR."""

from __future__ import annotations

from pathlib import Path

from ..errors import DocumentError
from ..model import DocumentText, Page
from ..settings import Settings
from .images import read_image
from .pdf import read_pdf
from .plain import read_docx, read_email, read_plain


def read_document(path: Path, media_type: str, settings: Settings) -> DocumentText:
    """Read an archived document's pages; raises DocumentError when it has none that can be read."""
    warnings: list[str] = []
    pages: list[Page]
    if media_type == "application/pdf":
        pages, warnings = read_pdf(path, settings)
    elif media_type.startswith("image/"):
        pages = read_image(path, settings)
    elif media_type == "text/plain":
        pages, warnings = read_plain(path, settings.limits.max_text_chars)
    elif media_type.endswith("wordprocessingml.document"):
        pages, warnings = read_docx(path, settings.limits.max_text_chars)
    elif media_type == "message/rfc822":
        pages, warnings = read_email(path, settings.limits.max_text_chars)
    else:
        raise DocumentError(f"{media_type} is not a format docintel reads yet")
    if not any(p.text.strip() for p in pages):
        warnings.append("no text found on any page")
    return DocumentText(tuple(pages), tuple(warnings))


__all__ = ["read_document"]
