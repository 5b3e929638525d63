"""docintel's resolver against Splink 5 (DuckDB, unsupervised EM) on the same names in the same run.

Company names from the PATSTAT clusters (dedupe-examples, KU Leuven gold) and person names from
Splink's own fake_1000 (first name and surname only, as a name-matching tool sees them). Pairwise
precision, recall and F1 against the gold clusters, and wall time. Splink is scored at its default
0.5 match probability and at the threshold that would have been best (known only from the gold).

    .venv/bin/python benchmarks/resolution.py [--corpora ../shared/corpora] [--json out.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.resolve.batch import cluster_names  # noqa: E402

SWEEP = [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99]


def pairwise(gold: Sequence[object], pred: Sequence[object]) -> tuple[float, float, float]:
    """Pairwise precision, recall, F1 of a clustering against gold clusters (from the contingency table)."""
    def pairs(labels: Sequence[object]) -> int:
        return sum(n * (n - 1) // 2 for n in Counter(labels).values())
    tp, predicted, true = pairs(list(zip(gold, pred))), pairs(pred), pairs(gold)
    p = tp / predicted if predicted else 1.0
    r = tp / true if true else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_patstat(corpora: Path) -> tuple[list[dict[str, str]], list[str]]:
    rows = list(csv.DictReader((corpora / "dedupe_examples_gold/patent_example/patstat_reference.csv").open()))
    records = []
    for i, r in enumerate(rows):
        clean = " ".join(re.sub(r"[^\w\s]", " ", r["person_name"].lower()).split())
        toks = clean.split()
        records.append({"unique_id": i, "name": clean or None, "first_token": toks[0] if toks else None,
                        "name_tokens": toks, "raw": r["person_name"]})
    return records, [r["leuven_id"] for r in rows]


def load_fake_1000(corpora: Path) -> tuple[list[dict[str, str]], list[str]]:
    rows = list(csv.DictReader((corpora / "splink_fake_1000/fake_1000.csv").open()))
    records = [{"unique_id": int(r["unique_id"]), "first_name": r["first_name"] or None,
                "surname": r["surname"] or None,
                "raw": f"{r['first_name']} {r['surname']}".strip()} for r in rows]
    return records, [r["cluster"] for r in rows]


def splink_settings(kind: str):  # type: ignore[no-untyped-def]
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    if kind == "person":  # as in Splink's fake_1000 tutorials, names only
        return SettingsCreator(
            link_type="dedupe_only",
            comparisons=[cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
                         cl.NameComparison("surname").configure(term_frequency_adjustments=True)],
            blocking_rules_to_generate_predictions=[block_on("first_name"), block_on("surname")],
            retain_intermediate_calculation_columns=False,
        ), [block_on("first_name"), block_on("surname")], [block_on("first_name", "surname")]
    return SettingsCreator(  # one name column: the whole name, its tokens, its first token
        link_type="dedupe_only",
        comparisons=[cl.NameComparison("name").configure(term_frequency_adjustments=True),
                     cl.ArrayIntersectAtSizes("name_tokens", [3, 2, 1])],
        blocking_rules_to_generate_predictions=[block_on("first_token"), block_on("substr(name, 1, 4)")],
    ), [block_on("first_token"), block_on("substr(name, 1, 4)")], [block_on("name")]


def run_splink(records: list[dict[str, object]], kind: str, gold: Sequence[str]) -> dict[str, object]:
    from splink import DuckDBAPI, Linker

    started = time.perf_counter()
    db_api = DuckDBAPI()
    table = db_api.register([{k: v for k, v in r.items() if k != "raw"} for r in records])
    settings, em_rules, deterministic = splink_settings(kind)
    linker = Linker(table, settings)
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    default = _splink_clusters(linker, predictions, 0.5, len(records))
    seconds = time.perf_counter() - started
    result: dict[str, object] = {"seconds": seconds, "default": pairwise(gold, default)}
    sweep = {t: pairwise(gold, _splink_clusters(linker, predictions, t, len(records))) for t in SWEEP}
    best_t = max(sweep, key=lambda t: sweep[t][2])
    result.update(best=sweep[best_t], best_threshold=best_t)
    return result


def _splink_clusters(linker, predictions, threshold: float, n: int) -> list[object]:  # type: ignore[no-untyped-def]
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    of = {r["unique_id"]: r["cluster_id"] for r in clusters.as_record_list()}
    return [of.get(i, f"single-{i}") for i in range(n)]


def run_docintel(records: list[dict[str, object]], kind: str, gold: Sequence[str]) -> dict[str, object]:
    started = time.perf_counter()
    result = cluster_names([str(r["raw"]) for r in records], kind)
    seconds = time.perf_counter() - started
    pred = [c or f"single-{i}" for i, c in enumerate(result.cluster_ids)]
    return {"seconds": seconds, "default": pairwise(gold, pred)}


def translit(corpora: Path) -> dict[str, float]:
    """Cross-script: each Wikidata (Latin, Arabic) name pair should match, a random re-pairing should not."""
    import random

    from pipeline.resolve import is_match, name_key

    rows = [line.rstrip("\n").split("\t") for line in
            (corpora / "translit_en_ar_wikidata/wd_arabic_20.tsv").open(encoding="utf-8")]
    pairs = [(latin, arabic.replace(" ", "")) for latin, arabic, _ in rows]
    rng = random.Random(1)
    shuffled = [(pairs[i][0], pairs[j][1]) for i, j in
                ((rng.randrange(len(pairs)), rng.randrange(len(pairs))) for _ in pairs) if i != j]
    started = time.perf_counter()

    def rate(items: list[tuple[str, str]]) -> float:
        return sum(is_match(name_key(a, "person"), name_key(b, "person"), "person") for a, b in items) / len(items)

    return {"pairs": len(pairs), "recall": rate(pairs), "false_match_rate": rate(shuffled),
            "seconds": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)
    out: dict[str, object] = {}
    print(f"{'set':<10} {'system':<22} {'P':>6} {'R':>6} {'F1':>6} {'seconds':>8}")
    for name, loader, kind in (("patstat", load_patstat, "company"), ("fake_1000", load_fake_1000, "person")):
        records, gold = loader(args.corpora)
        ours = run_docintel(records, kind, gold)
        theirs = run_splink(records, kind, gold)
        out[name] = {"records": len(records), "docintel": ours, "splink": theirs}
        rows = [("docintel (defaults)", ours["default"], ours["seconds"]),
                ("splink @0.5", theirs["default"], theirs["seconds"]),
                (f"splink @{theirs['best_threshold']} (best)", theirs["best"], None)]
        for system, (p, r, f), secs in rows:
            print(f"{name:<10} {system:<22} {p:6.3f} {r:6.3f} {f:6.3f} {'-' if secs is None else f'{secs:.2f}':>8}")
    cross = translit(args.corpora)
    out["translit_en_ar"] = cross
    print(f"\nLatin/Arabic name pairs (Wikidata, {cross['pairs']:,}): matched {cross['recall']:.3f}; "
          f"random re-pairings matched {cross['false_match_rate']:.4f} ({cross['seconds']:.1f} s)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
