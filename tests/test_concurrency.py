"""Concurrency: four `docintel process` runs writing one store at once, on overlapping batches in
different orders, on SQLite (WAL, busy timeout, immediate transactions) and on PostgreSQL (advisory
locks): nothing lost, nothing doubled, and the export equals a sequential run's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import new_pg_database
from test_crash import _export, _store_url, batch  # noqa: F401  (batch is a fixture)

ROOT = Path(__file__).resolve().parent.parent
WRITERS = 4


def _batches(folder: Path) -> list[list[Path]]:
    """Four overlapping batches, each in its own order; together they hold every file."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    n = len(files)
    return [files[: n - 2], list(reversed(files[2:])), files[n // 2:] + files[: n // 2], files[1::2] + files[::2]]


def _env(ocr_cache: Path, home: Path, store: str) -> dict[str, str]:
    return {**os.environ, "DOCINTEL_HOME": str(home), "DOCINTEL_STORE": store, "DOCINTEL_FAULT": "",
            "XDG_CACHE_HOME": str(ocr_cache / "xdg"), "OMP_THREAD_LIMIT": "1", "PYTHONPATH": str(ROOT)}


def _process(paths: list[Path], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "process", *map(str, paths)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.fixture(scope="module")
def sequential(batch: Path, ocr_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict]:  # noqa: F811
    """The four batches one after the other, in one run, on SQLite."""
    home = tmp_path_factory.mktemp("sequential") / "var"
    proc = _process([p for b in _batches(batch) for p in b], _env(ocr_cache, home, ""))
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out
    return _export(_store_url(home))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_four_writers_at_once_equal_a_sequential_run(backend: str, batch: Path, ocr_cache: Path,  # noqa: F811
                                                      tmp_path: Path, sequential: list[dict],
                                                      request: pytest.FixtureRequest) -> None:
    home = tmp_path / "var"
    url = _store_url(home) if backend == "sqlite" else new_pg_database(request.getfixturevalue("pg_server"))
    env = _env(ocr_cache, home, url)
    batches = _batches(batch)
    assert len(batches) == WRITERS and len({tuple(b) for b in batches}) == WRITERS
    procs = [_process(b, env) for b in batches]  # all four started before any is waited for
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    for p, out in zip(procs, outputs):
        assert p.returncode == 0, out
        assert "locked" not in out and "Traceback" not in out, out
    records = _export(url)
    docs = [r for r in records if r["kind"] == "document"]
    assert len(docs) == len({d["id"] for d in docs}) == len(list(batch.rglob("*.*")))
    assert all(d["status"] == "processed" for d in docs)
    assert records == sequential
