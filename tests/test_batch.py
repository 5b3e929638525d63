"""The batch on every core (pipeline/batch.py, text/pages.py, progress.py), with the real tesseract and
spaCy: a pool's store equals one process's, progress shows, unchanged documents are skipped before any
model loads, a killed worker's documents are tried again, and workers die with their parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from pipeline.cli import main
from pipeline.store import iter_records, open_store
from pipeline.text import pages
from pipeline.text.pdf import read_pdf

from conftest import DEMO, demo_batch, make_settings

ROOT = Path(__file__).resolve().parent.parent
LETTERS = {
    "letter_a.txt": "Dear Sir,\nSahin Lojistik A.S. will carry 40 sacks of ammonium nitrate for Demir Kimya Ltd. Şti.\n",
    "sub/letter_b.txt": "Memo: Mosul Trading Co. asked Sahin Lojistik A.S. for 200 kg of nitromethane.\n",
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_batch(tmp_path_factory.mktemp("batch"), LETTERS)


def _env(home: Path, ocr_cache: Path, **extra: str) -> dict[str, str]:
    return {"DOCINTEL_HOME": str(home), "DOCINTEL_STORE": "", "DOCINTEL_FAULT": "",
            "XDG_CACHE_HOME": str(ocr_cache.parent / "xdg"), **extra}


def _export(home: Path) -> list[dict]:
    open_store.cache_clear()
    engine = open_store(f"sqlite:///{home}/docintel.sqlite")
    with engine.connect() as conn:
        records = [{k: v for k, v in r.items() if not k.endswith("_at")} for r in iter_records(conn)]
    engine.dispose()
    open_store.cache_clear()
    return records


@pytest.fixture(scope="module")
def runs(batch: Path, ocr_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The batch with --jobs 1 and with --jobs 2 into two fresh stores, and the --jobs 2 store re-run."""
    out = {}
    for jobs in ("1", "2"):
        home = tmp_path_factory.mktemp(f"jobs{jobs}") / "var"
        result = CliRunner().invoke(main, ["process", "--jobs", jobs, str(batch)], env=_env(home, ocr_cache))
        assert result.exit_code == 0, result.output
        out[jobs] = (result.output, _export(home), home)
    return out


def test_pool_store_equals_one_process(runs: dict) -> None:
    output, records, _ = runs["2"]
    assert "6 files: 6 processed, 0 unchanged, 0 failed" in output, output
    assert records == runs["1"][1]
    assert sum(r["kind"] == "entity" for r in records) > 5


def test_workers_reading_with_the_library_store_what_the_command_reads(runs: dict, batch: Path, tmp_path: Path,
                                                                     ocr_cache: Path) -> None:
    """--jobs 1 read in this process with the `tesseract` command; workers read with libtesseract
    (text.tessapi). From an empty OCR cache, so the workers' pages are their own."""
    home = tmp_path / "var"
    env = {**_env(home, ocr_cache), "XDG_CACHE_HOME": str(tmp_path / "fresh-cache")}
    result = CliRunner().invoke(main, ["process", "--jobs", "2", str(batch)], env=env)
    assert result.exit_code == 0, result.output
    assert any((tmp_path / "fresh-cache" / "docintel" / "ocr").rglob("*.json"))
    assert _export(home) == runs["1"][1]


def test_progress_line_with_rate_and_eta(runs: dict) -> None:
    output = runs["2"][0]
    final = [line for line in output.splitlines() if line.startswith("[") and "documents" in line][-1]
    assert final.startswith("[" + "#" * 24 + "] 6/6 documents, 6 pages read in 0:"), final
    assert "pages/min" in final and "ETA 0:00:00" in final
    assert "ok   letter_a.txt: correspondence" in output  # the per-document lines are still there


def test_rerun_is_recognised_by_hash_before_any_model_loads(runs: dict, batch: Path, ocr_cache: Path) -> None:
    home = runs["2"][2]
    code = ("import sys, multiprocessing; from pathlib import Path; from pipeline import settings, batch; "
            f"s = batch.process_batch([Path({str(batch)!r})], settings.from_env(), jobs=2); "
            "print(s.count('unchanged'), s.count('processed'), 'spacy' in sys.modules, "
            "len(multiprocessing.active_children()))")
    env = {**os.environ, **_env(home, ocr_cache), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["6", "0", "False", "0"]  # no model imported, no worker started
    assert _export(home) == runs["2"][1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_die_with_their_parent(batch: Path, tmp_path: Path) -> None:
    # An empty OCR cache, so the workers are busy when their parent is killed (and only the parent is).
    env = {**os.environ, **_env(tmp_path / "var", tmp_path / "cache" / "x"), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "process", "--jobs", "2", str(batch)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline, workers = time.monotonic() + 60, []
        while time.monotonic() < deadline and len(workers) < 2:
            workers = _children(proc.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "no workers started"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.05)
        assert not any(_alive(w) for w in workers), "a worker outlived its parent"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_worker_costs_its_documents_a_second_try_only(batch: Path, tmp_path: Path, runs: dict) -> None:
    # An empty OCR cache, so the first documents are still being read when one worker is killed.
    home = tmp_path / "var"
    env = {**os.environ, **_env(home, tmp_path / "cache" / "x"), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "process", "--jobs", "2", str(batch)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline, workers = time.monotonic() + 60, []
        while time.monotonic() < deadline and len(workers) < 2:
            workers = _children(proc.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "no workers started"
        time.sleep(1.0)
        os.kill(workers[0], signal.SIGKILL)
        out, _ = proc.communicate(timeout=600)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert proc.returncode == 0, out
    assert "6 files: 6 processed, 0 unchanged, 0 failed" in out, out
    assert _export(home) == runs["2"][1]


def test_map_ordered_keeps_order_bounds_lookahead_and_shares_slots() -> None:
    taken, running, peak, lock = [], [0], [0], threading.Lock()

    def items():
        for i in range(12):
            taken.append(i)
            yield i

    def work(i: int) -> int:
        with pages.ocr_slot():
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0])
            time.sleep(0.01 * (i % 3))
            with lock:
                running[0] -= 1
        return i * i

    pages.configure(3, threading.BoundedSemaphore(2))
    try:
        results = []
        for r in pages.map_ordered(work, items()):
            assert len(taken) <= len(results) + 1 + 3 + 1  # never more than threads + 1 items ahead
            results.append(r)
    finally:
        pages.configure(1)
    assert results == [i * i for i in range(12)]
    assert peak[0] == 2  # three threads, but only two slots


def test_pages_of_one_pdf_read_at_once_equal_one_by_one(tmp_path: Path) -> None:
    scans = [Image.open(DEMO / name).convert("L") for name in ("bill_of_lading_scan.png", "invoice_anatolia_scan.png")]
    pdf = tmp_path / "two_scans.pdf"
    scans[0].save(pdf, "PDF", resolution=200, save_all=True, append_images=scans[1:])
    read = {}
    for threads in (1, 2):  # each with an empty OCR cache of its own: both really OCR
        pages.configure(threads)
        try:
            read[threads], _ = read_pdf(pdf, make_settings(tmp_path / f"t{threads}"))
        finally:
            pages.configure(1)
    assert [p.number for p in read[2]] == [1, 2]
    assert [p.text for p in read[2]] == [p.text for p in read[1]]
    assert "BILL OF LADING" in read[2][0].text.upper()
