"""The MkDocs glue: with :mod:`.generated_pages`, the only code that imports ``mkdocs`` (see :mod:`.choice`).

``RollupsPlugin`` (entry point ``rollups``) hands MkDocs what
:func:`.site.site_files` produced: generated pages as virtual files (nothing
is written into ``content/``), which reach MkDocs as HTML rendered once
(:mod:`.generated_pages`), the prose pages of ``content/`` rendered through
Jinja (then by MkDocs' Markdown), and the static files; the theme's compiled
templates are kept between builds (:mod:`.template_cache`). With Material it
puts the package's theme overrides (:data:`OVERRIDES_DIR`) before Material's
own templates and after the project's ``custom_dir``, if any: a project needs
no copy of them. A bad catalog stops the build with the validator's messages as
a ``PluginError``, never a traceback. ``mkdocs serve`` rebuilds when the
catalog, a template or an override changes.

:func:`build_site` runs a whole MkDocs build from Python (``rollups build``);
without a configuration file it uses the one ``rollups new`` writes
(:data:`~.adoption.new.project.DEFAULT_CONFIG`), as if it stood in the
current folder, the site named after the catalog's product.

Configuration in ``mkdocs.yml``::

    plugins:
      - rollups:
          catalog: data/rollups.yaml   # relative to mkdocs.yml
          as_of: 31                    # optional: the site as of that rollup
          canonical_base: ../latest/   # optional: canonical links to another copy
"""

from __future__ import annotations

import importlib.resources
import logging
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from mkdocs.commands.build import build
from mkdocs.config import base, load_config
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, is_error_template
from mkdocs.utils.templates import TemplateContext

from ..adoption.lint.lint import lint_content
from ..adoption.new.project import DEFAULT_CONFIG, FILES
from ..catalog.characters import escaped_lines, shown
from ..catalog.diagnostics import InvalidInput, RollupsError, format_text
from ..catalog.model import Catalog
from ..catalog.site_address import InvalidSiteUrl, checked_site_url
from ..catalog.validate import load
from ..pages.content import split_front_matter
from ..pages.links import LinkStyle, canonical_url
from ..pages.template_cache import use_bytecode_cache
from ..pages.templating import TEMPLATES_DIR
from ..site.files import SiteFiles, site_files
from . import search, session, shared_assets
from .generated_pages import link_style, render_once

if TYPE_CHECKING:  # `mkdocs serve` only: importing the server (watchdog, http.server) costs a build 40 ms
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger("rollups")

STRICT_ABORT = re.compile(r"Aborted with \d+ warnings? in strict mode")
"""How MkDocs words a build that its strict mode stopped on warnings (``mkdocs.commands.build``)."""
STRICT_HINT = "The warnings are the WARNING lines above; fix them, or pass --no-strict to build anyway."
"""What a build stopped by strict mode adds: where its warnings are, and how to build anyway."""

OVERRIDES_DIR = Path(str(importlib.resources.files("generator.overrides")))
"""Material's templates as this site changes them (``overrides/`` of the checkout, in a wheel's package)."""
THEMES_OVERRIDDEN = ("material",)
"""The themes :data:`OVERRIDES_DIR` is written for."""
CONFIG_NAME = "mkdocs.yml"
DEFAULT_DOCS_DIR = "content"
"""The prose folder of the default configuration (its ``docs_dir``)."""


class RollupsConfig(base.Config):  # type: ignore[no-untyped-call]
    catalog = c.Type(str, default="data/rollups.yaml")
    as_of = c.Optional(c.Type(int))
    canonical_base = c.Optional(c.Type(str))


def catalog_path(config: MkDocsConfig, catalog: str) -> Path:
    """The catalog's path: as given when absolute, else relative to ``mkdocs.yml``."""
    path = Path(catalog)
    if path.is_absolute() or not config.config_file_path:
        return path
    return Path(config.config_file_path).parent / path


def load_catalog(catalog: Path) -> Catalog:
    """Validate the catalog; its problems become one ``PluginError``, its warnings are logged."""
    located = load(catalog)
    for warning in located.report.warnings:
        log.info(f"catalog warning: {warning}")
    if located.catalog is None:
        raise PluginError(f"the catalog has errors:\n{format_text(located.report)}")
    return located.catalog


