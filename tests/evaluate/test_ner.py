"""Entity and commodity evaluations: the span scoring on hand-made cases, and smoke runs of every set
(the full runs are `make bench`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import DEFAULT_CORPORA, SETS, commodities, ner
from pipeline.evaluate.report import format_table
from pipeline.settings import Settings

needs_corpora = pytest.mark.skipif(not (DEFAULT_CORPORA / "ner_gold").is_dir(), reason="public NER sets absent")


def test_chunk_text_places_gold_spans_on_the_joined_text() -> None:
    sentences = [[("Adana'da", "B-GPE"), ("Ali", "B-PERSON"), ("Veli", "I-PERSON"), ("yaşar", "O")],
                 [("Türkiye", "B-GPE"), (".", "O")]]
    text, gold = ner.chunk_text(sentences, strip_suffix=True)
    assert text == "Adana'da Ali Veli yaşar\n\nTürkiye .\n\n"
    assert {(text[s:e], lab) for s, e, lab in gold} == {("Adana", "GPE"), ("Ali Veli", "PERSON"), ("Türkiye", "GPE")}


def test_prf_counts_exact_spans_per_label_and_micro() -> None:
    gold = {(0, 0, 5, "PER"), (0, 6, 9, "LOC"), (1, 0, 3, "ORG")}
    pred = {(0, 0, 5, "PER"), (0, 6, 9, "PER"), (1, 0, 3, "ORG")}
    scores = ner.prf(pred, gold, ("PER", "LOC", "ORG"), ("PER", "LOC", "ORG"))
    assert scores["PER"][:3] == (0.5, 1.0, pytest.approx(2 / 3))
    assert scores["LOC"][2] == 0.0 and scores["ORG"][2] == 1.0
    assert scores["micro"][3:] == (2, 3, 3)


def test_the_sets_are_registered() -> None:
    assert {"ner-en", "ner-tr", "ner-trade", "ner-ar", "commodities"} <= set(SETS)


@needs_corpora
@pytest.mark.parametrize("name", ["ner-en", "ner-tr", "ner-ar"])
def test_public_ner_sets_smoke(name: str, settings: Settings) -> None:
    folder, evaluate = SETS[name]
    result = evaluate(DEFAULT_CORPORA / folder, settings, limit=2)  # 40 sentences
    assert result.documents == 40
    micro = [r for r in result.rows if r.metric.startswith("F1 micro")]
    assert len(micro) >= 2 and all(0.0 <= r.value <= 1.0 for r in micro)
    assert "docintel" in micro[0].source
    assert format_table(result)


def test_trade_ner_smoke_docintel_above_bare_spacy(settings: Settings) -> None:
    folder, evaluate = SETS["ner-trade"]
    result = evaluate(Path(folder), settings, limit=12)
    ours, bare = (r for r in result.rows if r.metric == "F1 micro COMPANY/PERSON/PLACE" and r.source in
                  ("docintel", "bare spaCy"))
    assert ours.value > bare.value + 0.1


def test_commodities_on_the_annotated_set(settings: Settings) -> None:
    result = commodities.evaluate(Path(commodities.FOLDER), settings)
    values = {r.metric: r.value for r in result.rows}
    assert result.documents >= 100
    assert values["precision"] >= 0.9 and values["recall"] >= 0.9 and values["quantity and unit"] >= 0.9
