"""The Jinja environment every page and output is rendered with, over ``templates/``.

``StrictUndefined`` (a misspelt variable is an error, not an empty string),
``trim_blocks``/``lstrip_blocks``, and autoescape on, because pages are
Markdown with HTML inside (tables with captions and header scopes, anchored
rows): every value is HTML-escaped unless it is already safe markup from
:mod:`.markup`. Links are computed for the output's URL layout
(:mod:`.links`).

Jinja comments are ``{## ... ##}``, not ``{# ... #}``: Markdown headings take
their stable anchors as ``## Status {#status}``, which Jinja would otherwise
read as the start of a comment.
"""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import pass_context
from jinja2.runtime import Context

from ..catalog.consistency import kb_key
from .links import LinkStyle, file_href, page_href
from .markup import external_url, markdown_html, markdown_inline_html, markdown_text
from .template_cache import use_bytecode_cache

TEMPLATES_DIR = Path(str(importlib.resources.files("generator.templates")))
"""The templates: ``templates/`` of the checkout (editable install), ``generator/templates/`` of a wheel."""


def environment(templates: Path = TEMPLATES_DIR) -> jinja2.Environment:
    """The Jinja environment every page is rendered with."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
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
    )
    env.globals.update(href=_href, md_href=_md_href, file_href=_file_href)
    return env


@functools.cache
def _shared_environment() -> jinja2.Environment:
    return environment()


def render_template(name: str, **context: Any) -> str:
    """Render a template that is not a page (a feed entry, a badge) in the same environment."""
    return _shared_environment().get_template(name).render(**context)


def kb_label(url: str) -> str:
    """``KB4485985`` for a KB article's URL, or ``KB article`` when the URL names no number."""
    key = kb_key(url)
    return f"KB{key}" if key.isdigit() else "KB article"


@pass_context
def _href(context: Context, target: str, anchor: str = "") -> str:
    """A link from the page being rendered to the page ``target`` (a docs path such as ``rollups/32.md``)."""
    return page_href(context["page_path"], target, context["link_style"], anchor)


@pass_context
def _md_href(context: Context, target: str, anchor: str = "") -> str:
    """A Markdown link target (``../reboot-matrix.md#from-9-16``): the engine resolves and checks it.

    For links written in Markdown syntax; links inside HTML use :func:`_href`,
    since no engine rewrites those.
    """
    return page_href(context["page_path"], target, LinkStyle.MARKDOWN, anchor)


@pass_context
def _file_href(context: Context, site_path: str) -> str:
    """A link from the page being rendered to a static file of the site."""
    return file_href(context["page_path"], site_path, context["link_style"])
