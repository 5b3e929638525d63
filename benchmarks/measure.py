"""Wall time and peak memory of a command and everything it starts (Linux /proc, no dependencies)."""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss(root: int, include_root: bool = True) -> int:
    """Resident bytes of a process and all its descendants, now."""
    tree, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        todo += tree.get(pid, [])
        if pid == root and not include_root:
            continue
        try:
            total += int((Path("/proc") / str(pid) / "statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
    return total


class PeakSampler:
    """Samples a process tree's resident memory every `interval` seconds; `peak` is the largest sum."""

    def __init__(self, root: int, include_root: bool = True, interval: float = 0.05) -> None:
        self.root, self.include_root, self.interval, self.peak = root, include_root, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.root, self.include_root))
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Timed:
    seconds: float
    peak_mb: float
    returncode: int
    output: str
    cpu_seconds: float = 0.0  # user + sys of the whole process tree (every descendant that was waited for)


def run_command(cmd: list[str], env: dict[str, str] | None = None) -> Timed:
    """Run a command to its end: wall time (start-up included) and the peak memory of its process tree."""
    started, cpu = time.monotonic(), children_cpu()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with PeakSampler(proc.pid) as sampler:
        output, _ = proc.communicate()
    return Timed(time.monotonic() - started, sampler.peak / 2**20, proc.returncode, output, children_cpu() - cpu)


def children_cpu() -> float:
    """User + sys seconds of this process's finished descendants so far: a difference of two readings is
    the CPU a command spent, far less sensitive than its wall time to what else runs on the machine."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_here(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """Run fn in this process: its result, wall seconds, and the peak memory of the subprocesses it starts
    (this process excluded, so the caller's own memory does not count)."""
    started = time.monotonic()
    with PeakSampler(os.getpid(), include_root=False) as sampler:
        result = fn()
    return result, time.monotonic() - started, sampler.peak / 2**20
