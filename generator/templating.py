"""The Jinja environment of the generated outputs (templates live in ``templates/``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@cache
def environment() -> jinja2.Environment:
    """``StrictUndefined``, ``trim_blocks``, ``lstrip_blocks``; autoescape for every markup template.

    Markdown templates (``*.md.j2``) are not HTML-escaped: an entity would show
    literally inside a code span. What they insert is versions, computed text
    and catalog text the validator has checked for markup.
    """
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=jinja2.select_autoescape(disabled_extensions=("md.j2",), default=True),
    )


def render(name: str, **context: object) -> str:
    """Render the template ``name`` with ``context``."""
    return environment().get_template(name).render(**context)
