"""Shared fixtures: settings on temporary folders, the demo corpus, a demo store processed once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from pipeline.settings import Settings, sqlite_url

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "demo"
DEMO_FILES = sorted(p for p in DEMO.iterdir() if p.suffix in {".pdf", ".png", ".txt"})


def demo_batch(folder: Path, letters: dict[str, str]) -> Path:
    """folder with the demo corpus and some letters (relative paths; sub-folders are made)."""
    for p in DEMO_FILES:
        shutil.copy2(p, folder / p.name)
    for name, text in letters.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, "utf-8")
    return folder


def make_settings(base: Path, cache: Path | None = None) -> Settings:
    return Settings(home=base / "var", store_url=sqlite_url(base / "var" / "docintel.sqlite"),
                    cache_dir=cache or base / "cache", inbox=base / "inbox")


@pytest.fixture(scope="session")
def ocr_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One OCR cache for the session, so each page image is OCRed for real once and then reused."""
    return tmp_path_factory.mktemp("ocr-cache")


@pytest.fixture
def settings(tmp_path: Path, ocr_cache: Path) -> Settings:
    return make_settings(tmp_path, ocr_cache)


@pytest.fixture(scope="session")
def demo_inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo documents plus the two bad files issue 2 names, in an inbox of its own."""
    inbox = tmp_path_factory.mktemp("inbox")
    for p in DEMO_FILES:
        shutil.copy2(p, inbox / p.name)
    # The scanned bill of lading again, as an image-only PDF: same text, a different document.
    Image.open(DEMO / "bill_of_lading_scan.png").convert("L").save(inbox / "bl_rescanned.pdf", "PDF", resolution=200)
    (inbox / "empty.pdf").write_bytes(b"")
    (inbox / "really_text.pdf").write_text("Packing list for 40 sacks of ammonium nitrate, 1,000 kg.\n", "utf-8")
    return inbox


# --- A throwaway PostgreSQL cluster (issue 6): the store tests run against SQLite and PostgreSQL. ---

def _pg_bin() -> Path | None:
    """The folder of Debian's PostgreSQL server binaries (initdb, pg_ctl), newest version first."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]), reverse=True)
    return found[0].parent if found else None


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL cluster in a temporary folder on 127.0.0.1 and a free port, run as the `postgres`
    user (initdb refuses root), stopped and removed at the end of the session. Yields the server URL."""
    import os
    import subprocess
    import tempfile

    bindir = _pg_bin()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries are missing in CI: scripts/setup.sh should have installed them")
        pytest.skip("PostgreSQL server binaries are not installed (scripts/setup.sh installs Debian's postgresql)")
    as_pg: list[str] = []
    if os.geteuid() == 0:
        as_pg = ["runuser", "-u", "postgres", "--"]
    base = Path(tempfile.mkdtemp(prefix="docintel-pg-"))
    data = base / "data"
    if as_pg:
        shutil.chown(base, "postgres", "postgres")
    port = _free_port()
    run = lambda *cmd: subprocess.run([*as_pg, *cmd], check=True, capture_output=True, timeout=120)  # noqa: E731
    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"), "-w", "-t", "60", "start",
            "-o", f"-h 127.0.0.1 -p {port} -k {base} -c fsync=off -c max_connections=60")
    except subprocess.CalledProcessError as exc:
        log = (base / "server.log").read_text() if (base / "server.log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr.decode()} {log}") from exc
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_pg, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


def new_pg_database(server: str) -> str:
    """A fresh, empty database on the test cluster; returns its URL."""
    import uuid

    import sqlalchemy as sa

    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return f"{server}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store on each backend in turn: a SQLite file, then a new PostgreSQL database."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "store.sqlite")
    return new_pg_database(request.getfixturevalue("pg_server"))
