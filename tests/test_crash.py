"""Crash safety: `docintel process` killed with SIGKILL mid-batch (inside a text write, inside an
extraction write, inside resolution, and from outside after two documents), then run again, leaves
the store exactly as one clean run does; nothing is left running or writing after the kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from pipeline.store import iter_records, open_store
from pipeline.store import schema as t

from conftest import demo_batch, new_pg_database

ROOT = Path(__file__).resolve().parent.parent
LETTERS = {
    "letter_a.txt": "Dear Sir,\nSahin Lojistik A.S. will carry 40 sacks of ammonium nitrate for Demir Kimya Ltd. Şti.\n",
    "letter_b.txt": "To Akcakale Telefon Iletisim,\nwe confirm 6,000 kg aluminium paste from Demir Kimya Sanayi ve "
                    "Ticaret Ltd. Sti., shipped by Anatolia Freight GmbH.\n",
    "notes/letter_c.txt": "Memo: Mosul Trading Co. asked Sahin Lojistik A.S. for 200 kg of nitromethane.\n",
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_batch(tmp_path_factory.mktemp("crash-batch"), LETTERS)


def _env(home: Path, ocr_cache: Path, store: str = "", fault: str = "") -> dict[str, str]:
    return {**os.environ, "DOCINTEL_HOME": str(home), "DOCINTEL_STORE": store, "DOCINTEL_FAULT": fault,
            "XDG_CACHE_HOME": str(ocr_cache / "xdg"), "OMP_THREAD_LIMIT": "1", "PYTHONPATH": str(ROOT)}


def _start(batch: Path, env: dict[str, str]) -> subprocess.Popen:
    # A session of its own, so the test can see whether anything of the run outlives it.
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "process", str(batch)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, text=True)


def _export(url: str) -> list[dict]:
    """The store's records without the first-seen timestamps (which differ between any two runs)."""
    open_store.cache_clear()  # a fresh engine: the store as it is on disk now
    engine = open_store(url)
    with engine.connect() as conn:
        records = [{k: v for k, v in r.items() if not k.endswith("_at")} for r in iter_records(conn)]
    engine.dispose()
    return records


def _store_url(home: Path) -> str:
    return f"sqlite:///{home}/docintel.sqlite"


@pytest.fixture(scope="module")
def clean(batch: Path, ocr_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    home = tmp_path_factory.mktemp("clean") / "var"
    proc = _start(batch, _env(home, ocr_cache))
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out
    assert "7 files: 7 processed" in out, out
    return _export(_store_url(home))


def _group_gone(pgid: int, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def _no_half_documents(url: str) -> None:
    """After a kill: a document is processed with all its rows, or has no extraction rows at all."""
    engine = open_store(url)
    with engine.connect() as conn:
        status = dict(conn.execute(sa.select(t.documents.c.id, t.documents.c.status)).all())
        for table in (t.fields, t.mentions, t.commodities):
            holders = set(conn.execute(sa.select(table.c.document_id).distinct()).scalars())
            assert all(status.get(d) == "processed" for d in holders), table.name
        paged = set(conn.execute(sa.select(t.pages.c.document_id).distinct()).scalars())
        assert {d for d, s in status.items() if s == "processed"} <= paged
    engine.dispose()


@pytest.mark.parametrize("kill", ["save_text:2", "save_extraction:3", "resolve:1", "after 2 documents"])
def test_killed_run_then_rerun_equals_a_clean_run(kill: str, batch: Path, ocr_cache: Path, tmp_path: Path,
                                                  clean: list[dict]) -> None:
    home = tmp_path / "var"
    url = _store_url(home)
    inside = ":" in kill
    proc = _start(batch, _env(home, ocr_cache, fault=kill if inside else ""))
    if inside:  # the process SIGKILLs itself at that point, inside the open transaction
        out, _ = proc.communicate(timeout=300)
    else:  # killed from outside, with everything it started, once two documents are done
        seen, lines = 0, []
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.append(line)
            seen += line.startswith("ok ")
            if seen == 2:
                os.killpg(proc.pid, signal.SIGKILL)
                break
        proc.wait(timeout=60)
        out = "".join(lines)
    assert proc.returncode == -signal.SIGKILL, out
    assert _group_gone(proc.pid), "a process of the killed run is still alive"
    after_kill = _export(url)
    time.sleep(0.5)
    assert _export(url) == after_kill  # nothing writes after the kill
    _no_half_documents(url)
    assert after_kill != clean  # the kill did interrupt something

    again = _start(batch, _env(home, ocr_cache))
    out, _ = again.communicate(timeout=300)
    assert again.returncode == 0, out
    assert _export(url) == clean


def test_killed_run_on_postgresql_then_rerun_equals_a_clean_run(batch: Path, ocr_cache: Path, tmp_path: Path,
                                                                 clean: list[dict], pg_server: str) -> None:
    url = new_pg_database(pg_server)
    killed = _start(batch, _env(tmp_path / "var", ocr_cache, store=url, fault="save_extraction:4"))
    out, _ = killed.communicate(timeout=300)
    assert killed.returncode == -signal.SIGKILL, out
    _no_half_documents(url)
    again = _start(batch, _env(tmp_path / "var", ocr_cache, store=url))
    out, _ = again.communicate(timeout=300)
    assert again.returncode == 0, out
    assert _export(url) == clean


def test_fault_point_is_inert_without_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.store.db import fault_point

    monkeypatch.delenv("DOCINTEL_FAULT", raising=False)
    fault_point("save_text")  # returns: no variable, no kill
    monkeypatch.setenv("DOCINTEL_FAULT", "save_extraction:1")
    fault_point("save_text")  # another point: no kill
    assert json.dumps({"alive": True})
