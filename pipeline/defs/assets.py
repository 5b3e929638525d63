"""Per-document assets (one dynamic partition per document, keyed by its SHA-256) and the canonical
entity store, which folds every new document's mentions into canonical entities."""

import time
from pathlib import Path

import dagster as dg

from .. import run
from ..model import Page
from ..text import pages
from .resources import EntityStore, OcrSettings, pipeline_settings
from .versions import ENTITIES_VERSION, TEXT_VERSION


documents = dg.DynamicPartitionsDefinition(name="documents")


class IngestConfig(dg.Config):
    path: str  # the file as the sensor saw it
    root: str = ""  # the watched folder, so the stored path is relative to it


def _failure(context: dg.AssetExecutionContext, reason: str) -> dg.Failure:
    # The reason is already stored on the document; the failed run shows it in the UI.
    return dg.Failure(description=reason, allow_retries=False,
                      metadata={"document_id": context.partition_key, "error": reason})


@dg.asset(partitions_def=documents, group_name="documents", kinds={"python"}, code_version="ingest.v1")
def raw_document(context: dg.AssetExecutionContext, config: IngestConfig, store: EntityStore,
                 ocr: OcrSettings) -> dg.MaterializeResult:
    """The dropped file: content hash, real type sniffed from its bytes, an archived copy. The original is never touched."""
    outcome = run.ingest_path(Path(config.path), Path(config.root) if config.root else None,
                              pipeline_settings(store, ocr), store.engine())
    doc_id = outcome if isinstance(outcome, str) else outcome.document_id
    if doc_id != context.partition_key:
        raise dg.Failure(f"{config.path} changed after it was detected; its new content is a new document")
    if isinstance(outcome, run.Outcome) and outcome.status == "failed":
        raise _failure(context, outcome.error or "failed")
    doc = run.document(store.engine(), doc_id)
    return dg.MaterializeResult(metadata={
        "file_name": doc["file_name"], "path": doc["path"], "media_type": doc["media_type"],
        "size_bytes": doc["size"], "warnings": dg.MetadataValue.md("\n".join(f"- {w}" for w in doc["warnings"] or []) or "none"),
    }, data_version=dg.DataVersion(doc_id))


@dg.asset(partitions_def=documents, deps=[raw_document], group_name="documents", kinds={"ocr"},
          code_version=TEXT_VERSION)
def document_text(context: dg.AssetExecutionContext, store: EntityStore, ocr: OcrSettings) -> dg.MaterializeResult:
    """Every page's text with word boxes: the PDF text layer where it is real, tesseract OCR elsewhere."""
    started = time.monotonic()

    def page_done(page: Page) -> None:  # progress in the run's log, a line per page as it is read
        context.log.info(f"page {page.number} read ({page.method}, {'+'.join(page.languages) or 'text layer'}, "
                         f"confidence {page.confidence:.2f}) after {time.monotonic() - started:.1f} s")

    pages.configure(ocr.page_threads())
    try:
        with pages.reporting(page_done):
            text = run.read_text(context.partition_key, pipeline_settings(store, ocr), store.engine())
    except run.DocumentError as exc:
        raise _failure(context, str(exc)) from exc
    seconds = time.monotonic() - started
    preview = " ".join(text.pages[0].text.split())[:500] if text.pages else ""
    return dg.MaterializeResult(metadata={
        "pages": len(text.pages), "ocr_pages": text.ocr_pages,
        "method": ", ".join(sorted({p.method for p in text.pages})),
        "ocr_languages": ", ".join(sorted({"+".join(p.languages) for p in text.pages if p.method == "ocr"})) or "none",
        "cleanup_steps": ", ".join(sorted({s for p in text.pages for s in p.cleanup})) or "none",
        "mean_ocr_confidence": round(text.mean_confidence, 3),
        "seconds": round(seconds, 2), "pages_per_minute": round(len(text.pages) / seconds * 60, 1) if seconds else 0.0,
        "preview": dg.MetadataValue.md(f"> {preview}" if preview else "_no text_"),
    })


@dg.asset(partitions_def=documents, deps=[document_text], group_name="documents", kinds={"spacy"},
          code_version=ENTITIES_VERSION,
          check_specs=[dg.AssetCheckSpec("has_text_and_entities", asset="document_entities")])
