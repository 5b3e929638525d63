"""A store of N canonical entities, made through the pipeline's own writes and resolution engine (issue 8).

Synthetic companies and people (made-up words from syllables, a trade word, a legal form; seeded, so
the same N gives the same store) are saved as the mentions of synthetic documents (`writes.save_extraction`),
their person names indexed by `namelink.link_scripts` as `run.resolve` does first, and folded by the
resolution engine `run.resolve` runs (`engine.decide`, through `resolve.cluster_names`, the batch form
`docintel dedupe` uses, with the keys in memory); the result is written as the resolver writes it
(entities, spellings in entity_keys with the founding one as anchor, blocking keys in entity_tokens,
mentions' entity ids) in bulk inserts, not one statement per mention: `run.resolve` itself takes ~10 ms a
mention on a fresh store (most of it SQLAlchemy building statements), 100,000 of them most of an hour.
`--check N` builds a small store both ways and compares the partitions. The store is kept under
var/bench/, named by N and by this generator's version, so it is made once.
`python benchmarks/entity_store.py [N]` prints its path.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from pipeline import run  # noqa: E402
from pipeline.extract.namelink import link_scripts  # noqa: E402
from pipeline.model import Extraction, Ingested, Mention  # noqa: E402
from pipeline.resolve import NameKey, cluster_names, name_key  # noqa: E402
from pipeline.resolve.batch import entity_id_for  # noqa: E402
from pipeline.resolve.engine import blocking_keys  # noqa: E402
from pipeline.store import open_store  # noqa: E402
from pipeline.store import schema as t  # noqa: E402
from pipeline.store import writes  # noqa: E402

GENERATOR = "entity-store.v2"
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
    rng, seen = random.Random(seed), set()
    out: list[tuple[str, str]] = []
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


def build(path: Path, n: int, bulk: bool = True) -> dict[str, float]:
    """Write a store of about n canonical entities at path (bulk: folded in memory and written in bulk;
    else by `run.resolve`, slow); returns timings and the store's shape."""
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
            mentions.append(Mention(name, etype, "synthetic", 1, at, at + len(name), None, 1.0,  # type: ignore[arg-type]
                                    "synthetic.v1"))
            at += len(name) + 1
        with engine.begin() as conn:
            writes.record_ingested(conn, Ingested(doc_id, f"synthetic-{first:06d}.txt", f"synthetic-{first:06d}.txt",
                                                  "text/plain", len(text), "", ()))
            writes.save_extraction(conn, doc_id, Extraction("other", 1.0, ("en",), mentions=tuple(mentions)), [])
    written = time.monotonic() - started
    if bulk:
        with engine.begin() as conn:
            link_scripts(conn)
            fold(conn)
    else:
        run.resolve(engine)
    resolved = time.monotonic() - started - written
    with engine.connect() as conn:
        info = shape(conn)
    engine.dispose()
    open_store.cache_clear()
    return {"write_s": written, "resolve_s": resolved, **info}


def fold(conn: sa.Connection) -> int:
    """Resolve every pending mention of a store holding no entities yet, in memory, and write the result
    as resolve_pending would (its review queue of near misses aside); returns the entities made."""
    m = t.mentions.c
    pending = conn.execute(sa.select(m.id, m.text, m.entity_type).where(m.entity_id.is_(None))
                           .order_by(m.document_id, m.page, m.start, m.id)).all()
    entity_of: dict[str, str] = {}
    keys: dict[tuple[str, str, str], tuple[str, bool, bool]] = {}  # (type, core, forms) -> entity, arabic, anchor
    spellings: dict[str, tuple[str, list[str]]] = {}
    for etype in sorted({r.entity_type for r in pending}):
        rows = [r for r in pending if r.entity_type == etype]
        clustering = cluster_names([r.text for r in rows], etype)
        for r, entity_id in zip(rows, clustering.cluster_ids):
            if entity_id is None:
                continue
            key = name_key(r.text, etype)
            entity_of[r.id] = entity_id
            keys.setdefault((etype, key.core, key.forms), (entity_id, key.arabic,
                                                           entity_id_for(etype, key) == entity_id))
            spellings.setdefault(entity_id, (etype, []))[1].append(" ".join(r.text.split()))
    created = writes.now()
    entities = []
    for entity_id, (etype, texts) in spellings.items():
        counts = Counter(texts)  # the display name as resolver.refresh_names picks it
        entities.append({"id": entity_id, "type": etype, "name": min(counts, key=lambda x: (-counts[x], -len(x), x)),
                         "created_at": created})
    tokens = {(etype, b[:128], entity_id) for (etype, core, forms), (entity_id, arabic, _) in keys.items()
              for b in blocking_keys(NameKey(core, frozenset(f for f in forms.split(",") if f), arabic))}
    _bulk(conn, t.entities.insert(), entities)
    _bulk(conn, t.entity_keys.insert(), [{"type": ty, "core": c, "legal_forms": f, "entity_id": e, "arabic": ar,
                                          "anchor": an} for (ty, c, f), (e, ar, an) in keys.items()])
    _bulk(conn, t.entity_tokens.insert(), [{"type": ty, "token": to, "entity_id": e} for ty, to, e in sorted(tokens)])
    _bulk(conn, t.mentions.update().where(m.id == sa.bindparam("mid")).values(entity_id=sa.bindparam("eid")),
          [{"mid": i, "eid": e} for i, e in entity_of.items()])
    return len(entities)