def make_site(catalog: Catalog, as_of: int | None, docs_dir: Path, links: LinkStyle) -> SiteFiles:
    """The site's files from a valid catalog; the prose is linted against it as of ``as_of``."""
    try:
        site = site_files(catalog, as_of, docs_dir, links)
    except InvalidInput as exc:
        raise PluginError(f"a page cannot be built:\n{format_text(exc.report)}") from None
    except RollupsError as exc:  # an as_of the catalog cannot answer, an unsafe link
        raise PluginError(str(exc)) from None
    # The prose of a snapshot is judged against the catalog as of that snapshot.
    as_it_stood = catalog if as_of is None else catalog.as_of(as_of)
    for diagnostic in lint_content(docs_dir, as_it_stood):
        log.warning(str(diagnostic))
    return site


def add_overrides(config: MkDocsConfig, overrides: Path = OVERRIDES_DIR) -> None:
    """Put ``overrides`` among the theme's folders: after the project's ``custom_dir``, before the theme's.

    Only for the theme they are written for, and only once (a project whose
    ``custom_dir`` is that very folder, such as this repository's, keeps it first).
    """
    if config.theme.name not in THEMES_OVERRIDDEN:
        return
    dirs = config.theme.dirs
    if any(os.path.realpath(d) == os.path.realpath(overrides) for d in dirs):
        return
    dirs.insert(1 if config.theme.custom_dir else 0, str(overrides))


def site_title(catalog: Catalog) -> Markup:
    """The site's name in the default configuration: "<product> service updates", as HTML.

    The theme writes ``site_name`` into pages and attributes as it is (it is
    configuration, taken as markup), so the product's name, which is catalog
    text, is escaped here, where it enters. It is marked as markup, so that the
    templates that escape ``site_name`` themselves (``overrides/main.html``) do
    not escape it twice.
    """
    return Markup.escape(f"{catalog.product.name} service updates")


def add_files(files: Files, site: SiteFiles, config: MkDocsConfig) -> Files:
    """Add the generated pages and static files; the prose pages are already there."""
    for path, markdown in site.pages.items():
        if path in site.prose:
            continue
        inclusion = InclusionLevel.NOT_IN_NAV if "/" in path else InclusionLevel.UNDEFINED
        files.append(File.generated(config, path, content=markdown, inclusion=inclusion))
    for path, data in site.static.items():
        files.append(File.generated(config, path, content=data))
    return files


def store_assets(files: Files, site_dir: Path) -> str:
    """Move the files bound for ``assets/`` out of the build into a shared folder beside ``site_dir``
    (:mod:`.shared_assets`), written unless it is there already; return the folder's name."""
    moved = [file for file in files if file.dest_uri.startswith(shared_assets.ASSETS)]
    contents = {file.dest_uri.removeprefix(shared_assets.ASSETS): file.content_bytes for file in moved}
    store = shared_assets.store_name(contents)
    shared_assets.write_store(site_dir.parent / store, contents)
    for file in moved:
        files.remove(file)
    return store


