"""Generate a CSV of company names with realistic variants and the true cluster of each, for the scale
run of `docintel dedupe` (benchmarks/README.md).

Each firm is a trading name (a family name, a founder's name, a made-up brand, a place) with a line of
business and a legal form, Turkish, Gulf, European or English. Its spellings, as paperwork writes them:
upper case, Turkish letters lost (`Ş` to `S`, `İ` to `I`), the legal form abbreviated or spelled out
(`Ltd. Şti.`, `LTD. STI.`, `Limited Şirketi`), filler added (`San. ve Tic.`, `İth. İhr.`), a typo or an
OCR slip in one part, Arabic names transliterated differently (`Mohammed`/`Muhammad`, `al-`/`el-`),
a part dropped or the parts reordered. Deterministic for a given seed.

    .venv/bin/python benchmarks/make_names.py -n 1000000 -o var/bench/names_1m.csv
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

SURNAMES = ("yılmaz kaya demir şahin çelik yıldız yıldırım öztürk aydın özdemir arslan doğan kılıç aslan çetin "
            "kara koç kurt özkan şimşek polat özcan korkmaz çakır erdoğan yavuz can acar şen aktaş güler yalçın "
            "güneş bozkurt bulut keskin ünal turan gül özer işık kaplan avcı sarı tekin taş köse yüksel ateş "
            "aksoy ekinci karaca").split()
GIVEN = ("mehmet mustafa ahmet ali hüseyin hasan ibrahim ismail osman yusuf murat ömer ramazan halil süleyman "
         "abdullah mahmut salih kemal recep fatma ayşe emine hatice zeynep elif meryem şerife zehra sultan").split()
ARABIC = {"mohammed": ["muhammad", "mohamed", "mohammad", "muhammed"], "abdulrahman": ["abd al-rahman", "abdel rahman", "abdurrahman"],
          "al-noor": ["el-nour", "al noor", "alnoor"], "khalid": ["khaled", "halid"], "al-mosuli": ["al-mawsili", "el mosuli"],
          "hussein": ["husain", "hussain", "hüseyin"], "al-rashid": ["el-rashid", "al rasheed"], "youssef": ["yousef", "yusuf"],
          "al-hamad": ["el-hamad", "al hamad"], "abdullah": ["abdallah", "abd allah"]}
ARABIC_FIRMS = list(ARABIC)
PLACES = "istanbul ankara izmir gaziantep şanlıurfa akçakale mersin adana dubai sharjah erbil mosul".split()
SECTORS = {"kimya": ["kimya", "chemicals"], "tekstil": ["tekstil", "textile"], "gıda": ["gıda", "food"],
           "inşaat": ["inşaat", "construction"], "elektronik": ["elektronik", "electronics"],
           "lojistik": ["lojistik", "logistics"], "petrol": ["petrol", "petroleum"], "tarım": ["tarım"],
           "otomotiv": ["otomotiv"], "plastik": ["plastik", "plastics"], "metal": ["metal"], "trading": ["trading"],
           "makina": ["makina", "makine", "machinery"], "medikal": ["medikal", "medical"]}
FORMS = {"tr_ltd": ["Ltd. Şti.", "LTD. ŞTİ.", "LTD. STI.", "Limited Şirketi", "Ltd.Şti.", "Ltd Sti"],
         "tr_as": ["A.Ş.", "A.S.", "Anonim Şirketi", "AŞ"], "llc": ["LLC", "L.L.C."], "fze": ["FZE", "F.Z.E."],
         "gmbh": ["GmbH", "GMBH"], "ltd": ["Ltd", "Limited", "LTD."], "sa": ["S.A.", "SA"]}
FILLER = ["San. ve Tic.", "Sanayi ve Ticaret", "SAN. VE TIC.", "İth. İhr.", "İthalat İhracat", "Dış Tic."]
SYLLABLES = ("ka ra de mir ta ya se lim or han bey tu na ze ki la mo ba sa ri ye ko nu fe li ga zi ru pe "
             "bal dur ek fer gul hak in jan kor lev mus nar oz pol run sed tek ur vad yol zor cem dil").split()
TR = str.maketrans("şŞıİğĞçÇöÖüÜ", "sSiIgGcCoOuU")


_BRANDS: set[str] = set()


def brand(rng: random.Random) -> str:
    """A made-up trading name no other firm has (firms share family names, places and trades, not brands)."""
    while True:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4))))
        if name not in _BRANDS:
            _BRANDS.add(name)
            return name


def firm(rng: random.Random) -> tuple[list[str], str, str]:
    """A firm: its name parts, its line of business and its legal form family."""
    kind = rng.random()
    if kind < 0.35:
        parts = [brand(rng)]
    elif kind < 0.6:
        parts = [rng.choice(SURNAMES), brand(rng)]
    elif kind < 0.75:
        parts = [rng.choice(GIVEN), rng.choice(SURNAMES), brand(rng)]
    elif kind < 0.9:
        parts = [rng.choice(ARABIC_FIRMS), brand(rng)]
    else:
        parts = [brand(rng), rng.choice(PLACES)]
    return parts, rng.choice(list(SECTORS)), rng.choice(list(FORMS))


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.random()
    if op < 0.4:
        return word[:i] + rng.choice("aeiklmnrst") + word[i + 1:]
    if op < 0.7:
        return word[:i] + word[i + 1:]
    return word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]


def spelling(parts: list[str], sector: str, form: str, rng: random.Random) -> str:
    """One way paperwork writes the firm."""
    words = [rng.choice(ARABIC[p]) if p in ARABIC and rng.random() < 0.5 else p for p in parts]
    if len(words) > 2 and rng.random() < 0.1:
        words = words[1:]  # the founder's given name left out
    if rng.random() < 0.15:
        j = rng.randrange(len(words))
        words[j] = typo(words[j], rng)
    words = [w.title() if "-" not in w else "-".join(x.title() for x in w.split("-")) for w in words]
    text = " ".join(words) + " " + rng.choice(SECTORS[sector]).title()
    if form.startswith("tr") and rng.random() < 0.5:
        text += " " + rng.choice(FILLER)
    text += " " + rng.choice(FORMS[form])
    r = rng.random()
    if r < 0.3:
        text = text.upper().replace("I", "I")
    if rng.random() < 0.35:
        text = text.translate(TR)
    return text


def generate(n: int, seed: int, out: Path) -> None:
    rng = random.Random(seed)
    _BRANDS.clear()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "cluster"])
        row = 0
        cluster = 0
        seen: set[tuple[str, ...]] = set()
        while row < n:
            parts, sector, form = firm(rng)
            if (*parts, sector) in seen:
                continue
            seen.add((*parts, sector))
            size = min(n - row, rng.choice((1, 1, 2, 3, 4, 5, 6, 8)))
            for _ in range(size):
                w.writerow([row, spelling(parts, sector, form, rng), cluster])
                row += 1
            cluster += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("-o", "--output", type=Path, default=Path("var/bench/names_1m.csv"))
    args = parser.parse_args()
    generate(args.n, args.seed, args.output)


if __name__ == "__main__":
    main()
