"""Write models/hs2022_codes.txt: every HS 2022 heading (4 digits) and subheading (6 digits) with its
description, one a line (`code<TAB>description`).

    python3 models/build_hs_codes.py [--hs-dir ../shared/corpora/reference/hs_codes]

The pipeline checks HS/GTIP codes written in documents against this list at run time (no network, no
../shared). Source: the HS nomenclature (datahub.io core/harmonized-system, UN Comtrade data, ODC-PDDL-1.0);
the code numbers and their descriptions are kept, so an analyst sees what a code written on a
document declares the goods to be.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_HS = HERE.parent.parent / "shared" / "corpora" / "reference" / "hs_codes"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hs-dir", type=Path, default=DEFAULT_HS)
    args = parser.parse_args()
    with (args.hs_dir / "harmonized-system.csv").open(encoding="utf-8") as f:
        codes = sorted({(row["hscode"], " ".join(row["description"].split())) for row in csv.DictReader(f)
                        if len(row["hscode"]) in (4, 6) and not row["hscode"].startswith("9999")})
    out = HERE / "hs2022_codes.txt"
    out.write_text("# HS 2022 headings and subheadings with descriptions (ODC-PDDL-1.0); written by models/build_hs_codes.py\n"
                   + "\n".join(f"{code}\t{text}" for code, text in codes) + "\n", encoding="utf-8")
    print(f"{out}: {len(codes)} codes")


if __name__ == "__main__":
    main()
