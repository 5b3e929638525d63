"""The stages strung together, for one document and for a batch. The CLI and the Dagster assets both
call these functions, so the two faces cannot drift apart."""

from __future__ import annotations

import hashlib
import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from . import ingest
from .errors import DocumentError
from .extract import extract, load_nlp
from .extract.geolink import link_places
from . import graph
from .graph import GraphStats
from .extract.namelink import link_scripts
from .model import DocumentText, Extraction, Field, LineItem, Page, Word, make_id
from .parse import einvoice, parse_document
from .resolve import ResolveStats, resolve_pending
from .settings import Settings
from .store import open_store
from .store import schema as t
from .store.db import Writer, fault_point, serialize
from .store import writes

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)
# Bump when a stage changes what it produces: stored documents of an older version are processed again.
PIPELINE_VERSION = "pipeline.v2"  # v2: spaCy NER without the parser's sentence boundaries


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one document in this run."""

    document_id: str
    file_name: str
    status: str  # processed | failed | unchanged
    error: str | None = None
    warnings: tuple[str, ...] = ()
    pages: int = 0
    ocr_pages: int = 0
    mean_confidence: float = 0.0
    mentions: int = 0
    commodities: int = 0
    doc_type: str | None = None
    preview: str = ""


@dataclass
class BatchSummary:
    outcomes: list[Outcome] = field(default_factory=list)
    resolve: ResolveStats | None = None
    graph: "GraphStats | None" = None

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def ingest_path(path: Path, root: Path | None, settings: Settings, engine: sa.Engine) -> Outcome | str:
    """Take a file into the archive and register it. Returns its document id, or an Outcome when the
    document is already done (unchanged) or cannot be taken in (failed, recorded with its reason)."""
    rel = ingest.shown_name(str(path.relative_to(root)) if root and path.is_relative_to(root) else path.name)
    name = ingest.shown_name(path.name)
    try:
        doc = ingest.ingest_file(path, settings, root)
    except DocumentError as exc:
        doc_id = _id_of_unreadable(path, settings)
        with engine.begin() as conn:
            writes.record_failure(conn, doc_id, name, rel, str(exc), size=_size(path))
        return Outcome(doc_id, name, "failed", str(exc))
    with engine.begin() as conn:
        known = writes.known_document(conn, doc.id)
        if known and known["status"] == "processed" and known["processed_by"] == PIPELINE_VERSION:
            writes.record_name(conn, doc.id, doc.file_name, doc.path)
            return Outcome(doc.id, doc.file_name, "unchanged", pages=known["pages"] or 0, doc_type=known["doc_type"])
        writes.record_ingested(conn, doc)
    return doc.id


@contextmanager
def recording_failures(engine: sa.Engine, doc_id: str, stage: str) -> Iterator[None]:
    """Record an unexpected error on the document before it propagates, so the store never says less
    than the run log: the document shows as failed, with the stage and the error."""
    try:
        yield
    except DocumentError:
        raise
    except Exception as exc:
        log.exception("unexpected error in %s of %s", stage, doc_id)
        with engine.begin() as conn:
            doc = writes.known_document(conn, doc_id) or {}
            writes.record_failure(conn, doc_id, doc.get("file_name", doc_id), doc.get("path", doc_id),
                                  f"unexpected error in {stage}: {exc.__class__.__name__}: {exc}"[:2000],
                                  doc.get("media_type"), doc.get("size"), doc.get("warnings") or [])
        raise


def record_name(engine: sa.Engine, doc_id: str, file_name: str, path: str) -> None:
    """Note another name the same bytes arrived under (a re-dropped or renamed file)."""
    with engine.begin() as conn:
        writes.record_name(conn, doc_id, file_name, path)


def read_text(doc_id: str, settings: Settings, engine: sa.Engine) -> DocumentText:
    """Read the archived document's pages and store them. Raises DocumentError, recorded on the document."""
    with engine.connect() as conn:
        doc = writes.known_document(conn, doc_id)
    if doc is None:
        raise DocumentError(f"document {doc_id} was never ingested")
    from . import text  # numpy, Pillow, pdf libraries: only once there is something to read

    try:
        with recording_failures(engine, doc_id, "text"):
            result = text.read_document(Path(doc["archive_path"]), doc["media_type"], settings)
    except DocumentError as exc:
        with engine.begin() as conn:
            writes.record_failure(conn, doc_id, doc["file_name"], doc["path"], str(exc), doc["media_type"],
                                  doc["size"], doc["warnings"] or [])
        raise
    with engine.begin() as conn:
        writes.save_text(conn, doc_id, result)
    return result


