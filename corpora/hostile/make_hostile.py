"""Write the hostile-file corpus (issue 6) into a folder, with what each file must come to.

    .venv/bin/python corpora/hostile/make_hostile.py DEST [--listener http://127.0.0.1:PORT]

Every file is made here from the demo corpus or from scratch, so the corpus is never checked in. The
three "phone home" files (a DOCX with an XML external entity, a PDF with URI and JavaScript actions,
an e-mail with a remote image) point at the listener URL: a test runs a listener on loopback there,
and it must receive nothing. `EXPECTED` says, per relative path, whether the file must be processed
or fail, and a pattern its reason must match; paths absent from it (symbolic links) must not appear
in the store at all. `PASSWORDS` is the known-passwords file an analyst would fill.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import struct
import unicodedata
import zipfile
import zlib
from pathlib import Path

DEMO = Path(__file__).resolve().parents[1] / "demo"
KNOWN_PASSWORD = "Akcakale-2024"
PASSWORDS = f"# one password a line; tried on every encrypted PDF\nwrong-guess\n{KNOWN_PASSWORD}\n"

# relative path -> ("processed" | "failed", regex the error must match, or a warning for processed ones)
EXPECTED: dict[str, tuple[str, str]] = {
    "good/invoice.pdf": ("processed", ""),
    "good/bill_of_lading.png": ("processed", ""),
    "good/letter_cp1254.txt": ("processed", r"decoded as cp1254"),
    "good/letter_windows1256.txt": ("processed", r"decoded as cp1256"),
    "good/really_text.pdf": ("processed", r"extension '\.pdf' does not match the content, which is text/plain"),
    "good/really_png.txt": ("processed", r"extension '\.txt' does not match the content, which is image/png"),
    "good/encrypted_empty_user_password.pdf": ("processed", ""),
    "good/encrypted_known_password.pdf": ("processed", r"opened with a password from the known-passwords file"),
    "phone_home/pdf_uri_and_javascript.pdf": ("processed", ""),
    "phone_home/docx_external_entity.docx": ("processed", ""),
    "phone_home/email_remote_image.eml": ("processed", ""),
    "bad/empty.pdf": ("failed", r"^empty file \(0 bytes\): nothing to read$"),
    "bad/truncated.pdf": ("failed", r"^PDF is corrupt or truncated"),
    "bad/encrypted_unknown_password.pdf": ("failed", r"^PDF is encrypted and no known password opens it"),
    "bad/five_thousand_pages.pdf": ("failed", r"PDF has 5000 pages, over the max_pages limit of 500"),
    "bad/huge_page.pdf": ("failed", r"page 1 would render to [\d,]+ pixels .* over the max_image_pixels limit"),
    "bad/bomb.png": ("failed", r"page 1 is 20000x20000 = 400,000,000 pixels, over the max_image_pixels limit"),
    "bad/bomb.tiff": ("failed", r"page 1 is 60000x60000 = 3,600,000,000 pixels, over the max_image_pixels limit"),
    "bad/corrupt.png": ("failed", r"^image data is corrupt or truncated on page 1"),
    "bad/truncated.jpg": ("failed", r"^image data is corrupt or truncated on page 1"),
    "bad/random.bin": ("failed", r"^unrecognised binary format"),
    "bad/archive.zip": ("failed", r"^ZIP archive of 2 files is not unpacked"),
    "bad/named_pipe.pdf": ("failed", r"^not a regular file \(named pipe\): nothing to read$"),
    "bad/archive.7z": ("failed", r"^7-Zip archive is not unpacked"),
    "bad/password_protected.docx": ("failed", r"^legacy Office file .* or password-protected Office document"),
    "bad/docx_bomb.docx": ("failed", r"^DOCX unpacks to [\d,]+ bytes, over the max_file_bytes limit"),
    "bad/five_megabytes_of_text.txt": ("failed", r"^text file of 5,000,000 bytes holds over the max_text_chars limit"),
}
ODD_NAMES = [  # kept exactly as on disk; each holds a short letter and must be processed
    "names/fatura\u202etxt.exe.txt",  # right-to-left override
    "names/" + unicodedata.normalize("NFD", "Şirket İrsaliye çğü.txt"),  # decomposed Turkish letters
    "names/فاتورة شحن.txt",
    "names/-rf --no-preserve-root.txt",
    "names/line\nbreak.txt",
    "names/back\\slash;$(id).txt",
    "names/" + "long" * 60 + ".txt",
]
LATIN1_NAME = b"names/latin1_\xe7\xfd.txt"  # not valid UTF-8: shown with the bad byte escaped


def shown(path: str) -> str:
    """A path as the store keeps it: bytes that are not UTF-8 written as \\xNN (pipeline.ingest.shown_name)."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def make_corpus(dest: Path, listener: str = "http://127.0.0.1:9") -> dict[str, tuple[str, str]]:
    """Write the corpus under dest (plus a folder `outside/` beside it that the links point into);
    returns the expectations, odd names included."""
    dest.mkdir(parents=True, exist_ok=True)
    for sub in ("good", "bad", "phone_home", "names", "links"):
        (dest / sub).mkdir(exist_ok=True)
    invoice = (DEMO / "invoice_demir_kimya.pdf").read_bytes()
    scan = (DEMO / "bill_of_lading_scan.png").read_bytes()
    letter = (DEMO / "letter_procurement.txt").read_text("utf-8")

    (dest / "good/invoice.pdf").write_bytes(invoice)
    (dest / "good/bill_of_lading.png").write_bytes(scan)
    (dest / "good/letter_cp1254.txt").write_bytes(
        "Sayın Yetkili,\nDemir Kimya Sanayi ve Ticaret Ltd. Şti. 6.000 kg alüminyum pasta gönderecektir.\n"
        "Akçakale gümrük kapısı üzerinden, İstanbul'dan.\n".encode("cp1254"))
    (dest / "good/letter_windows1256.txt").write_bytes(
        "السيد المحترم،\nشركة دمير كيميا سترسل 6000 كغ من معجون الألمنيوم إلى الموصل.\n".encode("cp1256"))
    (dest / "good/really_text.pdf").write_text("Packing list: 40 sacks of ammonium nitrate, 1,000 kg.\n", "utf-8")
    (dest / "good/really_png.txt").write_bytes(_top_of(scan))
    (dest / "good/encrypted_empty_user_password.pdf").write_bytes(_encrypted(invoice, "", "owner-only"))
    (dest / "good/encrypted_known_password.pdf").write_bytes(_encrypted(invoice, KNOWN_PASSWORD, "owner"))

    (dest / "phone_home/pdf_uri_and_javascript.pdf").write_bytes(_pdf_with_actions(invoice, listener))
    (dest / "phone_home/docx_external_entity.docx").write_bytes(_docx_xxe(listener))
    (dest / "phone_home/email_remote_image.eml").write_bytes(_email_remote_image(listener))

    (dest / "bad/empty.pdf").write_bytes(b"")
    (dest / "bad/truncated.pdf").write_bytes(invoice[: len(invoice) * 2 // 5])
    (dest / "bad/encrypted_unknown_password.pdf").write_bytes(_encrypted(invoice, "nobody-knows-this", "owner"))
    (dest / "bad/five_thousand_pages.pdf").write_bytes(_blank_pdf(5000, 72, 72))
    (dest / "bad/huge_page.pdf").write_bytes(_blank_pdf(1, 14400, 14400))
    (dest / "bad/bomb.png").write_bytes(_png_bomb(20000, 20000))
    (dest / "bad/bomb.tiff").write_bytes(_tiff_bomb(60000, 60000))
    (dest / "bad/corrupt.png").write_bytes(_corrupt_png(scan))
    (dest / "bad/truncated.jpg").write_bytes(_jpeg(scan)[:6000])
    (dest / "bad/random.bin").write_bytes(bytes((i * 7919 + 13) % 251 for i in range(4096)))
    (dest / "bad/archive.zip").write_bytes(_zip({"inside.txt": letter, "more/inside2.txt": letter}))
    if not (dest / "bad/named_pipe.pdf").exists():
        os.mkfifo(dest / "bad/named_pipe.pdf")  # opening it would wait for a writer forever
    (dest / "bad/archive.7z").write_bytes(b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(range(256)))
    # An encrypted OOXML file is an OLE2 compound file, like a legacy .doc (header only: enough to sniff).
    (dest / "bad/password_protected.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    (dest / "bad/docx_bomb.docx").write_bytes(_docx_bomb(250 * 1024 * 1024))
    (dest / "bad/five_megabytes_of_text.txt").write_bytes((b"Demir Kimya ships aluminium paste. " * 142858)[:5_000_000])

    expected = dict(EXPECTED)
    for name in ODD_NAMES:
        (dest / name).write_text(f"Note filed as {name!r}.\n{letter}", "utf-8")
        expected[name] = ("processed", "")
    with open(os.path.join(os.fsencode(dest), LATIN1_NAME), "wb") as f:
        f.write(b"Latin-1 named note. " + letter.encode("utf-8"))
    expected[os.fsdecode(LATIN1_NAME)] = ("processed", "")

    outside = dest.parent / f"{dest.name}-outside"  # what the links lead to: never read
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("Outside the inbox: Secret Holdings Ltd must never be read.\n", "utf-8")
    for link, target in (("links/to_outside_file.txt", outside / "secret.txt"), ("links/to_outside_dir", outside),
                         ("links/to_etc_passwd.txt", Path("/etc/passwd"))):
        if not (dest / link).is_symlink():
            os.symlink(target, dest / link)
    return expected


def _encrypted(pdf: bytes, user: str, owner: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    return _written(writer)


def _pdf_with_actions(pdf: bytes, listener: str) -> bytes:
    """The invoice with an open action that fetches a URL, document JavaScript that launches one, and a
    link annotation: a reader that acted on any of them would call the listener."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    uri = DictionaryObject({NameObject("/S"): NameObject("/URI"),
                            NameObject("/URI"): TextStringObject(f"{listener}/pdf-open-action")})
    script = f"app.launchURL('{listener}/pdf-javascript', true); this.submitForm('{listener}/pdf-submit');"
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(script),
        NameObject("/Next"): writer._add_object(uri)})
    writer.add_annotation(0, Link(rect=(50, 50, 300, 80), url=f"{listener}/pdf-link"))
    return _written(writer)


def _written(writer: object) -> bytes:
    out = io.BytesIO()
    writer.write(out)  # type: ignore[attr-defined]
    return out.getvalue()


def _blank_pdf(pages: int, width: float, height: float) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width, height)
    return _written(writer)


def _slow_pdf(operators: int) -> bytes:
    """One page whose content stream shows text `operators` times: tiny on disk, seconds of parsing."""
    content = b"BT /F1 4 Tf 10 10 Td " + b"(ab) Tj 0.01 0 Td " * operators + b"ET"
    stream = zlib.compress(content, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << /Font << /F1 5 0 R >> >> "
               b"/Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_bomb(width: int, height: int) -> bytes:
    """A real decompression bomb: 8-bit grey, all white, a few hundred KB that inflate to width*height bytes."""
    z = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * width
    parts = [z.compress(row) for _ in range(height)] + [z.flush()]
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", b"".join(parts)) + _png_chunk(b"IEND", b"")


def _tiff_bomb(width: int, height: int) -> bytes:
    """A TIFF whose header declares an enormous uncompressed page over a few bytes of strip data."""
    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, 8 + 2 + 12 * 9 + 4), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, width * height)]
    ifd = struct.pack("<H", len(entries)) + b"".join(
        struct.pack("<HHI", tag, typ, count) + (struct.pack("<HH", value, 0) if typ == 3 else struct.pack("<I", value))
        for tag, typ, count, value in entries) + struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 8) + ifd + b"\xff" * 64


def _corrupt_png(png: bytes) -> bytes:
    """The scan with its compressed pixel data overwritten halfway: the header still reads."""
    start = png.index(b"IDAT") + 4
    middle = start + (len(png) - start) // 2
    return png[:middle] + bytes(range(256)) * 8 + png[middle + 2048:]


def _top_of(png: bytes) -> bytes:
    """The top third of a scan as a PNG of its own (other bytes, so another document)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    out = io.BytesIO()
    image.crop((0, 0, image.width, image.height // 3)).save(out, "PNG")
    return out.getvalue()


def _jpeg(png: bytes) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("L").save(out, "JPEG", quality=85)
    return out.getvalue()


def _zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return out.getvalue()


def _docx_xxe(listener: str) -> bytes:
    """A minimal DOCX whose body declares external entities (a URL on the listener and /etc/passwd) and
    whose relationships name an external image on the listener."""
    body = (f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
            f'<!DOCTYPE w:document [<!ENTITY remote SYSTEM "{listener}/docx-xxe">'
            f'<!ENTITY local SYSTEM "file:///etc/passwd">]>\n'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:body><w:p><w:r><w:t>COMMERCIAL INVOICE Seller: Demir Kimya Sanayi ve Ticaret Ltd. Sti.</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>remote:&remote; local:&local;</w:t></w:r></w:p></w:body></w:document>')
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="{listener}/docx-image.png" TargetMode="External"/></Relationships>',
        "word/document.xml": body,
    }
    return _zip(files)


def _docx_bomb(unpacked: int) -> bytes:
    """A DOCX whose body inflates to `unpacked` bytes of blank space from a few hundred kilobytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            block = b" " * (1 << 20)
            for _ in range(unpacked >> 20):
                member.write(block)
    return out.getvalue()


def _email_remote_image(listener: str) -> bytes:
    return (
        "From: Demir Kimya <sales@demirkimya.example>\r\nTo: buyer@akcakale-telefon.example\r\n"
        "Subject: Proforma invoice\r\nDate: Mon, 1 Apr 2024 10:00:00 +0300\r\nMIME-Version: 1.0\r\n"
        'Content-Type: text/html; charset="utf-8"\r\n\r\n'
        f'<html><body><img src="{listener}/email-pixel.png" width="1" height="1">'
        f'<p>Please find the proforma for 6,000 kg aluminium paste.</p>'
        f'<link rel="stylesheet" href="{listener}/email-style.css"><iframe src="{listener}/email-frame"></iframe>'
        "</body></html>\r\n"
    ).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--listener", default="http://127.0.0.1:9", help="URL the phone-home files point at")
    args = parser.parse_args()
    if args.dest.exists():
        shutil.rmtree(args.dest)
    expected = make_corpus(args.dest, args.listener)
    (args.dest.parent / "pdf-passwords.txt").write_text(PASSWORDS, "utf-8")
    print(f"{len(expected)} files and 3 symbolic links in {args.dest}; passwords in {args.dest.parent / 'pdf-passwords.txt'}")


if __name__ == "__main__":
    main()
