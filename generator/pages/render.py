"""Page models to Markdown, through the templates of :mod:`.templating`.

:class:`Renderer` renders the generated pages of one :class:`~.pages.SiteModel`
and the prose pages of ``content/`` alike, for one URL layout.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import Any

import jinja2

from ..catalog.diagnostics import InvalidInput, Position, Report
from .links import LinkStyle
from .models import Page, SiteModel
from .template_cache import from_string
from .templating import TEMPLATES_DIR, environment


class Renderer:
    """Renders the pages of one :class:`~.pages.SiteModel` for one URL layout."""

    def __init__(self, model: SiteModel, links: LinkStyle, templates: Path = TEMPLATES_DIR) -> None:
        self.model = model
        self.links = links
        self.env = environment(templates)

    def _context(self, page_path: str, **extra: Any) -> dict[str, Any]:
        return {
            "site": self.model.context,
            "overview": self.model.overview,
            "page_path": page_path,
            "link_style": self.links,
            **extra,
        }

    def page(self, page: Page) -> str:
        """A generated page's Markdown."""
        template = self.env.get_template(page.template)
        return template.render(self._context(page.path, page=page))

    def prose(self, path: str, source: str, display: str, first_line: int = 1) -> str:
        """A prose page of ``content/`` rendered through Jinja with the site's figures.

        ``display`` names the file in error messages, ``first_line`` is the line
        of it that ``source`` starts on (after front matter). A template error
        raises :class:`~.diagnostics.InvalidInput` pointing at its line.
        """
        report = Report()
        try:
            return from_string(self.env, source, f"<content>/{path}").render(self._context(path))
        except jinja2.TemplateSyntaxError as exc:
            line = exc.lineno or 1
            report.error(Position(display, first_line - 1 + line), f"template syntax error: {exc.message}")
        except jinja2.TemplateError as exc:
            line = _template_line(exc)
            report.error(Position(display, first_line - 1 + line), f"template error: {_describe(exc)}")
        raise InvalidInput(report)


def _template_line(exc: BaseException) -> int:
    """The line of the template (compiled from a string) where ``exc`` was raised."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    if not frames:
        return 1
    return frames[-1].lineno or 1


def _describe(exc: jinja2.TemplateError) -> str:
    message = exc.message or type(exc).__name__
    undefined = re.match(r"'(\w+)' is undefined", message)
    if undefined:
        return f"{message}; the page can use 'site', 'overview' and 'page_path'"
    return message
