"""Catalog text made inert for each output format, and catalog Markdown rendered safely.

Catalog values are data, never markup. Each output format has one function
through which text enters it, and nothing else lets text in:

* Markdown pages (every generated page and the prose of ``content/``):
  :func:`markdown_escape`;
* HTML (Atom entries' content, the versioned site's root page):
  :func:`html_escape`;
* XML (SVG badges): :func:`xml_escape`; the Atom feed's elements get their
  text from ElementTree, which escapes, after :func:`xml_characters`;
* iCalendar: :func:`.calendar_feed.escape_text`; JSON: ``json.dumps`` after
  :func:`well_formed`.

The Jinja environments (:mod:`.render`) apply their format's function to the
value of every ``{{ ... }}`` (Jinja's ``finalize``, before autoescape), so no
template can forget it. Markup meant as markup is marked as such, the way
markupsafe's :class:`~markupsafe.Markup` (and Django's ``format_html``) mark
it: macros (Markup under autoescape), :func:`markdown_html` and
:func:`markdown_inline_html`, and the link helpers (:func:`url_markup`,
:func:`external_url`), which return Markup of addresses they built or
checked. Python code assembles no HTML.

**Text in Markdown pages.** A generated page is Markdown with HTML inside
(which the engine gets rendered by :mod:`.page_html`, as Python-Markdown
reads it; an export, by any engine's Markdown). A
value may land where Python-Markdown parses it (a heading, a paragraph, a link
text: ``{: onfocus=... }`` becomes attributes through ``attr_list``,
``x](https://evil.example)`` closes a link, ``|`` splits a table row, ``#``
closes a heading) or inside an HTML block, which Markdown leaves alone and the
browser decodes. A backslash escape works only in the first case (in an HTML
block the backslash shows), and HTML around every value is impossible in a
heading or a link text. A numeric character reference works in both:
CommonMark states that entity and numeric references never stand for
structure, Python-Markdown passes them through untouched, and the browser shows
the character. So :func:`markdown_escape` writes as a reference every
character that opens syntax wherever it stands
(``\\ ` * { } [ ] # | ~ < > & " '``, and ``_`` except between two letters or
digits, where no Markdown reads it) and those that open a block where a line
starts (``- + = : ! ? / %``, the ``.`` or ``)`` of ``1.``, indentation), since a
value may start a line. Line breaks become spaces, so a value never starts a
block of its own, and characters no document may hold (controls, lone
surrogates) become U+FFFD. The one place references show literally is a
Markdown code span (``\\`{{ x }}\\```): templates use ``<code>`` instead.

**Markdown fields** (rollup notes, summaries, steps, callouts) are rendered
here to HTML by markdown-it-py: raw HTML, images (a request to another host)
and headings (they would break the page outline) off, links only to the web
addresses :func:`~.catalog_markdown.is_web_link` accepts (anything else stays
text), and every piece of text, code included, escaped by
:func:`markdown_escape`, so the HTML stays inert wherever it is put. The
validator refuses what this neutralises (:mod:`.catalog_markdown`); this is
the second line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from ..catalog.diagnostics import RollupsError
from ..catalog.markdown_fields import is_web_link

_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_NOT_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""Controls (but tab, LF and CR) and noncharacters, which no output holds as they are."""
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udfff]")
"""What XML 1.0 cannot hold, even as a character reference."""

_MARKDOWN_ANYWHERE = re.compile(r"""[\\`*{}\[\]#|~<>&"'_]""")
_MARKDOWN_AT_START = re.compile(r"([ \t]*)([-+=:!?/%]|[0-9]+[.)](?=[ \t]|$))?")
"""What opens a block where a line starts: indentation, then a list, setext, admonition or block marker."""
_REFERENCES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
_INERT = re.compile(r"(?![0-9]+[.)](?:[ \t]|$))[A-Za-z0-9][A-Za-z0-9 .,;:/()@-]*")
"""Text no format reads as anything but text (most values: names, versions, numbers): no escape needed."""


def _reference(char: str) -> str:
    return _REFERENCES.get(char) or f"&#{ord(char)};"


