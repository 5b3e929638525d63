"""The scale run: `docintel dedupe` on 1,000,000 generated company names (benchmarks/make_names.py),
as a user runs it, with wall time, peak memory, and pairwise precision and recall against the
generator's clusters.

    .venv/bin/python benchmarks/scale.py [-n 1000000] [--seed 5] [--json var/bench/scale.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.make_names import generate  # noqa: E402
from benchmarks.resolution import pairwise  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    source = args.dir / f"names_{args.n}_{args.seed}.csv"
    if not source.exists():
        generate(args.n, args.seed, source)
    out = source.with_suffix(".clusters.csv")
    docintel = Path(sys.executable).parent / "docintel"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    started = time.perf_counter()
    subprocess.run([str(docintel), "dedupe", str(source), "--name-column", "name", "-o", str(out)], check=True,
                   env=env)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    gold, pred = [], []
    with out.open(newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            gold.append(row["cluster"])
            pred.append(row["cluster_id"] or f"single-{i}")
    p, r, f1 = pairwise(gold, pred)
    result = {"names": len(gold), "true_clusters": len(set(gold)), "clusters": len(set(pred)), "precision": p,
              "recall": r, "f1": f1, "seconds": seconds, "peak_mb": peak_mb}
    print(f"{len(gold):,} names ({len(set(gold)):,} firms): {len(set(pred)):,} clusters, P {p:.3f} R {r:.3f} "
          f"F1 {f1:.3f}, {seconds:.0f} s, peak {peak_mb:,.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