class RollupsPlugin(BasePlugin[RollupsConfig]):  # type: ignore[no-untyped-call]
    """Generates the service-updates pages from the rollup catalog."""

    site: SiteFiles | None = None
    validated: Catalog | None = None
    """The configured catalog, when the caller has validated it already (:func:`build_site`)."""
    names_site: bool = False
    """Name the site after the catalog's product (:func:`build_site` with the default configuration)."""
    keeps_catalog: bool = False
    """Validate the catalog file once in this process (:func:`build_site`; ``mkdocs serve`` reads it anew)."""
    shares_assets: bool = False
    """Put the static assets in a shared folder beside the site (:mod:`.shared_assets`)."""
    store: str | None = None
    """The shared folder of assets this build's pages load, once :meth:`on_files` has made it."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if config.site_url:  # `mkdocs build` too: the address is written into every page
            try:
                checked_site_url(config.site_url, "site_url")
            except InvalidSiteUrl as exc:
                raise PluginError(str(exc)) from None
        links = link_style(config)
        docs_dir = Path(config.docs_dir)
        catalog = self.validated
        if catalog is None:
            path = catalog_path(config, self.config.catalog)
            catalog = (
                session.validated_catalog(path, load_catalog) if self.keeps_catalog else load_catalog(path)
            )
        self.site = make_site(catalog, self.config.as_of, docs_dir, links)
        if self.names_site:
            config.site_name = site_title(catalog)
        add_overrides(config)
        # The theme (overrides/main.html) links only the feeds worth offering.
        config.extra["rollups_offered"] = sorted(self.site.offered)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        files = add_files(files, self.site, config)
        if self.shares_assets:
            self.store = store_assets(files, Path(config.site_dir))
        return files

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """The theme's templates compile once, not once per build (:mod:`.template_cache`)."""
        return use_bytecode_cache(env)

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        """A generated page is rendered by the pages stage, not Python-Markdown (:mod:`.generated_pages`)."""
        assert self.site is not None
        source = page.file.src_uri
        if source in self.site.pages and source not in self.site.prose:
            render_once(page)
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Prose pages are replaced by their Jinja rendering (front matter was already read)."""
        assert self.site is not None
        if page.file.src_uri not in self.site.prose:
            return markdown
        return split_front_matter(self.site.pages[page.file.src_uri])[1]

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """With shared assets, the page loads them from the folder beside the snapshot."""
        if self.store is None:
            return output
        root = get_relative_url(shared_assets.ASSETS, page.url).removesuffix(shared_assets.ASSETS)
        return shared_assets.rewrite(output, root, self.store)

    def on_post_template(self, output: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        """The "not found" page too, whose addresses are absolute (MkDocs makes them so)."""
        if self.store is None or not is_error_template(template_name):
            return output
        base = urlsplit(config.site_url or "/").path
        return shared_assets.rewrite(output, base if base.endswith("/") else f"{base}/", self.store)

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A page indexed by its headings only is left out of the search plugin's own indexing."""
        if self._headings_only(page, config):
            search.exclude_from_search(page.meta)
        return html

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if self.config.canonical_base:
            page.canonical_url = canonical_url(self.config.canonical_base, page.url)
        index = search.search_index(config.plugins.values())
        if index is not None and self._headings_only(page, config):
            index.add_entry_from_context(search.HeadingsOnly.of(page))
        return context

    def _headings_only(self, page: Page, config: MkDocsConfig) -> bool:
        """Whether ``page`` is a generated page the search index holds by its headings (:mod:`.search`)."""
        assert self.site is not None
        source = page.file.src_uri
        return (
            source not in self.site.prose
            and search.headings_only(source)
            and search.search_index(config.plugins.values()) is not None
        )

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(catalog_path(config, self.config.catalog)))
        server.watch(str(TEMPLATES_DIR))
        if config.theme.name in THEMES_OVERRIDDEN:
            server.watch(str(OVERRIDES_DIR))
        return server


# --- Building from Python -------------------------------------------------------------


class _EscapingFormatter(logging.Formatter):
    """MkDocs' messages name the files of ``content/`` as they are: every hidden character of a message
    is shown escaped (:func:`~.characters.escaped_lines`), and the lines it goes on to (a list of pages,
    or a file name's line feed) are indented under it, so that no file name colours the terminal or
    starts a message of its own."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return escaped_lines(super().formatMessage(record)).replace("\n", "\n" + MESSAGE_INDENT)


MESSAGE_INDENT = " " * len("WARNING -  ")
"""Where a message's text starts on its first line: the indent of the lines it goes on to."""


@contextmanager
def _mkdocs_messages(verbose: bool) -> Iterator[None]:
    """Print MkDocs' warnings (and with ``verbose`` its progress) to stderr during a build."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_EscapingFormatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.INFO if verbose else logging.WARNING)
    previous = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous[0])
        logger.propagate = previous[1]


@dataclass(frozen=True)
class ConfigFile:
    """The configuration of a build: a project's file, or the default one standing in for it."""

    path: Path
    """The project's configuration file, or where it would be (relative paths start from its folder)."""
    default: bool = False
    """The project has none: :data:`DEFAULT_CONFIG` stands in for it, the site named after the product."""

    @property
    def name(self) -> str:
        """How messages name it."""
        return f"the default configuration (no {shown(self.path)})" if self.default else shown(self.path)


def find_config(config_file: Path | None, folder: Path = Path()) -> ConfigFile:
    """``config_file`` (which must exist), else ``mkdocs.yml`` in ``folder``, else the default configuration.

    The default configuration reads the prose from ``content/`` and the
    catalog from ``data/rollups.yaml`` of ``folder``; without ``content/`` it
    is refused with what a site project holds (``FileNotFoundError``).
    """
    if config_file is not None:
        if not config_file.is_file():
            raise FileNotFoundError(f"{config_file}: no such MkDocs configuration file")
        return ConfigFile(config_file)
    local = folder / CONFIG_NAME
    if local.is_file():
        return ConfigFile(local)
    if not (folder / DEFAULT_DOCS_DIR).is_dir():
        raise FileNotFoundError(
            f"no {CONFIG_NAME} and no {DEFAULT_DOCS_DIR}/ folder in {os.path.abspath(folder)}: "
            f"a site project holds {', '.join(FILES[:-1])} and {FILES[-1]} (rollups new DIR writes one); "
            "or name the configuration with -f FILE"
        )
    return ConfigFile(Path(os.path.abspath(local)), default=True)


