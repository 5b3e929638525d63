from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import run
from pipeline.settings import Settings
from pipeline.store import open_store


def test_unexpected_error_is_recorded_on_the_document(tmp_path: Path, settings: Settings) -> None:
    f = tmp_path / "note.txt"
    f.write_text("Dear Sir, the invoice follows.")
    engine = open_store(settings.store_url)
    doc_id = run.ingest_path(f, None, settings, engine)
    assert isinstance(doc_id, str)
    with pytest.raises(ZeroDivisionError):
        with run.recording_failures(engine, doc_id, "extract"):
            1 / 0
    doc = run.document(engine, doc_id)
    assert doc["status"] == "failed"
    assert doc["error"] == "unexpected error in extract: ZeroDivisionError: division by zero"


def test_unchanged_document_is_skipped_before_any_model_loads(tmp_path: Path, settings: Settings) -> None:
    f = tmp_path / "letter.txt"
    f.write_text("Dear Sir,\nSahin Lojistik A.S. will carry 40 sacks of ammonium nitrate.\n")
    summary = run.process_paths([f], settings)
    assert [o.status for o in summary.outcomes] == ["processed"]
    f2 = tmp_path / "copy of letter.txt"
    f2.write_bytes(f.read_bytes())
    calls = run.load_nlp.cache_info()
    again = run.process_paths([f, f2], settings)
    assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"]
    after = run.load_nlp.cache_info()
    assert (after.hits, after.misses) == (calls.hits, calls.misses)  # the model was not even asked for
    from pipeline.store import iter_records
    with open_store(settings.store_url).connect() as conn:
        [doc] = [r for r in iter_records(conn) if r["kind"] == "document"]
    assert doc["file_names"] == ["copy of letter.txt", "letter.txt"]
