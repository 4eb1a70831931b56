"""The Jinja environments every page and output is rendered with, over ``templates/``.

One environment renders every generated page and the prose pages of
``content/`` alike: ``StrictUndefined`` (a misspelt variable is an error, not
an empty string), ``trim_blocks``/``lstrip_blocks``, and autoescape on. Text
is escaped once, where it enters the output format (:mod:`.markup`): Jinja's
``finalize`` passes the value of every ``{{ ... }}`` through the escape of the
environment's format (:class:`OutputFormat`), so a template cannot forget it
and never escapes field by field. Pages are Markdown with HTML inside, and
their escape keeps text inert in both. Markup is marked: macros, the
``markdown`` filters and the link helpers (``href``, ``md_href``,
``file_href``, ``external_url``) give :class:`~markupsafe.Markup`, which
passes unchanged. Templates that are not pages (an Atom entry's HTML, the
versioned site's root page, a badge) render in the environment of their
format, chosen by their extension (:func:`render_template`). Links are
computed for the output's URL layout (:mod:`.links`).

Jinja comments are ``{## ... ##}``, not ``{# ... #}``: Markdown headings take
their stable anchors as ``## Status {#status}``, which Jinja would otherwise
read as the start of a comment.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from ..catalog.consistency import kb_key
from .answers import Released
from .links import LinkStyle, file_href, page_href
from .markup import (
    external_url,
    html_escape,
    markdown_escape,
    markdown_html,
    markdown_inline_html,
    markdown_text,
    url_markup,
    xml_escape,
)
from .template_cache import use_bytecode_cache

TEMPLATES_DIR = Path(str(importlib.resources.files("generator.templates")))
"""The templates: ``templates/`` of the checkout (editable install), ``generator/templates/`` of a wheel."""


class OutputFormat(StrEnum):
    """What a template writes, which decides how text is escaped in it."""

    MARKDOWN = "markdown"
    """Pages: Markdown with HTML inside (:func:`~.markup.markdown_escape`)."""
    HTML = "html"
    XML = "xml"


ESCAPES: dict[OutputFormat, Callable[[object], Markup]] = {
    OutputFormat.MARKDOWN: markdown_escape,
    OutputFormat.HTML: html_escape,
    OutputFormat.XML: xml_escape,
}
"""The one function through which text enters each format."""

_FORMATS_BY_SUFFIX = {".html": OutputFormat.HTML, ".svg": OutputFormat.XML, ".xml": OutputFormat.XML}


def output_format(template: str) -> OutputFormat:
    """The format a template writes, by its extension: ``.md`` pages are Markdown."""
    return _FORMATS_BY_SUFFIX.get(Path(template).suffix, OutputFormat.MARKDOWN)


def environment(
    templates: Path = TEMPLATES_DIR, output: OutputFormat = OutputFormat.MARKDOWN
) -> jinja2.Environment:
    """The Jinja environment templates of the format ``output`` are rendered with (pages by default)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=ESCAPES[output],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        comment_start_string="{##",
        comment_end_string="##}",
    )
    use_bytecode_cache(env)  # compiling is most of what generating the pages costs
    env.filters.update(
        md_text=markdown_text,
        markdown=markdown_html,
        markdown_inline=markdown_inline_html,
        external_url=external_url,
        kb_label=kb_label,
        count=count,
        date_text=date_text,
    )
    env.globals.update(href=_href, md_href=_md_href, file_href=_file_href)
    return env


@functools.cache
def _shared_environment(output: OutputFormat) -> jinja2.Environment:
    return environment(output=output)


def render_template(name: str, **context: Any) -> str:
    """Render a template that is not a page (a feed entry, a badge) in the environment of its format."""
    return _shared_environment(output_format(name)).get_template(name).render(**context)


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def date_text(date: Released) -> str:
    """``8 January 2019``, or ``July 2018`` when only the month is known: unambiguous in every locale."""
    month = f"{MONTHS[date.month - 1]} {date.year}"
    return month if date.day is None else f"{date.day} {month}"


def count(number: int, noun: str) -> str:
    """``1 version``, ``4 versions``: a number with its noun, singular or plural (regular nouns only)."""
    return f"{number} {noun if number == 1 else noun + 's'}"


def kb_label(url: str) -> str:
    """``KB4485985`` for a KB article's URL, or ``KB article`` when the URL names no number."""
    key = kb_key(url)
    return f"KB{key}" if key.isdigit() else "KB article"


@pass_context
def _href(context: Context, target: str, anchor: str = "") -> Markup:
    """A link from the page being rendered to the page ``target`` (a docs path such as ``rollups/32.md``)."""
    return url_markup(page_href(context["page_path"], target, context["link_style"], anchor))


@pass_context
def _md_href(context: Context, target: str, anchor: str = "") -> Markup:
    """A Markdown link target (``../reboot-matrix.md#from-9-16``): the engine resolves and checks it.

    For links written in Markdown syntax; links inside HTML use :func:`_href`,
    since no engine rewrites those.
    """
    return url_markup(page_href(context["page_path"], target, LinkStyle.MARKDOWN, anchor))


@pass_context
def _file_href(context: Context, site_path: str) -> Markup:
    """A link from the page being rendered to a static file of the site."""
    return url_markup(file_href(context["page_path"], site_path, context["link_style"]))
