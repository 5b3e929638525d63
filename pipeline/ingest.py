"""Ingest: hash the bytes, sniff the real type, copy into the content-addressed archive.

The analyst's file is only ever read. The archive copy is what every later stage opens, so a file
that changes or vanishes in the inbox cannot change a document already taken in.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .errors import DocumentError, LimitExceeded
from .model import Ingested, make_id
from .settings import Settings

# Extensions an analyst's file may carry for each media type we sniff; anything else earns a warning.
EXTENSIONS = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg", ".jpe"},
    "image/tiff": {".tif", ".tiff"},
    "image/gif": {".gif"},
    "image/bmp": {".bmp"},
    "image/webp": {".webp"},
    "text/plain": {".txt", ".text", ".csv", ".md", ""},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "message/rfc822": {".eml"},
}
SKIPPED_NAMES = (".", "~$")
_UNPACK = "is not unpacked: extract it into the inbox and its documents are taken one by one"
REFUSED = [  # formats recognised only to say clearly why they are not read
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office file (.doc, .xls, .ppt) or password-protected Office "
     "document: not read; save it as PDF or DOCX without a password"),
    (b"7z\xbc\xaf\x27\x1c", f"7-Zip archive {_UNPACK}"),
    (b"Rar!\x1a\x07", f"RAR archive {_UNPACK}"),
    (b"\x1f\x8b", f"gzip archive {_UNPACK}"),
]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sniff(head: bytes) -> str | None:
    """The media type the first bytes declare, or None when they are not a format we read."""
    if head.startswith(b"%PDF-") or (b"%PDF-" in head[:1024] and not _looks_textual(head)):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:2] == b"BM" and len(head) > 26:
        return "image/bmp"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    if _looks_like_email(head):
        return "message/rfc822"
    if _looks_textual(head):
        return "text/plain"
    return None


def _looks_textual(head: bytes) -> bool:
    if b"\x00" in head:
        return head.startswith((b"\xff\xfe", b"\xfe\xff"))  # UTF-16 with a byte-order mark
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls <= len(head) // 100


def _looks_like_email(head: bytes) -> bool:
    first = head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    keys = {line.split(b":", 1)[0].strip().lower() for line in first.splitlines() if b":" in line}
    return len(keys & {b"from", b"to", b"subject", b"date", b"message-id", b"mime-version"}) >= 3


def _docx_or_zip(path: Path, max_bytes: int) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            members = [i for i in z.infolist() if not i.is_dir()]
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"ZIP container is corrupt or truncated: {exc}") from exc
    names = [i.filename for i in members]
    if "word/document.xml" in names:
        # zipfile never inflates a member past its declared size, so the declared total bounds a DOCX bomb.
        unpacked = sum(i.file_size for i in members)
        if unpacked > max_bytes:
            raise LimitExceeded(f"DOCX unpacks to {unpacked:,} bytes, over the max_file_bytes limit of {max_bytes:,}")
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    # Archives are refused rather than unpacked: no zip bombs, no paths leading out of the inbox.
    raise DocumentError(f"ZIP archive of {len(names)} files is not unpacked: extract it into the inbox "
                        "and its documents are taken one by one")


def shown_name(name: str) -> str:
    """A file name as stored: exactly as on disk, except bytes that are not UTF-8 (which no store can
    hold as text) written as `\\xNN`."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def document_id(path: Path, settings: Settings) -> str:
    """The id a file's document gets: its SHA-256, or for a file past the size limit (never read in
    full) an id from its name, size and modification time; a named pipe or device is never opened."""
    st = path.stat()
    if _special(st.st_mode):
        return make_id("special", path.name, st.st_ino)
    if st.st_size > settings.limits.max_file_bytes:
        return make_id("oversize", path.name, st.st_size, int(st.st_mtime))
    return sha256_file(path)


