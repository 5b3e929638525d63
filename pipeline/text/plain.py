"""Plain text, DOCX and e-mail: one page of text each, no boxes."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from html.parser import HTMLParser
from pathlib import Path

from ..errors import DocumentError, LimitExceeded
from ..model import Page
from ..settings import Limits
from .guard import check_text

DEFAULT_MAX_CHARS = Limits().max_text_chars


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode bytes of unknown encoding; a warning names the encoding when it is not UTF-8."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    scored = []
    for enc in LEGACY_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        scored.append((_plausibility(text), -LEGACY_ENCODINGS.index(enc), enc, text))
    if scored:
        _, _, enc, text = max(scored)
        return text, [f"text decoded as {enc} (not UTF-8)"]
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError("text file is in no encoding that could be detected")
    return str(best), [f"text decoded as {best.encoding} (not UTF-8)"]


# The legacy code pages our documents come in, most likely first. General detectors confuse cp1254
# with cp1250/cp1252 (turning `ş` into `ţ`), so we score each candidate by the letters it yields.
LEGACY_ENCODINGS = ["cp1254", "cp1256", "cp1252", "iso8859-9", "cp1251"]
_EXPECTED = set("çğıöşüÇĞİÖŞÜâîûÂÎÛéèàäÄÉ")
_ARTEFACTS = set("ýþðÝÞÐŢţ")


def _plausibility(text: str) -> int:
    score = 0
    for c in text:
        if c.isascii():
            score += 1 if c.isprintable() or c in "\n\r\t" else -5
        elif c in _EXPECTED or "\u0600" <= c <= "\u06ff":
            score += 2
        elif c in _ARTEFACTS or not c.isprintable():
            score -= 3
    return score


def read_plain(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> tuple[list[Page], list[str]]:
    size = path.stat().st_size
    if size > 4 * max_chars:  # a character is at most 4 bytes: this file holds too many, decoded or not
        raise LimitExceeded(f"text file of {size:,} bytes holds over the max_text_chars limit of {max_chars:,} characters")
    text, warnings = decode_text(path.read_bytes())
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_text(len(text), max_chars)
    return [Page(number=1, method="text", text=text, confidence=1.0)], warnings


def read_docx(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> tuple[list[Page], list[str]]:
    """Paragraphs and table rows in body order, a table row's cells separated by two spaces."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors on broken files
        raise DocumentError(f"DOCX cannot be read: {exc.__class__.__name__}: {exc}") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                lines.append("  ".join(cell.text.strip() for cell in row.cells))
    check_text(sum(len(line) + 1 for line in lines), max_chars)
    return [Page(number=1, method="text", text="\n".join(lines).strip(), confidence=1.0)], []


def read_email(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> tuple[list[Page], list[str]]:
    """The header block (From, To, Cc, Date, Subject) and the text body as the first page."""
    msg = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    header = "\n".join(f"{k}: {msg[k]}" for k in ("From", "To", "Cc", "Date", "Subject") if msg[k])
    body_part = msg.get_body(preferencelist=("plain", "html"))
    body = body_part.get_content() if body_part is not None else ""
    if body_part is not None and body_part.get_content_subtype() == "html":
        body = html_text(body)  # what a reader sees; nothing it links to is fetched
    check_text(len(header) + len(body), max_chars)
    # Attachments become documents of their own (see run.process_attachments).
    warnings = []
    count = sum(1 for _ in msg.iter_attachments())
    if count > MAX_ATTACHMENTS:
        warnings.append(f"e-mail has {count} attachments; only the first {MAX_ATTACHMENTS} are taken as documents")
    return [Page(number=1, method="text", text=f"{header}\n\n{body}".strip(), confidence=1.0)], warnings


MAX_ATTACHMENTS = 50
_BLOCKS = {"p", "div", "br", "tr", "li", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr"}
_HIDDEN = {"script", "style", "head", "title", "template"}


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("  ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The visible text of an HTML body, a line per block; no image, style sheet or link is loaded."""
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def email_attachments(path: Path, max_count: int = MAX_ATTACHMENTS) -> list[tuple[str, bytes]]:
    """The attachments of an e-mail as (file name, bytes), in order; unnamed ones get a numbered name."""
    msg = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    out = []
    for n, part in enumerate(msg.iter_attachments(), start=1):
        if n > max_count:
            break
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            continue
        name = (part.get_filename() or f"attachment-{n}").replace("/", "_").replace("\\", "_")
        out.append((name, data))
    return out
