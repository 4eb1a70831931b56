"""How prose spells the policy, shared by the importer (reading a hand-written page) and the lint.

Text is compared folded (lower case, accents dropped: ``Güncelleştirme``
matches ``guncellestirme``); a dash is any of the four a page may type; a
version window is ``N-4`` (or ``N - 4`` with any of those dashes) and an extension ``N+1``.
"""

from __future__ import annotations

import re
import unicodedata

DASHES = "-\N{EN DASH}\N{EM DASH}\N{MINUS SIGN}"
QUOTES = (
    "'\"\N{LEFT SINGLE QUOTATION MARK}\N{RIGHT SINGLE QUOTATION MARK}"
    "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}"
    "\N{DOUBLE LOW-9 QUOTATION MARK}\N{LEFT DOUBLE QUOTATION MARK}\N{RIGHT DOUBLE QUOTATION MARK}"
)
WINDOW = re.compile(rf"\bn\s*[{DASHES}]\s*(\d{{1,9}})\b")
"""``n-4`` in folded text: the oldest supported version, counted back from the newest."""
PLUS = re.compile(r"\bn\s*\+\s*(\d{1,9})\b")
"""``n+1`` in folded text."""


def fold(text: str) -> str:
    """Lower case without accents; the same length as ``text`` for the usual precomposed letters."""
    text = text.replace("\N{LATIN SMALL LETTER DOTLESS I}", "i")
    text = text.replace("\N{LATIN CAPITAL LETTER I WITH DOT ABOVE}", "I")
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return folded.lower() if len(folded) == len(text) else text.lower()