def media_type_of(path: Path, max_bytes: int = 200 * 1024 * 1024) -> str:
    """Sniff a file's real type from its bytes; raise DocumentError for empty or unknown content (and
    LimitExceeded for a DOCX that unpacks past max_bytes)."""
    size = path.stat().st_size
    if size == 0:
        raise DocumentError("empty file (0 bytes): nothing to read")
    with path.open("rb") as f:
        head = f.read(8192)
    kind = sniff(head)
    if kind == "application/zip":
        kind = _docx_or_zip(path, max_bytes)
    if kind is None:
        for magic, refusal in REFUSED:
            if head.startswith(magic):
                raise DocumentError(refusal)
        raise DocumentError(
            f"unrecognised binary format (first bytes {head[:8].hex(' ')}): not a PDF, image, text, DOCX or e-mail"
        )
    return kind


def _special(mode: int) -> str | None:
    """What a file that is not a regular file is (opening a named pipe would wait forever)."""
    for test, kind in ((stat.S_ISFIFO, "named pipe"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISDIR, "directory")):
        if test(mode):
            return kind
    return None


def ingest_file(path: Path, settings: Settings, root: Path | None = None) -> Ingested:
    """Hash, sniff and archive one file. Raises DocumentError with the reason when it cannot be taken in."""
    try:
        return _ingest_file(path, settings, root)
    except OSError as exc:  # vanished, unreadable, or an I/O error on a damaged disk
        raise DocumentError(f"file cannot be read: {exc.strerror or exc.__class__.__name__}") from exc


def _ingest_file(path: Path, settings: Settings, root: Path | None) -> Ingested:
    st = path.stat()
    if kind := _special(st.st_mode):
        raise DocumentError(f"not a regular file ({kind}): nothing to read")
    size = st.st_size
    rel = shown_name(os.path.relpath(path, root) if root else path.name)
    if size > settings.limits.max_file_bytes:
        raise LimitExceeded(
            f"file is {size:,} bytes, over the max_file_bytes limit of {settings.limits.max_file_bytes:,}"
        )
    media_type = media_type_of(path, settings.limits.max_file_bytes)
    warnings = []
    ext = path.suffix.lower()
    if ext not in EXTENSIONS.get(media_type, set()):
        warnings.append(f"extension '{ext or '(none)'}' does not match the content, which is {media_type}; read as {media_type}")
    digest = sha256_file(path)
    target = archive_path(settings, digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        # Copy to a temporary name and rename, so a crash never leaves a half-copied archive file.
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
            with path.open("rb") as src:
                shutil.copyfileobj(src, tmp)
        os.replace(tmp.name, target)
        if sha256_file(target) != digest:
            target.unlink()
            raise DocumentError("file changed while it was being read; it will be taken again once it settles")
    return Ingested(digest, shown_name(path.name), rel, media_type, size, str(target), tuple(warnings))


def ingest_bytes(data: bytes, file_name: str, rel: str, settings: Settings) -> Ingested:
    """Take in bytes that arrived inside another document (an e-mail attachment) like a dropped file."""
    if not data:
        raise DocumentError("empty attachment (0 bytes): nothing to read")
    if len(data) > settings.limits.max_file_bytes:
        raise LimitExceeded(f"attachment is {len(data):,} bytes, over the max_file_bytes limit of "
                            f"{settings.limits.max_file_bytes:,}")
    digest = hashlib.sha256(data).hexdigest()
    target = archive_path(settings, digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
            tmp.write(data)
        os.replace(tmp.name, target)
    media_type = media_type_of(target, settings.limits.max_file_bytes)
    ext = Path(file_name).suffix.lower()
    warnings = []
    if ext not in EXTENSIONS.get(media_type, set()):
        warnings.append(f"extension '{ext or '(none)'}' does not match the content, which is {media_type}; read as {media_type}")
    return Ingested(digest, file_name, rel, media_type, len(data), str(target), tuple(warnings))


def archive_path(settings: Settings, digest: str) -> Path:
    return settings.archive_dir / digest[:2] / digest


def iter_files(root: Path) -> Iterator[Path]:
    """Files under root in a stable order, never following a symbolic link, skipping hidden and lock files."""
    if root.is_file():
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(SKIPPED_NAMES))
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if name.startswith(SKIPPED_NAMES) or p.is_symlink():
                continue
            yield p
