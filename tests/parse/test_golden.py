"""Golden parse cases (issue 3): what the parse stage must read from whole, realistic documents.

Each `corpora/golden/<case>/` holds `input.<ext>` and `expected.json`, both written by
`corpora/golden/make_golden.py` (the gold is typed by hand there, never taken from pipeline output).
Every case runs the real text stage (pdfplumber or tesseract) and the real parse functions, and
compares FIELDS, never raw text:

* `doc_type`: what `parse_document()` classifies the document as;
* `fields`: every expected field is read, and every value read for it equals the gold after
  whitespace normalisation and casefold (dates exact ISO, `total` as a number: `27,000.00`,
  `27.000,00` and `27000.00` are the same);
* `line_items`: `parse_document(...).line_items`, matched in order: description similar (rapidfuzz ratio
  >= 90 after casefold and whitespace normalisation), quantity / unit_price / amount numerically
  equal, unit equal casefolded, hs_code equal (digits, no dots). Only the keys a gold item has are
  compared.
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from pipeline.model import DOC_TYPES, DocumentText
from pipeline.parse import parse_document
from pipeline.settings import Settings, sqlite_url
from pipeline.text import read_document

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "corpora" / "golden"
CASES = sorted(p for p in GOLDEN.iterdir() if p.is_dir() and (p / "expected.json").is_file())
MEDIA_TYPES = {".pdf": "application/pdf", ".png": "image/png"}
DATE_FIELDS = {"date"}
AMOUNT_FIELDS = {"total"}
ITEM_KEYS = ("description", "quantity", "unit", "unit_price", "amount", "hs_code")
NUMERIC_ITEM_KEYS = ("quantity", "unit_price", "amount")
DESCRIPTION_MIN_RATIO = 90.0


def case_id(case: Path) -> str:
    return case.name


def expected_of(case: Path) -> dict:
    return json.loads((case / "expected.json").read_text("utf-8"))


def input_of(case: Path) -> Path:
    found = sorted(case.glob("input.*"))
    assert len(found) == 1, f"{case.name}: expected exactly one input.<ext>, found {[p.name for p in found]}"
    return found[0]


def norm(value: object) -> str:
    return " ".join(str(value).split()).casefold()


def to_decimal(value: object) -> Decimal | None:
    """A number as written or returned: 27,000.00 / 27.000,00 / 27000.00 / 1,250 / 6000 / 6000.0."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    s = re.sub(r"[^\d.,\-]", "", str(value))
    if not re.search(r"\d", s):
        return None
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
    elif s.count(",") == 1 and len(s) - s.rfind(",") - 1 != 3:
        dec = ","
    elif s.count(".") == 1 and len(s) - s.rfind(".") - 1 != 3:
        dec = "."
    else:  # only thousands separators (or none)
        dec = None
    for sep in {",": ".", ".": ",", None: ",."}[dec]:
        s = s.replace(sep, "")
    if dec == ",":
        s = s.replace(",", ".")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory, ocr_cache: Path) -> dict[str, DocumentText]:
    """Each case's input read once by the real text stage (OCR through the session cache)."""
    base = tmp_path_factory.mktemp("golden")
    settings = Settings(home=base / "var", store_url=sqlite_url(base / "var" / "docintel.sqlite"),
                        cache_dir=ocr_cache, inbox=base / "inbox")

    class Reader(dict):
        def __missing__(self, name: str) -> DocumentText:
            path = input_of(GOLDEN / name)
            self[name] = doc = read_document(path, MEDIA_TYPES[path.suffix], settings)
            return doc

    return Reader()


