"""Numbers as written on trade documents, in English, Turkish and European styles."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "bir": 1, "iki": 2, "üç": 3, "dört": 4, "beş": 5, "altı": 6, "yedi": 7, "sekiz": 8,
    "dokuz": 9,
}


def parse_number(s: str) -> float | None:
    """A number as written in English, Turkish or European style. One separator followed by exactly three
    digits is a thousands separator (`6.000` and `6,000` are both six thousand)."""
    s = s.strip().replace("'", "").replace(" ", "")
    if s.lower() in WORD_NUMBERS:
        return float(WORD_NUMBERS[s.lower()])
    seps = [c for c in s if c in ".,"]
    if not seps:
        return float(s)
    last = max(s.rfind("."), s.rfind(","))
    decimals = len(s) - last - 1
    if len(set(seps)) == 2:  # both kinds: the last one is the decimal mark
        whole, frac = s[:last], s[last + 1:]
        return float(whole.replace(".", "").replace(",", "") + "." + frac)
    if len(seps) > 1 or decimals == 3:
        return float(s.replace(seps[0], ""))
    return float(s.replace(",", "."))


def parse_amount(s: str) -> Decimal | None:
    """A money amount as an exact Decimal (`27.000,00` and `27,000.00` are both 27000.00), or None."""
    value = s.strip().replace("\u00a0", " ")
    try:
        number = parse_number(value)
    except ValueError:
        return None
    if number is None:
        return None
    try:
        return Decimal(str(number)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
