"""Helpers for the golden-network tests: `docintel` as a subprocess, the networks processed once a session
(the `processed` fixture, imported by the test modules), a store's export by kind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
NETWORKS = ROOT / "corpora" / "networks"
DOCINTEL = Path(sys.executable).parent / "docintel"


def docintel(home: Path, cache: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DOCINTEL_HOME": str(home), "XDG_CACHE_HOME": str(cache), "OMP_THREAD_LIMIT": "1"}
    env.pop("DOCINTEL_STORE", None)
    return subprocess.run([str(DOCINTEL), *args], env=env, capture_output=True, text=True, timeout=300, check=check)


class Processed:
    """A store holding the processed documents, and its export by kind."""

    def __init__(self, home: Path, cache: Path, folders: list[Path]) -> None:
        self.home, self.cache = home, cache
        self.output = docintel(home, cache, "process", *map(str, folders)).stdout
        self.records = self.export()

    def export(self) -> list[dict[str, Any]]:
        out = self.home / "export.jsonl"
        docintel(self.home, self.cache, "export", "-o", str(out))
        return [json.loads(line) for line in out.read_text("utf-8").splitlines()]

    def kind(self, kind: str) -> list[dict[str, Any]]:
        return [r for r in self.records if r["kind"] == kind]

    def entity_named(self, name: str) -> dict[str, Any]:
        [entity] = [e for e in self.kind("entity") if name in e["aliases"] or e["name"] == name]
        return entity

    def file_name(self, doc_id: str) -> str:
        return next(d["file_name"] for d in self.kind("document") if d["id"] == doc_id)


def expected(name: str) -> dict[str, Any]:
    return json.loads((NETWORKS / name / "expected.json").read_text("utf-8"))


# Module-level, so the networks are processed once a session however many test modules ask for them.
_PROCESSED: dict[tuple[str, ...], Processed] = {}


@pytest.fixture(scope="session")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Processed]:
    """`processed("network_1")`: that network's documents through `docintel process`, once a session."""

    def get(*names: str) -> Processed:
        if names not in _PROCESSED:
            home = tmp_path_factory.mktemp("-".join(names))
            cache = tmp_path_factory.getbasetemp() / "network-xdg-cache"
            _PROCESSED[names] = Processed(home, cache, [NETWORKS / n / "documents" for n in names])
        return _PROCESSED[names]

    return get
