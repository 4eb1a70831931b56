"""What a Markdown field of the catalog may hold: formatting, and links to web pages.

Rollup notes, component descriptions, scenario summaries, steps and callouts
are Markdown, read as CommonMark by markdown-it-py (:mod:`.markup` renders
them the same way). They may emphasise, list, quote, show code and link to
web pages. They may not:

* link anywhere but an absolute ``http``/``https`` address with a host. The
  link is judged as a browser would follow it, after Markdown has decoded it,
  so ``javascript:``, ``data:``, ``vbscript:`` and ``file:`` are refused
  however they are spelt (``jav&#x61;script:``, ``JaVaScRiPt:``, inside
  ``<...>``, in a reference definition or an autolink), and so are
  scheme-relative links (``//host/x``, ``\\\\host``) and relative ones (a note
  is shown on many pages and in the feed, where a relative link would lead
  somewhere different from each);
* carry an attribute list (``{: onclick=... }``, ``{#id .class}``), which
  Python-Markdown's ``attr_list`` and similar extensions turn into HTML
  attributes. Braces meant literally go in a code span.

Raw HTML is refused before these checks, in any text field
(:func:`~.values.unsafe_text`).

:func:`markdown_problems` finds every such construct with the piece of the
source that shows it, for the validator to report at its line and column;
:func:`is_web_link` is the one link rule, which the renderer applies too, so
that Markdown the validator never saw (a catalog built in Python) still
links nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token

WEB_SCHEMES = ("http", "https")
LINK_EXAMPLE = "https://support.microsoft.com/help/4485985"

ATTRIBUTE_LIST = re.compile(r"\{[^{}\n]*\}")
"""Braces around anything: what ``attr_list`` reads as attributes (``{ autofocus }`` is one too)."""

_DESTINATIONS = (
    re.compile(r"\]\(\s*<([^<>\n]*)>"),  # [text](<destination>)
    re.compile(r"\]\(\s*((?:[^\s()]|\([^\s()]*\))+)"),  # [text](destination), balanced parentheses
    re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.MULTILINE),  # [label]: destination
    re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>"),  # <scheme:autolink>
)
"""Where a link's destination is written in Markdown source, to find the text of one that is refused."""

_SEPARATOR = "\n"
"""Stands for a code span, an escaped character or a line break between the text of one paragraph."""


class _EveryLink(MarkdownIt):
    """A parser that keeps every link, so that each can be judged."""

    def validateLink(self, url: str) -> bool:
        return True


def _parser() -> MarkdownIt:
    """The renderer's reading of catalog Markdown, every link kept.

    ``text_join`` is off so that an escaped character (``\\{``) stays apart
    from the text around it: it is literal, never syntax.
    """
    md = _EveryLink("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "heading", "lheading", "html_block", "html_inline", "text_join"])
    return md


_PARSER = _parser()


@dataclass(frozen=True)
class MarkdownProblem:
    """One construct a Markdown field may not hold."""

    problem: str
    """What it is, for "<field> contains <problem>; expected ...": ``a link to 'javascript:alert(1)'``."""
    expected: str
    fragment: str
    """The piece of the value that shows it, to find its line and column in the file."""
    line: int
    """The line of the value it is on, counted from 0."""


def is_web_link(url: str) -> bool:
    """Whether ``url`` (as Markdown decoded it) is an absolute http(s) address with a host."""
    if any(char.isspace() or ord(char) < 0x20 or char == "\\" for char in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # an invalid IPv6 host, such as http://[x
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


def markdown_problems(value: str) -> list[MarkdownProblem]:
    """Every link to something other than a web page, and every attribute list, in ``value``."""
    problems: list[MarkdownProblem] = []
    for block in _PARSER.parse(value):
        if block.type != "inline" or not block.children:
            continue
        line = block.map[0] if block.map else 0
        problems.extend(_link_problems(value, block.children, line))
        problems.extend(_attribute_lists(block.children, line))
    return problems


def _link_problems(value: str, children: Sequence[Token], line: int) -> Iterator[MarkdownProblem]:
    for token in children:
        href = token.attrGet("href")
        if token.type != "link_open" or not isinstance(href, str) or is_web_link(href):
            continue
        written = _written_destination(value, href) or href
        shown = f"'{_short(written)}'"
        if written != href:
            shown += f" (read as '{_short(href)}')"
        yield MarkdownProblem(
            f"a link to {shown}, {_why_refused(href)}",
            f"expected links to absolute http(s) addresses only, such as {LINK_EXAMPLE}",
            written,
            line,
        )


def _why_refused(href: str) -> str:
    scheme = urlsplit(href).scheme.lower() if ":" in href else ""
    if scheme in ("javascript", "vbscript", "data"):
        return "which would run or open content in the reader's browser"
    if scheme in WEB_SCHEMES:
        return "which names no host"
    if scheme:
        return f"which is not a web address (scheme '{scheme}:')"
    if href.startswith(("//", "\\\\", "/\\", "\\/")):
        return "which leaves out the scheme (a scheme-relative link)"
    return "which is relative: it would lead somewhere different from each page and from the feed"


def _written_destination(value: str, href: str) -> str | None:
    """The destination as written in ``value`` that Markdown reads as ``href``."""
    for pattern in _DESTINATIONS:
        for match in pattern.finditer(value):
            written = match.group(1)
            if href in (written, unescapeAll(written)) or normalizeLink(unescapeAll(written)) == href:
                return written
    return None


def _attribute_lists(children: Sequence[Token], line: int) -> Iterator[MarkdownProblem]:
    text = "".join(token.content if token.type == "text" else _SEPARATOR for token in children)
    for match in ATTRIBUTE_LIST.finditer(text):
        found = match.group(0)
        yield MarkdownProblem(
            f"the attribute list '{_short(found)}', which Markdown extensions such as attr_list turn into "
            "HTML attributes",
            "expected Markdown text (put braces meant literally in a code span, such as `{x}`)",
            found,
            line,
        )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
