from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from pipeline import ingest
from pipeline.errors import DocumentError, LimitExceeded
from pipeline.settings import Limits, Settings
from dataclasses import replace

from conftest import DEMO


@pytest.mark.parametrize("head, expected", [
    (b"%PDF-1.7\n%\xe2\xe3", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
    (b"II*\x00\x08\x00", "image/tiff"),
    (b"Dear Sir,\nPlease find the invoice attached.\n", "text/plain"),
    ("Sayın Yetkili,\nFatura ektedir.".encode("cp1254"), "text/plain"),
    (b"From: a@b.tr\nTo: c@d.iq\nSubject: order\nDate: Mon, 1 Apr 2024\n\nbody", "message/rfc822"),
    (b"\x00\x01\x02\x03\xfe\xfa\x00\x00binary", None),
])
def test_sniff_reads_the_bytes_not_the_name(head: bytes, expected: str | None) -> None:
    assert ingest.sniff(head) == expected


def test_ingest_hashes_archives_and_never_touches_the_original(tmp_path: Path, settings: Settings) -> None:
    src = tmp_path / "in" / "Fatura No 7 (kopya).pdf"
    src.parent.mkdir()
    src.write_bytes((DEMO / "invoice_demir_kimya.pdf").read_bytes())
    before = (src.read_bytes(), src.stat().st_mtime_ns)
    doc = ingest.ingest_file(src, settings, root=src.parent)
    assert doc.id == hashlib.sha256(src.read_bytes()).hexdigest()
    assert doc.media_type == "application/pdf" and doc.warnings == ()
    assert doc.file_name == "Fatura No 7 (kopya).pdf" and doc.path == "Fatura No 7 (kopya).pdf"
    assert Path(doc.archive_path).read_bytes() == src.read_bytes()
    assert (src.read_bytes(), src.stat().st_mtime_ns) == before


def test_empty_file_fails_with_a_specific_reason(tmp_path: Path, settings: Settings) -> None:
    empty = tmp_path / "scan.png"
    empty.write_bytes(b"")
    with pytest.raises(DocumentError, match=r"empty file \(0 bytes\)"):
        ingest.ingest_file(empty, settings)


def test_lying_extension_is_read_by_content_with_a_warning(tmp_path: Path, settings: Settings) -> None:
    fake = tmp_path / "invoice.pdf"
    fake.write_text("INVOICE\nSeller: Acme Ltd\n", "utf-8")
    doc = ingest.ingest_file(fake, settings)
    assert doc.media_type == "text/plain"
    assert "extension '.pdf' does not match the content, which is text/plain" in doc.warnings[0]


def test_file_over_the_size_limit_names_the_limit(tmp_path: Path, settings: Settings) -> None:
    big = tmp_path / "big.txt"
    big.write_text("x" * 2048)
    small = replace(settings, limits=Limits(max_file_bytes=1024))
    with pytest.raises(LimitExceeded, match="max_file_bytes limit of 1,024"):
        ingest.ingest_file(big, small)


def test_iter_files_never_follows_symbolic_links(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not yours")
    root = tmp_path / "inbox"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text("a")
    (root / ".hidden.txt").write_text("h")
    os.symlink(outside, root / "link_dir")
    os.symlink(outside / "secret.txt", root / "link_file.txt")
    assert [p.relative_to(root).as_posix() for p in ingest.iter_files(root)] == ["sub/a.txt"]