def document_entities(context: dg.AssetExecutionContext, store: EntityStore, ocr: OcrSettings) -> dg.MaterializeResult:
    """Document type, labelled fields, names of companies, people and places, and commodities with quantities."""
    ex = run.extract_entities(context.partition_key, pipeline_settings(store, ocr), store.engine())
    children = run.process_attachments(context.partition_key, pipeline_settings(store, ocr), store.engine())
    report = run.document_report(store.engine(), context.partition_key)
    names = "\n".join(f"- {m.text} ({m.entity_type}, {m.extractor})" for m in ex.mentions[:40])
    goods = "\n".join(
        f"- {c.commodity}: {c.quantity if c.quantity is not None else '?'} {c.unit or ''} HS {c.hs_code or '?'}"
        + (" **watchlist**" if c.watchlist else "") for c in ex.commodities)
    codes = "\n".join(f"- p{h.page} `{h.text}`: " + (h.description or "") if h.valid else
                      f"- p{h.page} `{h.text}`: **not an HS 2022 code**" for h in ex.hs_codes)
    return dg.MaterializeResult(
        metadata={
            "doc_type": ex.doc_type, "doc_type_confidence": ex.doc_type_confidence,
            "languages": ", ".join(ex.languages), "fields": len(ex.fields), "mentions": len(ex.mentions),
            "commodities": len(ex.commodities), "watchlist_hits": sum(c.watchlist for c in ex.commodities),
            "line_items": len(ex.line_items), "attachments": len(children),
            "attachments_failed": dg.MetadataValue.md(
                "\n".join(f"- {o.file_name}: {o.error}" for o in children if o.status == "failed") or "none"),
            "names": dg.MetadataValue.md(names or "_none_"), "goods": dg.MetadataValue.md(goods or "_none_"),
            "hs_codes_written": dg.MetadataValue.md(codes or "_none_"),
            "hs_codes_invalid": sum(not h.valid for h in ex.hs_codes),
        },
        check_results=[dg.AssetCheckResult(
            check_name="has_text_and_entities", passed=report["has_text"] and bool(ex.mentions),
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"characters": report["characters"], "mentions": len(ex.mentions)},
            description=None if report["has_text"] and ex.mentions else
            ("no text was found" if not report["has_text"] else "text but no entities were found"),
        )],
    )


@dg.asset(deps=[document_entities], group_name="entities", kinds={"sqlite"}, pool="entity_store",
          code_version="resolve.v1")
def canonical_entities(context: dg.AssetExecutionContext, store: EntityStore) -> dg.MaterializeResult:
    """Canonical companies, people, places and organisations: every new mention folded into one entity per real thing."""
    stats = run.resolve(store.engine())
    top = run.top_entities(store.engine(), 25)
    table = "| entity | type | spellings | mentions |\n|---|---|---|---|\n" + "\n".join(
        f"| {e['name']} | {e['type']} | {e['aliases']} | {e['mentions']} |" for e in top)
    return dg.MaterializeResult(metadata={
        "mentions_resolved": stats.mentions, "new_entities": stats.new_entities,
        "fuzzy_matches": stats.matched_fuzzy, "canonical_entities": stats.entities_total,
        "sent_to_review": stats.near_misses,  # `docintel review` lists them; `docintel judge` answers
        "top_entities": dg.MetadataValue.md(table),
    })


document_job = dg.define_asset_job(
    "document_job", selection=[raw_document, document_text, document_entities],
    executor_def=dg.in_process_executor, description="Ingest, read and extract one dropped document.",
)


entities_job = dg.define_asset_job(
    "entities_job", selection=[canonical_entities], executor_def=dg.in_process_executor,
    description="Resolve newly extracted mentions into canonical entities.",
)


reread_job = dg.define_asset_job(
    "reread_job", selection=[document_text, document_entities], executor_def=dg.in_process_executor,
    description="Read and extract stored documents again (after an OCR or clean-up change): a backfill target.",
)


reextract_job = dg.define_asset_job(
    "reextract_job", selection=[document_entities], executor_def=dg.in_process_executor,
    description="Extract stored documents again from their stored pages (after a model or rule change).",
)
