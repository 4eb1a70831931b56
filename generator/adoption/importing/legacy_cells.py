"""What a cell of a hand-written rollup table says: a rollup, versions, "NA", a date, a KB.

Real pages are in many languages and many years' styles; what holds across
all of them is the numbers. So a column is recognised by what its cells hold
(links with a rollup number, version numbers), and its header name only
decides which component it is (``Provider``, ``Anbieter`` and ``Fournisseur``
are the same column).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from markdown_it.token import Token

from ...catalog.model import ReleaseDate, Version
from ..reading.markdown_doc import inline_plain, markdown_parser
from ..reading.pipe_tables import Cell
from ..reading.wording import DASHES, fold

VERSION_TOKEN = re.compile(r"(?<![\w.])\d+(?:[ \t]*\.[ \t]*\d+)+(?![\w])")
NUMBER = re.compile(r"(?<![\d.,])(\d{1,4})(?![\d]|\.\d)")
KB_IN_TEXT = re.compile(r"\bKB\s?(\d{6,8})\b", re.IGNORECASE)
ROLLUP_IN_URL = re.compile(r"(?:rollup|\bur)[-_]?(\d{1,4})(?!\d)", re.IGNORECASE)
KB_URL = re.compile(r"support\.microsoft\.com|/help/\d{6,8}|/kb/\d{6,8}|kbid=\d{6,8}", re.IGNORECASE)
LINE_BREAK = r"<br\s*/?>"
SEPARATORS = re.compile(LINE_BREAK + r"|;|,(?!\d)|\s/\s|\s+(?:and|und|et|ve|y)\s+", re.IGNORECASE)
LABEL_AFTER = re.compile(r"^\s*\(([^()]{1,40})\)")
LABEL_BEFORE = re.compile(r"([^\W\d][\w\s\-/]{0,40}?)\s*[:=]\s*$")
NA_WORDS = frozenset(
    {"na", "n a", "n/a", "n.a.", "--", "none", "not applicable", "not shipped", "keine", "yok"}
    | {"sans objet", "s o", "s/o", "nicht zutreffend"}
    | set(DASHES)
)

COMPONENTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ovf", "OVF", ("ovf",)),
    ("mars", "MARS", ("mars", "recovery services agent", "recovery services agenti")),
    ("provider", "Provider", ("provider", "anbieter", "fournisseur", "saglayici", "proveedor", "provedor")),
    (
        "unified_setup",
        "Unified Setup",
        (
            *("unified setup", "mobility agent", "mobility service", "einheitliches setup"),
            *("mobilitatsdienst", "installation unifiee", "service mobilite", "birlesik kurulum"),
            "mobility hizmeti",
        ),
    ),
)
"""Known components, checked in this order (a header naming "OVF" is the OVF template, even if
it also names the configuration server): id, canonical name, header words in several languages."""

MENTIONS = {
    "provider": ("provider",),
    "unified_setup": ("unified setup", "mobility", "configuration server", "process server"),
    "ovf": ("ovf",),
    "mars": ("mars", "recovery services agent"),
}
"""Words in a scenario's text that say it involves the component."""

ROLLUP_HEADERS = (
    *("update rollup", "rollup", "ur", "paket rollup", "updaterollup", "correctif cumulatif", "update"),
    *("guncellestirme paketi", "guncelleme paketi", "paquete acumulativo"),
)
KB_HEADERS = ("kb", "kb article", "knowledge base", "article", "artikel", "kb artikel", "kb makalesi")
DATE_HEADERS = (
    *("date", "release date", "released", "release", "datum", "veroffentlicht", "tarih", "fecha"),
    *("veroffentlichungsdatum", "date de publication", "date de sortie", "yayin tarihi"),
)
NOTES_HEADERS = (
    *("notes", "note", "description", "details", "remarks", "comments", "hinweise", "remarques"),
    *("notlar", "aciklama", "beschreibung"),
)

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "januar", "janvier", "ocak", "janv"),
            ("february", "feb", "februar", "fevrier", "subat", "fevr"),
            ("march", "mar", "marz", "mars", "mart"),
            ("april", "apr", "avril", "nisan", "avr"),
            ("may", "mai", "mayis"),
            ("june", "jun", "juni", "juin", "haziran"),
            ("july", "jul", "juli", "juillet", "temmuz", "juil"),
            ("august", "aug", "aout", "agustos"),
            ("september", "sep", "sept", "septembre", "eylul"),
            ("october", "oct", "oktober", "octobre", "ekim", "okt"),
            ("november", "nov", "novembre", "kasim"),
            ("december", "dec", "dezember", "decembre", "aralik", "dez"),
        ),
        start=1,
    )
    for name in names
}


