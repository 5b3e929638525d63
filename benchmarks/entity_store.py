"""A store of N canonical entities, made through the pipeline's own writes and resolver (issue 8).

Synthetic companies and people (made-up words from syllables, a trade word, a legal form; seeded, so
the same N gives the same store) are saved as the mentions of synthetic documents, `writes.save_extraction`,
and folded by `run.resolve`, the resolver `docintel process` runs. The store is kept under var/bench/,
named by N and by this generator's version, so it is made once. `python benchmarks/entity_store.py [N]` prints its path.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import run  # noqa: E402
from pipeline.model import Extraction, Ingested, Mention  # noqa: E402
from pipeline.store import open_store  # noqa: E402
from pipeline.store import schema as t  # noqa: E402
from pipeline.store import writes  # noqa: E402

GENERATOR = "entity-store.v1"
SYLLABLES = ("ka", "ya", "de", "mir", "ak", "ça", "tel", "os", "man", "yil", "dız", "er", "gen", "bor", "lu", "ser",
             "han", "tas", "ki", "ran", "zu", "fer", "nal", "bek", "sin", "tor", "vel", "mu", "rat", "göl", "ön", "al")
TRADES = ("Kimya", "Lojistik", "Tekstil", "Trading", "Freight", "Electronics", "Gida", "Insaat", "Metal",
          "Shipping", "Plastik", "Enerji", "Import Export", "Makina", "Tarim", "General Trading")
FORMS = ("Ltd. Şti.", "A.Ş.", "LLC", "GmbH", "FZE", "Co.", "S.A.", "Ltd")
PER_DOCUMENT = 500


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def names(n: int, seed: int = 8) -> list[tuple[str, str]]:
    """n distinct (name, type): four companies for each person."""
    rng, seen, out = random.Random(seed), set(), []
    while len(out) < n:
        if len(out) % 5 == 4:
            name, etype = f"{_word(rng)} {_word(rng)} {_word(rng)}", "person"
        else:
            name, etype = f"{_word(rng)} {_word(rng)} {rng.choice(TRADES)} {rng.choice(FORMS)}", "company"
        if name.lower() not in seen:
            seen.add(name.lower())
            out.append((name, etype))
    return out


def fingerprint() -> str:
    """Changes with this generator. Not with the schema (opening the store migrates it forward) nor
    with every edit of the resolver: making 100,000 entities takes long, and what is measured is the
    current resolver adding a document to a store of that size."""
    return hashlib.sha256(GENERATOR.encode()).hexdigest()[:10]


def build(path: Path, n: int) -> dict[str, float]:
    """Write a store of about n canonical entities at path; returns timings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    engine = open_store(f"sqlite:///{path}")
    started = time.monotonic()
    all_names = names(n)
    for first in range(0, n, PER_DOCUMENT):
        chunk = all_names[first:first + PER_DOCUMENT]
        text = "\n".join(name for name, _ in chunk)
        doc_id = hashlib.sha256(f"{GENERATOR}|{first}|{text}".encode()).hexdigest()
        mentions, at = [], 0
        for name, etype in chunk:
            mentions.append(Mention(name, etype, "synthetic", 1, at, at + len(name), None, 1.0, "synthetic.v1"))
            at += len(name) + 1
        with engine.begin() as conn:
            writes.record_ingested(conn, Ingested(doc_id, f"synthetic-{first:06d}.txt", f"synthetic-{first:06d}.txt",
                                                  "text/plain", len(text), "", ()))
            writes.save_extraction(conn, doc_id, Extraction("other", 1.0, ("en",), mentions=tuple(mentions)), [])
    written = time.monotonic() - started
    stats = run.resolve(engine)
    engine.dispose()
    return {"write_s": written, "resolve_s": time.monotonic() - started - written, "entities": stats.entities_total}


def store_for(n: int, home: Path = ROOT / "var" / "bench") -> Path:
    """The cached store of n entities (made when missing or out of date)."""
    path = home / f"entities-{n}-{fingerprint()}.sqlite"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        info = build(tmp, n)
        shutil.move(tmp, path)
        print(f"made {path.name}: {info['entities']} entities, writes {info['write_s']:.0f} s, "
              f"resolution {info['resolve_s']:.0f} s", file=sys.stderr)
    return path


def cached(n: int, home: Path = ROOT / "var" / "bench") -> Path | None:
    """The largest store made before with at most n entities, or None."""
    made = [(int(p.name.split("-")[1]), p) for p in home.glob(f"entities-*-{fingerprint()}.sqlite")]
    fits = sorted((size, p) for size, p in made if size <= n)
    return fits[-1][1] if fits else None


if __name__ == "__main__":
    print(store_for(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