def _bulk(conn: sa.Connection, statement: sa.Executable, rows: list[dict], chunk: int = 20_000) -> None:
    for i in range(0, len(rows), chunk):
        conn.execute(statement, rows[i:i + chunk])


def shape(conn: sa.Connection) -> dict[str, float]:
    """Live entities, persons among them, spellings, blocking keys and indexed person skeletons."""
    def count(table: sa.Table, *where: sa.ColumnElement[bool]) -> int:
        return conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one()

    e = t.entities.c
    entities = count(t.entities, e.replaced_by.is_(None))
    return {"entities": entities, "persons": count(t.entities, e.replaced_by.is_(None), e.type == "person"),
            "keys": count(t.entity_keys), "tokens": count(t.entity_tokens), "skeletons": count(t.person_skeletons),
            "mentions": count(t.mentions), "unresolved": count(t.mentions, t.mentions.c.entity_id.is_(None))}


def partition(path: Path) -> set[frozenset[str]]:
    """The store's mentions grouped by entity (ids aside): what two resolutions must agree on."""
    engine = sa.create_engine(f"sqlite:///{path}")
    groups: dict[str, set[str]] = {}
    with engine.connect() as conn:
        for text, entity_id in conn.execute(sa.select(t.mentions.c.text, t.mentions.c.entity_id)):
            groups.setdefault(entity_id, set()).add(text)
    engine.dispose()
    return {frozenset(g) for g in groups.values()}


def store_for(n: int, home: Path = ROOT / "var" / "bench") -> Path:
    """The cached store of n entities (made when missing or out of date)."""
    path = home / f"entities-{n}-{fingerprint()}.sqlite"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        info = build(tmp, n)
        shutil.move(tmp, path)
        print(f"made {path.name}: writes {info['write_s']:.0f} s, resolution {info['resolve_s']:.0f} s; "
              + ", ".join(f"{k} {v:,}" for k, v in info.items() if not k.endswith("_s")), file=sys.stderr)
    return path


def cached(n: int, home: Path = ROOT / "var" / "bench") -> Path | None:
    """The largest store made before with at most n entities, or None."""
    made = [(int(p.name.split("-")[1]), p) for p in home.glob(f"entities-*-{fingerprint()}.sqlite")]
    fits = sorted((size, p) for size, p in made if size <= n)
    return fits[-1][1] if fits else None


def check(n: int, home: Path) -> None:
    """Build n entities both ways (bulk and `run.resolve`) and say how far the two partitions agree."""
    timings, parts = {}, {}
    for bulk in (True, False):
        info = build(home / f"check-{n}-{bulk}.sqlite", n, bulk)
        timings[bulk], parts[bulk] = info, partition(home / f"check-{n}-{bulk}.sqlite")
        print(("bulk" if bulk else "run.resolve"), {k: round(v, 1) for k, v in info.items()}, file=sys.stderr)
    print(f"{n} names: {len(parts[True] & parts[False])} entities alike, {len(parts[True] - parts[False])} only in "
          f"the bulk fold, {len(parts[False] - parts[True])} only in run.resolve")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check"]:
        check(int(sys.argv[2]), ROOT / "var" / "bench")
    else:
        print(store_for(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