def normalize(text: str) -> str:
    """Lower-case ASCII words, accents dropped, punctuation to spaces (``Güncelleştirme 32``)."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


def contains_words(text: str, words: str) -> bool:
    """Whether normalised ``text`` contains ``words`` as whole words."""
    return re.search(rf"(?:^| ){re.escape(words)}(?: |$)", text) is not None


def component_for(header: str) -> tuple[str, str] | None:
    """The known component (id, canonical name) a column header names, if any."""
    words = normalize(header)
    for cid, name, aliases in COMPONENTS:
        if any(contains_words(words, alias) for alias in aliases):
            return cid, name
    return None


def header_is(header: str, names: tuple[str, ...]) -> bool:
    """Whether a column header, normalised, is one of ``names``."""
    return normalize(header) in names


@dataclass(frozen=True)
class CellLink:
    """A link in a cell, with the column of its ``[``."""

    text: str
    href: str
    col: int


@dataclass(frozen=True)
class CellText:
    """A cell's plain text and its links, read once with markdown-it."""

    cell: Cell
    plain: str
    links: tuple[CellLink, ...]


def read_cell(cell: Cell) -> CellText:
    """The plain text and the links of ``cell``."""
    tokens = markdown_parser().parseInline(cell.text)
    inline = tokens[0] if tokens else Token("inline", "", 0)
    links: list[CellLink] = []
    search_from = 0
    children = inline.children or []
    for index, child in enumerate(children):
        if child.type != "link_open":
            continue
        text = "".join(c.content for c in children[index + 1 : _close(children, index)])
        offset = cell.text.find("[", search_from)
        search_from = offset + 1 if offset >= 0 else search_from
        links.append(CellLink(text, str(child.attrs.get("href", "")), cell.col + max(offset, 0)))
    plain = without_breaks(inline_plain(inline))
    return CellText(cell, plain, tuple(links))


def without_breaks(text: str) -> str:
    """``text`` with each ``<br>`` (the line break a table cell can hold) turned into a space."""
    return re.sub(LINE_BREAK, " ", text, flags=re.IGNORECASE)


def _close(children: list[Token], start: int) -> int:
    return next((i for i in range(start, len(children)) if children[i].type == "link_close"), len(children))


def is_na(text: str) -> bool:
    """Whether a cell says the component is not shipped (NA, N/A, -, ...)."""
    return text.strip().lower() in NA_WORDS or normalize(text) in NA_WORDS


def rollup_number_in_text(text: str) -> int | None:
    """The last small number of a link text such as "Update Rollup 32" or "Paket-Rollup 32"."""
    cleaned = KB_IN_TEXT.sub(" ", VERSION_TOKEN.sub(" ", text))
    numbers = [int(m.group(1)) for m in NUMBER.finditer(cleaned)]
    numbers = [n for n in numbers if 0 < n < 1000]
    return numbers[-1] if numbers else None


def rollup_number_in_url(href: str) -> int | None:
    """The rollup number a KB address names (``.../update-rollup-31-...``), if any."""
    match = ROLLUP_IN_URL.search(href)
    return int(match.group(1)) if match else None


def kb_url(href: str) -> bool:
    """Whether ``href`` is a link to a KB article."""
    return href.startswith(("http://", "https://")) and KB_URL.search(href) is not None


@dataclass(frozen=True)
class VersionText:
    """One version written in a cell: its text as written, its offset in the cell, and its label."""

    text: str
    offset: int
    label: str | None

    @property
    def compact(self) -> str:
        """The text without stray spaces: ``5.1.3600 .0`` -> ``5.1.3600.0``."""
        return re.sub(r"\s+", "", self.text)

    @property
    def version(self) -> Version | None:
        """The version, or ``None`` when even without stray spaces it is not one."""
        try:
            return Version.parse(self.compact)
        except ValueError:
            return None


def versions_in(cell: Cell) -> list[VersionText]:
    """Every version of a cell, with the label that says which scenario or component it is for."""
    text = _mask_links(cell.text)
    found: list[VersionText] = []
    segment_start = 0
    bounds = [m.start() for m in SEPARATORS.finditer(text)] + [len(text)]
    for bound in bounds:
        segment = text[segment_start:bound]
        for match in VERSION_TOKEN.finditer(segment):
            after = LABEL_AFTER.match(segment[match.end() :])
            before = LABEL_BEFORE.search(segment[: match.start()])
            label = after.group(1) if after else (before.group(1) if before else None)
            found.append(VersionText(match.group(0), segment_start + match.start(), _clean_label(label)))
        separator = SEPARATORS.match(text, bound)
        segment_start = separator.end() if separator else bound
    return found


def _clean_label(label: str | None) -> str | None:
    if label is None:
        return None
    label = re.sub(r"[*_`]", "", label).strip(" -:")
    return label or None


def _mask_links(text: str) -> str:
    return re.sub(r"\]\([^)]*\)", lambda m: " " * len(m.group(0)), text)


def leftover(cell: Cell) -> str:
    """What a cell says besides its versions and their labels (for classifying columns)."""
    text = VERSION_TOKEN.sub(" ", _mask_links(cell.text))
    text = re.sub(r"\([^()]*\)|<br\s*/?>|[*_`|/;,:]", " ", text, flags=re.IGNORECASE)
    return " ".join(text.split())


def parse_date(text: str) -> tuple[ReleaseDate, bool] | None:
    """A release date and whether the day/month order was a guess; ``None`` if it is not a date."""
    text = text.strip().strip("*_")
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text)
    if iso:
        day = int(iso.group(3)) if iso.group(3) else None
        return _date(int(iso.group(1)), int(iso.group(2)), day, guessed=False)
    numeric = re.fullmatch(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4})", text)
    if numeric:
        first, second, year = int(numeric.group(1)), int(numeric.group(3)), int(numeric.group(4))
        if numeric.group(2) == ".":
            return _date(year, second, first, guessed=False)
        if first > 12:
            return _date(year, second, first, guessed=False)
        return _date(year, first, second, guessed=second <= 12 and first != second)
    words = normalize(text).split()
    months = [MONTHS[w] for w in words if w in MONTHS]
    years = [int(w) for w in words if re.fullmatch(r"(?:19|20)\d\d", w)]
    days = [int(w) for w in words if re.fullmatch(r"\d{1,2}", w)]
    if len(months) == 1 and len(years) == 1 and len(days) <= 1 and len(words) <= 4:
        return _date(years[0], months[0], days[0] if days else None, guessed=False)
    return None


def _date(year: int, month: int, day: int | None, *, guessed: bool) -> tuple[ReleaseDate, bool] | None:
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return None
    return ReleaseDate(year, month, day), guessed