def load_text(conn: sa.Connection, doc_id: str) -> DocumentText:
    rows = conn.execute(sa.select(t.pages).where(t.pages.c.document_id == doc_id).order_by(t.pages.c.page)).mappings()
    pages = tuple(
        Page(number=r["page"], method=r["method"], text=r["text"], confidence=r["confidence"] or 0.0,
             width=r["width"], height=r["height"], bbox_unit=r["bbox_unit"], dpi=r["dpi"],
             languages=tuple(r["languages"] or ()), cleanup=tuple(r["cleanup"] or ()),
             words=tuple(Word(w[0], (w[1], w[2], w[3], w[4]), w[5], w[6], w[7]) for w in r["words"] or ()))
        for r in rows
    )
    return DocumentText(pages)


def extract_entities(doc_id: str, settings: Settings, engine: sa.Engine, nlp: "Language | None" = None) -> Extraction:
    """Parse and extract one document from its stored pages, and store the results."""
    with recording_failures(engine, doc_id, "extract"):
        with engine.connect() as conn:
            doc_text = load_text(conn, doc_id)
            doc = writes.known_document(conn, doc_id)
        parsed = parse_document(doc_text)
        found = extract(doc_text, nlp or load_nlp(settings.spacy_model), parsed.fields, items=parsed.line_items)
        e_fields, e_items = _embedded_invoice(doc) if doc else ([], [])
        result = Extraction(
            doc_type=parsed.doc_type, doc_type_confidence=parsed.doc_type_confidence, languages=found.languages,
            fields=parsed.fields + tuple(e_fields), line_items=parsed.line_items + tuple(e_items),
            mentions=found.mentions, commodities=found.commodities, hs_codes=found.hs_codes,
        )
        warnings = list((doc or {}).get("warnings") or [])
        with engine.begin() as conn:
            writes.save_extraction(conn, doc_id, result, warnings)
            conn.execute(t.documents.update().where(t.documents.c.id == doc_id)
                         .values(processed_by=PIPELINE_VERSION))
    return result


def _embedded_invoice(doc: dict[str, Any]) -> tuple[list[Field], list[LineItem]]:
    """Fields and line items of a ZUGFeRD/Factur-X invoice embedded in a PDF, as a source of their own."""
    if doc.get("media_type") != "application/pdf" or not doc.get("archive_path"):
        return [], []
    data = einvoice.embedded_xml(Path(doc["archive_path"]))
    if data is None:
        return [], []
    try:
        return einvoice.read_cii(data)
    except (ET.ParseError, ValueError) as exc:
        log.warning("embedded e-invoice of %s unreadable: %s", doc["id"], exc)
        return [], []


MAX_ATTACHMENT_DEPTH = 3  # an e-mail in an e-mail in an e-mail, and no further


def process_attachments(doc_id: str, settings: Settings, engine: sa.Engine, nlp: "Language | None" = None,
                        depth: int = 1) -> list[Outcome]:
    """Process an e-mail's attachments as documents of their own, each linked to it by parent_id."""
    doc = document(engine, doc_id)
    if doc["media_type"] != "message/rfc822" or depth > MAX_ATTACHMENT_DEPTH:
        return []
    outcomes = []
    from .text.plain import email_attachments

    for name, data in email_attachments(Path(doc["archive_path"])):
        rel = f"{doc['path']}#{name}"
        try:
            child = ingest.ingest_bytes(data, name, rel, settings)
        except DocumentError as exc:
            child_id = hashlib.sha256(data).hexdigest()
            with engine.begin() as conn:
                writes.record_failure(conn, child_id, name, rel, str(exc), size=len(data))
                conn.execute(t.documents.update().where(t.documents.c.id == child_id).values(parent_id=doc_id))
            outcomes.append(Outcome(child_id, name, "failed", str(exc)))
            continue
        with engine.begin() as conn:
            writes.record_ingested(conn, child, parent_id=doc_id)
        outcomes.append(_read_and_extract(child.id, name, settings, engine, nlp))
        outcomes += process_attachments(child.id, settings, engine, nlp, depth + 1)
    return outcomes


def resolve(engine: sa.Engine) -> ResolveStats:
    """Fold every unresolved mention in the store into canonical entities."""
    with engine.begin() as conn:
        serialize(conn, "docintel.resolve")  # one resolver at a time, each seeing the others' entities
        link_places(conn)  # places GeoNames knows join their place's entity first (geonames id, coordinates)
        link_scripts(conn)  # a name in Arabic script joins its Latin spelling (one consonant skeleton)
        stats = resolve_pending(conn)
        fault_point("resolve")
        return stats


def process_file(path: Path, root: Path | None, settings: Settings, engine: sa.Engine,
                 nlp: "Language | None" = None) -> Outcome:
    """Ingest, read and extract one file; a bad file ends as a failed Outcome, never an exception."""
    started = ingest_path(path, root, settings, engine)
    if isinstance(started, Outcome):
        return started
    return _read_and_extract(started, ingest.shown_name(path.name), settings, engine, nlp)