def well_formed(text: str) -> str:
    """``text`` with lone surrogates (which no encoding can write) replaced by U+FFFD."""
    if not re.search("[\ud800-\udfff]", text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def inert_characters(text: str) -> str:
    """``text`` with every control character (tab and line breaks aside) and noncharacter as U+FFFD."""
    return _NOT_IN_TEXT.sub("\ufffd", well_formed(text))


def xml_characters(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_IN_XML.sub("\ufffd", well_formed(text))


# --- Plain text into each format ----------------------------------------------------------


def markdown_escape(value: object) -> Markup:
    """Plain text for a Markdown page: shows exactly as written, in Markdown and in HTML blocks alike.

    Markup passes through unchanged (it is the templates' own, or rendered
    here). See the module docstring for what is escaped and why.
    """
    if hasattr(value, "__html__"):
        return Markup(value)
    text = str(value)
    return Markup(text if _INERT.fullmatch(text) else escape_markdown_text(text))


def escape_markdown_text(text: str) -> str:
    """:func:`markdown_escape`'s work on text that may hold syntax (the others are left as they are)."""
    text = inert_characters(_LINE_BREAKS.sub(" ", text))
    start = _MARKDOWN_AT_START.match(text)
    assert start is not None  # every group is optional
    indent, marker = start.group(1), start.group(2) or ""
    if len(indent) >= 4 or "\t" in indent:  # an indented code block
        indent = "".join(map(_reference, indent))
    if marker:
        marker = "".join(char if char.isdigit() else _reference(char) for char in marker)
    return indent + marker + _MARKDOWN_ANYWHERE.sub(_markdown_reference, text[start.end() :])


def _markdown_reference(match: re.Match[str]) -> str:
    char = match.group(0)
    if char == "_":
        text, at = match.string, match.start()
        if 0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum():
            return char
    return _reference(char)


def html_escape(value: object) -> Markup:
    """Plain text for HTML: markupsafe's escape, after :func:`inert_characters`."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return escape(inert_characters(str(value)))


def xml_escape(value: object) -> Markup:
    """Plain text for XML (an SVG badge): escaped, and only characters XML can hold."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return escape(xml_characters(str(value)))


def markdown_text(text: str) -> Markup:
    """The ``md_text`` filter: :func:`markdown_escape`, which every page applies by default anyway."""
    return markdown_escape(text)


# --- Addresses --------------------------------------------------------------------------


_PLAIN_PATH = re.compile(r"[A-Za-z0-9/#._-]*")
_URL_SAFE = "/#?&=:;,@!$+%~._-"
"""Characters an address keeps as they are; the others are percent-encoded (``( ) [ ] * '``...)."""


def url_markup(url: str) -> Markup:
    """An address the site built or checked, as markup for an attribute or a Markdown link destination.

    Every character that could end the attribute or the destination, or open
    Markdown syntax, is percent-encoded; ``&`` becomes ``&amp;``.
    """
    if _PLAIN_PATH.fullmatch(url):  # most links between pages: nothing to encode
        return Markup(url)
    return escape(quote(url, safe=_URL_SAFE))


class UnsafeLink(RollupsError):
    """A catalog URL that is not http(s); the validator should have refused it."""


def external_url(url: str) -> Markup:
    """``url`` as markup if it is an absolute http(s) address with a host; anything else is refused."""
    if not is_web_link(url):
        raise UnsafeLink(f"refusing to link to '{url}': expected an absolute http(s) URL")
    return url_markup(url)


# --- Markdown fields ------------------------------------------------------------------------


class _InertRenderer(RendererHTML):
    """markdown-it's HTML renderer, every text, code and attribute escaped by :func:`markdown_escape`."""

    def text(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return str(markdown_escape(tokens[idx].content))

    def code_inline(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        return f"<code{self.renderAttrs(token)}>{markdown_escape(token.content)}</code>"

    def code_block(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        return f"<pre{self.renderAttrs(token)}><code>{_code(token.content)}</code></pre>\n"

    @staticmethod
    def renderAttrs(token: Token) -> str:
        return "".join(
            f' {escape(name)}="{escape(value) if name == "href" else markdown_escape(value)}"'
            for name, value in (token.attrs or {}).items()
        )


def _code(text: str) -> str:
    """A code block's text, its lines kept."""
    return "\n".join(str(markdown_escape(line)) for line in text.split("\n"))


def _highlight(code: str, language: str, attributes: str) -> str:
    """A fenced block's text (markdown-it's ``highlight`` option): escaped as :func:`_code` does."""
    return _code(code)


class _WebLinksOnly(MarkdownIt):
    """markdown-it that makes a link only of a web address; any other stays text."""

    def validateLink(self, url: str) -> bool:
        return is_web_link(url)


def _markdown() -> MarkdownIt:
    options: dict[str, Any] = {"html": False, "linkify": False, "typographer": False, "highlight": _highlight}
    md = _WebLinksOnly("commonmark", options, renderer_cls=_InertRenderer)
    md.disable(["image", "heading", "lheading", "html_block", "html_inline"])
    return md


_MARKDOWN = _markdown()


def markdown_html(text: str) -> Markup:
    """Block Markdown from the catalog as safe HTML (paragraphs, lists, emphasis, links, code)."""
    return Markup(_MARKDOWN.render(inert_characters(text)).strip())


def markdown_inline_html(text: str) -> Markup:
    """One line of Markdown from the catalog (a step) as safe inline HTML."""
    return Markup(_MARKDOWN.renderInline(inert_characters(text)).strip())