def build_site(
    site_dir: Path,
    *,
    config_file: Path | None = None,
    catalog: Path | None = None,
    validated: Catalog | None = None,
    as_of: int | None = None,
    versioned: bool = False,
    canonical_base: str | None = None,
    site_url: str | None = None,
    strict: bool = True,
    verbose: bool = False,
    share_assets: bool = False,
) -> str | None:
    """Build the site into ``site_dir`` (which MkDocs empties first) with the rollups plugin.

    ``config_file`` is found by :func:`find_config` (``None``: ``mkdocs.yml``
    here, else the default configuration). ``catalog`` and ``as_of`` override
    the plugin's settings; ``validated`` is
    the catalog at ``catalog``, when the caller has validated it already (it is
    then not read again: ``rollups build`` validates first, to print every
    problem as ``rollups validate`` does); ``versioned``
    keeps Material's version selector (``extra.version``), which only works
    in a versioned build; ``canonical_base`` points every page's canonical link
    at its twin under that base; ``site_url`` replaces ``mkdocs.yml``'s (the
    sitemap's addresses, the 404 page's links); ``share_assets`` puts the
    static assets in a folder beside ``site_dir`` that other snapshots of a
    versioned site share (:mod:`.shared_assets`), and the folder's name is
    returned (else ``None``). Raises
    :class:`~.site_address.InvalidSiteUrl` before building when the address in
    use is not a valid site address, :class:`~.diagnostics.RollupsError` when
    the build fails (the messages are printed as MkDocs logs them).
    """
    found = find_config(config_file)
    with _mkdocs_messages(verbose):
        config = load_build_config(found, site_dir, strict)
        plugin = config.plugins.get("rollups")
        if not isinstance(plugin, RollupsPlugin):
            raise RollupsError(f"{found.name} does not enable the 'rollups' plugin")
        plugin.names_site = found.default
        if catalog is not None:
            plugin.config.catalog = str(catalog.resolve())
            plugin.validated = validated
        plugin.keeps_catalog = True
        plugin.shares_assets = share_assets
        if as_of is not None:
            plugin.config.as_of = as_of
        if canonical_base is not None:
            plugin.config.canonical_base = canonical_base
        if site_url is not None:
            config.site_url = checked_site_url(site_url, "site_url")
        elif config.site_url:
            checked_site_url(config.site_url, f"{config_file}: site_url")
        if not versioned:
            config.extra.pop("version", None)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        except MkDocsException as exc:
            message = exc.format_message()
            hint = f" {STRICT_HINT}" if strict and STRICT_ABORT.search(message) else ""
            raise RollupsError(f"the site build failed: {message}{hint}") from None
        finally:
            config.plugins.on_shutdown()
    return plugin.store


def load_build_config(config: ConfigFile, site_dir: Path, strict: bool = True) -> MkDocsConfig:
    """The configuration of a build from Python, whose theme keeps its templates and file list in this
    process (:func:`.session.theme_environment`), for every later build of the process."""
    loaded = _load_config(config, site_dir, strict)
    theme = loaded.theme
    make = theme.get_env

    def shared() -> jinja2.Environment:
        return session.theme_environment((tuple(theme.dirs), str(theme.locale)), make)

    theme.get_env = shared  # type: ignore[method-assign]
    return loaded


def _load_config(config: ConfigFile, site_dir: Path, strict: bool) -> MkDocsConfig:
    try:
        if not config.default:
            return load_config(str(config.path), site_dir=str(site_dir), strict=strict)
        with DEFAULT_CONFIG.open("rb") as stream:
            return load_config(
                stream, config_file_path=str(config.path), site_dir=str(site_dir), strict=strict
            )
    except MkDocsException as exc:
        raise RollupsError(f"{config.name}: {exc.format_message()}") from None


def configured_site_url(config_file: Path | None) -> str | None:
    """The ``site_url`` of an MkDocs configuration (found as :func:`build_site` finds it), if it sets one;
    :class:`InvalidSiteUrl` if it is not an absolute http(s) address."""
    found = find_config(config_file)
    with _mkdocs_messages(verbose=False):
        site_url: str | None = _load_config(found, Path("site"), strict=False).site_url
    return checked_site_url(site_url, f"{found.name}: site_url") if site_url else None