def _read_and_extract(doc_id: str, file_name: str, settings: Settings, engine: sa.Engine,
                      nlp: "Language | None") -> Outcome:
    try:
        doc_text = read_text(doc_id, settings, engine)
        ex = extract_entities(doc_id, settings, engine, nlp)
    except DocumentError as exc:
        return Outcome(doc_id, file_name, "failed", str(exc))
    except Exception as exc:  # already recorded on the document; the batch goes on
        return Outcome(doc_id, file_name, "failed", f"unexpected error: {exc.__class__.__name__}: {exc}")
    with engine.connect() as conn:
        warnings = tuple((writes.known_document(conn, doc_id) or {}).get("warnings") or ())
    return Outcome(
        doc_id, file_name, "processed", warnings=warnings, pages=len(doc_text.pages),
        ocr_pages=doc_text.ocr_pages, mean_confidence=round(doc_text.mean_confidence, 3),
        mentions=len(ex.mentions), commodities=len(ex.commodities), doc_type=ex.doc_type,
        preview=" ".join(doc_text.pages[0].text.split())[:300] if doc_text.pages else "",
    )


def process_paths(paths: Iterable[Path], settings: Settings,
                  progress: Callable[[Outcome], None] | None = None) -> BatchSummary:
    """Process files and folders (folders recursively, never through a symbolic link), then resolve
    (unless another run is still writing the store: the last run to finish resolves for all)."""
    engine = open_store(settings.store_url)
    summary = BatchSummary()
    writer = Writer(engine)
    for given in paths:
        root = given if given.is_dir() else None
        for path in ingest.iter_files(given):
            # The model loads on first use (and once per process): unchanged documents never pay for it.
            outcome = process_file(path, root, settings, engine)
            for o in [outcome] + (process_attachments(outcome.document_id, settings, engine)
                                  if outcome.status == "processed" else []):
                summary.outcomes.append(o)
                if progress:
                    progress(o)
    if not writer.last():
        return summary  # summary.resolve stays None: the run still writing resolves these mentions too
    summary.resolve = resolve(engine)
    summary.graph = supply_chains(engine, settings)
    return summary


def build_graph(engine: sa.Engine, settings: Settings) -> GraphStats:
    """Rebuild the transaction graph (relations between parties, grouped into shipments) from the store."""
    with engine.begin() as conn:
        serialize(conn, "docintel.graph")
        return graph.build_graph(conn, settings.flags)


def raise_flags(engine: sa.Engine, settings: Settings) -> list[graph.Flag]:
    """Rebuild the red flags from the transaction graph and the documents."""
    with engine.begin() as conn:
        serialize(conn, "docintel.graph")
        return graph.build_flags(conn, settings.flags)


def supply_chains(engine: sa.Engine, settings: Settings) -> GraphStats:
    """The graph, then its flags, in one transaction from one reading of the trade documents: what
    `docintel process` runs after resolution. Both stay as stored when built from the same facts."""
    with engine.begin() as conn:
        serialize(conn, "docintel.graph")
        return graph.supply_chains(conn, settings.flags)


def _id_of_unreadable(path: Path, settings: Settings) -> str:
    try:
        return ingest.document_id(path, settings)
    except OSError:
        return make_id("unreadable", str(path))


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def document(engine: sa.Engine, doc_id: str) -> dict[str, Any]:
    """The stored row of one document (raises KeyError when the store has none)."""
    with engine.connect() as conn:
        doc = writes.known_document(conn, doc_id)
    if doc is None:
        raise KeyError(doc_id)
    return doc


def failed_documents(engine: sa.Engine) -> list[tuple[str, str | None]]:
    """(path, reason) of every document that failed, by path: the list an analyst works through."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.documents.c.path, t.documents.c.error)
                            .where(t.documents.c.status == "failed")).all()
    return sorted((r[0], r[1]) for r in rows)


def document_report(engine: sa.Engine, doc_id: str) -> dict[str, Any]:
    """What a check needs to know about a document: whether it has text, how much."""
    with engine.connect() as conn:
        chars = conn.execute(sa.select(sa.func.coalesce(sa.func.sum(sa.func.length(t.pages.c.text)), 0))
                             .where(t.pages.c.document_id == doc_id)).scalar_one()
    return {"characters": int(chars), "has_text": int(chars) > 0}


def top_entities(engine: sa.Engine, limit: int) -> list[dict[str, Any]]:
    """The canonical entities with the most mentions, each with its number of distinct spellings."""
    m = t.mentions
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(t.entities.c.id, t.entities.c.name, t.entities.c.type,
                      sa.func.count(m.c.id).label("mentions"), sa.func.count(sa.distinct(m.c.text)).label("aliases"))
            .join(m, m.c.entity_id == t.entities.c.id)
            .group_by(t.entities.c.id, t.entities.c.name, t.entities.c.type)
            .order_by(sa.desc("mentions"), t.entities.c.id).limit(limit)
        ).mappings().all()
    return [dict(r) for r in rows]
