"""Company names by their legal form: the capitalised words before `Ltd. Şti.`, `A.Ş.`, `GmbH`, `LLC`, ...

spaCy's English model splits `DEMIR KIMYA SAN. VE TIC. LTD. STI.` into three organisations and calls
`Demir Kimya Sanayi` a person; a legal form at the end of a run of capitalised words is a far surer sign.
"""

from __future__ import annotations

import re

from ..model import Mention, Page
from ..model import span_bbox

LEGAL_FORMS = [  # longer forms first: the first alternative that matches wins
    r"Limited\s+Liability\s+Company", r"Joint[\s-]+Stock\s+Company", r"Co\.,?\s*Limited", r"Pte\.?\s+Ltd\.?",
    r"Sdn\.?\s+Bhd\.?", r"P\.?J\.?S\.?C\.?", r"Sociedad\s+Limitada", r"Sociedad\s+An[oó]nima",
    r"Gesellschaft\s+mit\s+beschränkter\s+Haftung", r"Aktiengesellschaft", r"Kollektif\s+[ŞS]irketi",
    r"Komandit\s+[ŞS]irketi",
    r"Ltd\.?\s*[ŞS]ti\.?", r"Limited\s+[ŞS]irketi", r"A\.\s?[ŞS]\.?", r"Anonim\s+[ŞS]irketi", r"Ltd\.?", r"Limited",
    r"LLC", r"L\.L\.C\.?", r"GmbH", r"Inc\.?", r"Corp\.?", r"Corporation", r"Co\.,?\s*Ltd\.?", r"Co\.?",
    r"Company", r"S\.?A\.?S\.?", r"S\.A\.?", r"S\.L\.?", r"S\.r\.l\.?", r"S\.p\.A\.?", r"B\.V\.?", r"N\.V\.?",
    r"A/S", r"AG", r"PLC", r"FZE", r"FZCO", r"FZ-LLC", r"DMCC", r"JSC", r"OOO", r"Sp\.\s?z\s?o\.o\.?", r"Pvt\.?",
    r"Trading\s+Est\.?", r"W\.L\.L\.?", r"SARL", r"Kft\.?",
]
LEGAL = re.compile(r"(?<![\w.])(?:" + "|".join(LEGAL_FORMS) + r")(?![\w])", re.IGNORECASE)
CONNECTORS = {"ve", "and", "&", "of", "for", "de", "du", "al", "el", "-", "san.", "tic.", "san", "tic", "ith.", "ihr.",
              "ith", "ihr", "paz.", "paz", "ltd.", "ltd", "inş.", "ins.", "taah.", "nak.", "gıda", "tekstil"}
STOP_LABEL = re.compile(r"[:：]$")
WORD = re.compile(r"\S+")


def company_mentions(page: Page) -> list[Mention]:
    """Company names ending in a legal form, one mention per name, on one line each."""
    out: list[Mention] = []
    for line_match in re.finditer(r"[^\n]+", page.text):
        line, base = line_match.group(0), line_match.start()
        for m in LEGAL.finditer(line):
            if m.group(0).islower():  # `ltd` in running lower-case prose is rarely a name's end
                continue
            start = _name_start(line, m.start())
            if start is None or start >= m.start():
                continue
            end = m.end()
            text = line[start:end].rstrip(",;")
            lead = len(text) - len(text.lstrip("\"'“‘«(["))
            start, text = start + lead, text[lead:]
            end = start + len(text)
            if any(o.start <= base + start < o.end for o in out):
                continue
            out.append(Mention(text, "company", "ORG", page.number, base + start, base + end,
                               span_bbox(page.words, base + start, base + end), 0.85, "legal_form.v1"))
    return out


def _name_start(line: str, legal_start: int) -> int | None:
    """Walk back from the legal form over capitalised words and connectors; None when there are none."""
    words = [(m.start(), m.group(0)) for m in WORD.finditer(line[:legal_start])]
    start = None
    taken = 0
    for pos, w in reversed(words):
        bare = w.strip(",;()\"'")
        if STOP_LABEL.search(w) or w.endswith((",", ";")) and taken:
            break
        if bare[:1].isupper() or bare[:1].isdigit() and taken or bare.lower() in CONNECTORS:
            start, taken = pos, taken + 1
            if taken >= 8:
                break
        else:
            break
    # A name does not start with a connector.
    while start is not None and line[start:].split(maxsplit=1)[0].lower().strip(",") in CONNECTORS - {"al", "el"}:
        nxt = line.find(" ", start)
        start = None if nxt < 0 or nxt >= legal_start else nxt + 1
    return start