def test_there_are_golden_cases() -> None:
    names = {c.name for c in CASES}
    assert {"invoice_en_pdf", "fatura_tr_scan", "bill_of_lading_scan", "packing_list_pdf"} <= names


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_golden_expected_is_well_formed(case: Path) -> None:
    """The gold follows the schema and the canonical formatting, so diffs stay readable."""
    raw = (case / "expected.json").read_text("utf-8")
    gold = json.loads(raw)
    assert raw == json.dumps(gold, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert set(gold) == {"doc_type", "fields", "line_items"}
    assert gold["doc_type"] in DOC_TYPES
    assert input_of(case).suffix in MEDIA_TYPES
    fields = gold["fields"]
    assert fields and all(isinstance(v, str) and v.strip() for v in fields.values())
    if "date" in fields:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", fields["date"])
    if "total" in fields:
        assert re.fullmatch(r"\d+\.\d{2}", fields["total"])
    if "currency" in fields:
        assert re.fullmatch(r"[A-Z]{3}", fields["currency"])
    for item in gold["line_items"]:
        assert set(item) <= set(ITEM_KEYS) and {"description", "quantity", "unit"} <= set(item)
        assert all(isinstance(item[k], (int, float)) and not isinstance(item[k], bool)
                   for k in NUMERIC_ITEM_KEYS if k in item)
        assert item["unit"] == item["unit"].lower()
        if "hs_code" in item:
            assert re.fullmatch(r"\d{6,}", item["hs_code"])


def test_golden_expected_matches_its_generator() -> None:
    """expected.json is what make_golden.py writes: nobody edits the gold by hand in one place only."""
    sys.path.insert(0, str(GOLDEN))
    try:
        import make_golden
    finally:
        sys.path.remove(str(GOLDEN))
    built = {c.name: c for c in (build() for build in make_golden.BUILDERS)}
    assert set(built) == {c.name for c in CASES}
    for case in CASES:
        assert built[case.name].expected() == expected_of(case), case.name


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_golden_doc_type(case: Path, documents: dict[str, DocumentText]) -> None:
    parsed = parse_document(documents[case.name])
    want = expected_of(case)["doc_type"]
    if parsed.doc_type != want:
        pytest.fail(f"{case.name}: doc_type expected {want!r}, parse said {parsed.doc_type!r} "
                    f"({parsed.doc_type_confidence})", pytrace=False)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_golden_fields(case: Path, documents: dict[str, DocumentText]) -> None:
    doc = documents[case.name]
    read: dict[str, list[str]] = {}
    for f in parse_document(doc).fields:
        read.setdefault(f.name, []).append(f.value)
    problems = []
    for name, want in sorted(expected_of(case)["fields"].items()):
        got = read.get(name, [])
        if not got:
            problems.append(f"{name}: expected {want!r}, not read")
        elif not all(_same_field(name, want, g) for g in got):
            problems.append(f"{name}: expected {want!r}, read {got!r}")
    if problems:
        pytest.fail(f"{case.name}:\n  " + "\n  ".join(problems), pytrace=False)


def _same_field(name: str, want: str, got: str) -> bool:
    if name in DATE_FIELDS:
        return got == want
    if name in AMOUNT_FIELDS:
        return to_decimal(got) == Decimal(want)
    return norm(got) == norm(want)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_golden_line_items(case: Path, documents: dict[str, DocumentText]) -> None:
    doc = documents[case.name]
    want = expected_of(case)["line_items"]
    got = list(parse_document(doc).line_items)
    problems = []
    if len(got) != len(want):
        problems.append(f"expected {len(want)} line items, read {len(got)}: "
                        + "; ".join(_describe(i) for i in got))
    for n, (w, g) in enumerate(zip(want, got), start=1):
        for key in ITEM_KEYS:
            if key not in w:
                continue
            value = getattr(g, key, None)
            if not _same_item_value(key, w[key], value):
                problems.append(f"item {n} {key}: expected {w[key]!r}, read {value!r}")
    if problems:
        pytest.fail(f"{case.name}:\n  " + "\n  ".join(problems), pytrace=False)


def _same_item_value(key: str, want: object, got: object) -> bool:
    if got is None:
        return False
    if key == "description":
        return fuzz.ratio(norm(got), norm(want)) >= DESCRIPTION_MIN_RATIO
    if key in NUMERIC_ITEM_KEYS:
        return to_decimal(got) == to_decimal(want)
    if key == "unit":
        return norm(got) == norm(want)
    return str(got).strip() == str(want)  # hs_code: digits, no dots


def _describe(item: object) -> str:
    return ", ".join(f"{k}={getattr(item, k, None)!r}" for k in ITEM_KEYS)


@pytest.mark.parametrize("written, value", [
    ("27,000.00", "27000.00"), ("27.000,00", "27000.00"), ("27000.00", "27000.00"), ("1.250,50", "1250.50"),
    ("605.790,00 TL", "605790.00"), ("EUR 38,100.00", "38100.00"), ("1,250", "1250"), ("6.000", "6000"),
    ("4,5", "4.5"), (6000, "6000"), (38.4, "38.4"), ("n/a", None),
])
def test_numbers_are_compared_as_written_in_either_convention(written: object, value: str | None) -> None:
    assert to_decimal(written) == (Decimal(value) if value is not None else None)
