"""The hostile-file corpus (corpora/hostile/make_hostile.py) through `docintel process` and through the
Dagster sensor and job: good files processed, bad files failed with their reason, links never
followed, bounded memory, originals unchanged, and nothing ever calls out."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import resource
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from pipeline.defs.assets import document_entities, document_text, raw_document
from pipeline.defs.resources import EntityStore, Inbox, OcrSettings
from pipeline.defs.sensors import inbox_sensor
from pipeline.store import iter_records, open_store

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
MAX_RSS_BYTES = 2 * 1024**3


def _load_generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_hostile", ROOT / "corpora" / "hostile" / "make_hostile.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


make_hostile = _load_generator()


class _Recorder(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self) -> None:
        self.hits: list[bytes] = []
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.settimeout(2)
        try:
            data = self.request.recv(4096)
        except OSError:
            data = b"(connection, nothing sent)"
        self.server.hits.append(data or b"(connection, nothing sent)")  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def listener() -> Iterator[_Recorder]:
    """A TCP listener on loopback that the phone-home documents point at: it must receive nothing."""
    server = _Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, listener: _Recorder) -> dict:
    base = tmp_path_factory.mktemp("hostile")
    inbox = base / "inbox"
    expected = make_hostile.make_corpus(inbox, f"http://127.0.0.1:{listener.server_address[1]}")
    passwords = base / "pdf-passwords.txt"
    passwords.write_text(make_hostile.PASSWORDS, "utf-8")
    return {"base": base, "inbox": inbox, "expected": expected, "passwords": passwords,
            "hashes": _fingerprint(base)}


def _fingerprint(base: Path) -> dict[str, str]:
    """Every file and link under base (the inbox and what its links lead to), by bytes or link target."""
    out = {}
    for dirpath, _dirs, files in os.walk(base, followlinks=False):
        for name in files + [d for d in _dirs if os.path.islink(os.path.join(dirpath, d))]:
            p = os.path.join(dirpath, name)
            if os.path.islink(p):
                out[p] = "link:" + os.readlink(p)
            elif not os.path.isfile(p):  # the named pipe: opening it would block
                out[p] = "special"
            else:
                with open(p, "rb") as f:
                    out[p] = hashlib.sha256(f.read()).hexdigest()
    return out


def _env(corpus: dict, ocr_cache: Path, home: Path) -> dict[str, str]:
    return {**os.environ, "DOCINTEL_HOME": str(home), "DOCINTEL_STORE": "", "XDG_CACHE_HOME": str(ocr_cache / "xdg"),
            "DOCINTEL_PDF_PASSWORDS": str(corpus["passwords"]), "OMP_THREAD_LIMIT": "1",
            "PYTHONPATH": str(ROOT)}  # the package of this tree, whatever the venv has installed


def _check_store(records: list[dict], expected: dict[str, tuple[str, str]]) -> None:
    docs = {d["path"]: d for d in records if d["kind"] == "document"}
    shown = {make_hostile.shown(path): want for path, want in expected.items()}
    assert set(docs) == set(shown), "every file once, no symbolic link followed"
    for path, (status, pattern) in shown.items():
        doc = docs[path]
        assert doc["status"] == status, (path, doc["error"])
        assert doc["file_name"] == path.rsplit("/", 1)[-1]  # exactly as on disk
        if status == "failed":
            assert re.search(pattern, doc["error"]), (path, doc["error"])
        elif pattern:
            assert any(re.search(pattern, w) for w in doc["warnings"]), (path, doc["warnings"])
    email = next(d["id"] for d in docs.values() if d["file_name"] == "email_remote_image.eml")
    [mail_page] = [r["text"] for r in records if r["kind"] == "page" and r["document_id"] == email]
    assert "Please find the proforma for 6,000 kg aluminium paste." in mail_page and "<img" not in mail_page
    texts = " ".join(r.get("text", "") for r in records if r["kind"] == "page")
    assert "Secret Holdings" not in texts and "root:x:0:0" not in texts  # links and external entities unread


def test_docintel_process_survives_the_hostile_corpus(corpus: dict, ocr_cache: Path, tmp_path: Path,
                                                        listener: _Recorder) -> None:
    env = _env(corpus, ocr_cache, tmp_path / "var")
    started = time.monotonic()
    proc = subprocess.Popen([str(VENV_BIN / "docintel"), "process", str(corpus["inbox"])], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out, _ = proc.communicate(timeout=300)
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # the largest child so far
    text = out.decode("utf-8", "replace")
    assert proc.returncode == 0, text
    n_failed = sum(1 for status, _ in corpus["expected"].values() if status == "failed")
    assert f"{len(corpus['expected'])} files: {len(corpus['expected']) - n_failed} processed, 0 unchanged, " \
           f"{n_failed} failed" in text, text
    print(f"hostile corpus: {len(corpus['expected'])} files in {seconds:.1f} s, peak RSS {peak / 2**20:.0f} MB")
    assert peak < MAX_RSS_BYTES
    assert seconds < 240

    export = subprocess.run([str(VENV_BIN / "docintel"), "export"], env=env, capture_output=True, check=True)
    records = [json.loads(line) for line in export.stdout.decode("utf-8").splitlines()]
    _check_store(records, corpus["expected"])
    listed = subprocess.run([str(VENV_BIN / "docintel"), "failures"], env=env, capture_output=True, check=True)
    lines = listed.stdout.decode("utf-8").splitlines()
    assert len(lines) == n_failed
    assert "bad/bomb.png\tpage 1 is 20000x20000 = 400,000,000 pixels, over the max_image_pixels limit" in "\n".join(lines)
    assert _fingerprint(corpus["base"]) == corpus["hashes"]  # no original changed, moved or deleted
    assert listener.hits == []


def test_dagster_sensor_and_job_survive_the_hostile_corpus(corpus: dict, ocr_cache: Path, tmp_path: Path,
                                                             listener: _Recorder,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in _env(corpus, ocr_cache, tmp_path / "var").items():
        monkeypatch.setenv(key, value)
    store, ocr = EntityStore(home=str(tmp_path / "var")), OcrSettings()
    instance = dg.DagsterInstance.ephemeral()
    tick = inbox_sensor(dg.build_sensor_context(instance=instance, resources={
        "inbox": Inbox(path=str(corpus["inbox"]), settle_seconds=0, max_per_tick=100), "store": store, "ocr": ocr}))
    for req in tick.dynamic_partitions_requests or []:
        instance.add_dynamic_partitions(req.partitions_def_name, list(req.partition_keys))
    assert len(tick.run_requests) == len(corpus["expected"])  # the links are never even looked at
    outcomes = {}
    for req in tick.run_requests:
        result = dg.materialize([raw_document, document_text, document_entities], partition_key=req.partition_key,
                                instance=instance, resources={"store": store, "ocr": ocr}, raise_on_error=False,
                                tags=req.tags, run_config=req.run_config)
        path = req.run_config["ops"]["raw_document"]["config"]["path"]
        rel = os.path.relpath(path, corpus["inbox"])
        failure = next((e for e in result.all_events if e.event_type_value == "STEP_FAILURE"), None)
        outcomes[rel] = (result.success, str(failure.event_specific_data.error_display_string) if failure else "")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    assert peak < MAX_RSS_BYTES
    for rel, (status, pattern) in corpus["expected"].items():
        success, error = outcomes[rel]
        assert success == (status == "processed"), (rel, error)
        if status == "failed":
            assert re.search(pattern.lstrip("^").rstrip("$"), error), (rel, error)  # the reason shows in the run
    with open_store(store.engine().url.render_as_string()).connect() as conn:
        _check_store(list(iter_records(conn)), corpus["expected"])
    assert _fingerprint(corpus["base"]) == corpus["hashes"]
    assert listener.hits == []


def test_reading_time_limit_names_the_limit(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from pipeline.errors import LimitExceeded
    from pipeline.settings import Limits
    from pipeline.text import read_document

    pdf = tmp_path / "two.pdf"
    pdf.write_bytes(make_hostile._blank_pdf(2, 200, 200))
    hurried = replace(settings, limits=Limits(max_document_seconds=0))
    with pytest.raises(LimitExceeded, match=r"reading stopped before page 1: over the max_document_seconds limit of 0s"):
        read_document(pdf, "application/pdf", hurried)


def test_known_passwords_file_is_read_and_never_shown(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from pipeline.errors import DocumentError
    from pipeline.text import read_document

    invoice = (ROOT / "corpora" / "demo" / "invoice_demir_kimya.pdf").read_bytes()
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(make_hostile._encrypted(invoice, "s3cret pass", "owner"))
    with pytest.raises(DocumentError, match=r"add its password to the known-passwords file \(DOCINTEL_PDF_PASSWORDS\)"):
        read_document(locked, "application/pdf", settings)
    passwords = tmp_path / "pw.txt"
    passwords.write_text("# analysts' list\n\nwrong\ns3cret pass\n", "utf-8")
    known = replace(settings, pdf_passwords_file=passwords)
    assert known.pdf_passwords() == ("wrong", "s3cret pass")
    text = read_document(locked, "application/pdf", known)
    assert "Demir Kimya" in text.pages[0].text
    assert not any("s3cret" in w for w in text.warnings)
    passwords.write_text("wrong\n", "utf-8")
    with pytest.raises(DocumentError, match=r"no known password opens it \(tried 1 from the known-passwords file\)"):
        read_document(locked, "application/pdf", known)


def test_zip_archives_are_refused_and_names_kept_exactly(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    from pipeline import ingest
    from pipeline.errors import DocumentError

    archive = tmp_path / "bundle.zip"
    archive.write_bytes(make_hostile._zip({"a.txt": "x", "b/c.txt": "y", "d.txt": "z"}))
    with pytest.raises(DocumentError, match=r"^ZIP archive of 3 files is not unpacked"):
        ingest.ingest_file(archive, settings)
    odd = os.path.join(os.fsencode(tmp_path), b"fatura \xfe\xe7.txt")
    with open(odd, "wb") as f:
        f.write(b"INVOICE\n")
    doc = ingest.ingest_file(Path(os.fsdecode(odd)), settings, root=tmp_path)
    assert doc.file_name == doc.path == "fatura \\xfe\\xe7.txt"
    assert ingest.shown_name("Şti\u202e ﻿.txt") == "Şti\u202e ﻿.txt"  # valid Unicode is never touched


def test_a_page_that_parses_forever_is_stopped_by_the_timer(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from pipeline.errors import LimitExceeded
    from pipeline.settings import Limits
    from pipeline.text import read_document

    slow = tmp_path / "slow.pdf"
    slow.write_bytes(make_hostile._slow_pdf(100_000))  # 5 KB; pdfminer needs several seconds for its one page
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match=r"^reading took over the max_document_seconds limit of 1s$"):
        read_document(slow, "application/pdf", replace(settings, limits=Limits(max_document_seconds=1)))
    assert time.monotonic() - started < 10  # stopped: unbounded, the page would parse on (loose: shared CI cores)


def test_text_limit_from_the_environment(tmp_path: Path) -> None:
    from pipeline.errors import LimitExceeded
    from pipeline.settings import from_env
    from pipeline.text import read_document

    env = {"DOCINTEL_HOME": str(tmp_path), "DOCINTEL_LIMIT_MAX_TEXT_CHARS": "1_000", "DOCINTEL_LIMIT_MAX_PAGES": "9"}
    settings = from_env(env)
    assert (settings.limits.max_text_chars, settings.limits.max_pages) == (1000, 9)
    note = tmp_path / "long.txt"
    note.write_text("Demir Kimya Ltd. Şti. ships aluminium paste.\n" * 80, "utf-8")
    with pytest.raises(LimitExceeded, match=r"^text of 3,600 characters, over the max_text_chars limit of 1,000$"):
        read_document(note, "text/plain", settings)
    note.write_text("Demir Kimya Ltd. Şti. ships aluminium paste.\n" * 100, "utf-8")  # never even decoded
    with pytest.raises(LimitExceeded, match=r"^text file of 4,600 bytes holds over the max_text_chars limit of 1,000"):
        read_document(note, "text/plain", settings)
    with pytest.raises(ValueError, match="DOCINTEL_LIMIT_MAX_PAGES must be a whole number"):
        from_env({**env, "DOCINTEL_LIMIT_MAX_PAGES": "lots"})


def test_the_ui_binds_loopback_unless_told_otherwise() -> None:
    env = {**os.environ, "HOST": "0.0.0.0"}  # a shell's own HOST variable must not move the UI off loopback
    plan = subprocess.run(["make", "-n", "-s", "up"], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True).stdout
    [serve] = [line for line in plan.splitlines() if "dagster dev" in line]
    assert "-h 127.0.0.1" in serve


def test_email_with_too_many_attachments_says_so_and_html_is_read_as_text(tmp_path: Path) -> None:
    from email.message import EmailMessage

    from pipeline.text.plain import email_attachments, html_text, read_email

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@b.example", "c@d.example", "55 invoices"
    msg.set_content("<html><head><style>p{}</style><script>fetch('http://127.0.0.1:9/x')</script></head>"
                    "<body><p>Invoice&nbsp;list</p><table><tr><td>DK-1</td><td>6,000 kg</td></tr></table></body></html>",
                    subtype="html")
    for n in range(55):
        msg.add_attachment(f"INVOICE {n}\n".encode(), maintype="text", subtype="plain", filename=f"inv{n}.txt")
    eml = tmp_path / "bulk.eml"
    eml.write_bytes(bytes(msg))
    [page], warnings = read_email(eml)
    assert warnings == ["e-mail has 55 attachments; only the first 50 are taken as documents"]
    assert page.text.endswith("\n\nInvoice list\nDK-1 6,000 kg") and "fetch" not in page.text
    assert len(email_attachments(eml)) == 50
    assert html_text("<p>a<br>b</p><div>c</div>") == "a\nb\nc"


def test_the_time_limit_holds_off_the_main_thread_too(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures import ThreadPoolExecutor
    from dataclasses import replace

    from pipeline.errors import LimitExceeded
    from pipeline.settings import Limits
    from pipeline.text import read_document

    slow = tmp_path / "slow.pdf"
    slow.write_bytes(make_hostile._slow_pdf(50_000))  # about 2 s of parsing on an idle core
    hurried = replace(settings, limits=Limits(max_document_seconds=1))
    with ThreadPoolExecutor(1) as pool:  # no timer there: the check after the page still fails the document
        future = pool.submit(read_document, slow, "application/pdf", hurried)
        with pytest.raises(LimitExceeded, match=r"max_document_seconds limit of 1s"):
            future.result(timeout=120)
