"""Smoke runs of `benchmarks/throughput.py` (issue 8), the command `make bench` runs in full: each step
runs for real on a small subset and its JSON holds what the table reports. Speed is not asserted here
(machines are shared); `benchmarks/README.md` keeps the measured figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "throughput.py"


def _run(*args: str) -> str:
    done = subprocess.run([sys.executable, str(BENCH), *args], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_throughput_smoke_measures_every_line(tmp_path: Path) -> None:
    out = _run("--limit", "1", "--entities", "0", "--json", str(tmp_path / "t.json"))
    result = json.loads((tmp_path / "t.json").read_text())
    scanned = result["scanned"]
    # The demo scans, and with ../shared/corpora one receipt and a one-page image-only PDF.
    assert scanned["pages"] >= 2 and sum(scanned["languages"].values()) == scanned["pages"]
    assert scanned["ratio"] == pytest.approx(scanned["tesseract_s"] / scanned["docintel_s"]) and scanned["ratio"] > 0
    assert scanned["docintel_cpu_s"] > 0 and scanned["tesseract_cpu_s"] > 0
    assert 0 < result["rerun"]["share"] < 1  # the unchanged corpus is recognised, not read again
    assert result["extract"]["words"] > 0 and result["extract"]["documents"] >= 2
    for line in ("ratio docintel / tesseract", "CPU: tesseract / docintel", "re-run, unchanged corpus",
                 "extraction (parse + extract)"):
        assert line in out, out


def test_one_document_into_a_store_of_entities(tmp_path: Path) -> None:
    """Step 5 with a store of 2,000 entities (the full run uses 100,000): the document lands in the big
    store and in an empty one, and resolution attaches its mentions in both."""
    out = _run("--only", "store", "--entities", "2000", "--json", str(tmp_path / "t.json"))
    result = json.loads((tmp_path / "throughput-store.json").read_text())
    for step in ("add_one", "add_one_letter"):
        empty, full = result[step]["empty"], result[step]["full"]
        assert empty["status"] == full["status"] == "processed"
        assert empty["mentions"] == full["mentions"] > 0
        assert full["entities"] >= 2000 > empty["entities"]
    assert "one scan into" in out and "one letter into" in out, out
