"""The builder of a versioned site's snapshots: the engine made ready once per process, a build per snapshot.

:class:`SnapshotEngine` is what ``rollups build --all-versions`` hands to
:func:`~.publish.versioned_site.build_versioned_site`: a picklable value
(worker processes receive it) that builds one snapshot with
:func:`~.mkdocs_plugin.build_site`. Its :meth:`~SnapshotEngine.prepare`
pays, once in a process, what every build would pay again: the imports of
the engine, the theme, its plugins and the Markdown extensions (and the
generated pages' markdown-it), the theme's
templates and file list, and the catalog's validation (:mod:`.session`
keeps them). The build calls it before starting its workers, so that forked
workers start with all of it (and share its memory); a spawned worker calls
it as it starts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import markdown  # type: ignore[import-untyped]  # (Python-Markdown, the engine's: no stubs)

from ..catalog.model import Catalog
from ..pages.markdown_dialect import markdown_it
from . import mkdocs_plugin, session
from .mkdocs_plugin import add_overrides, build_site, find_config, load_build_config

PREPARE_SITE_DIR = Path("site")
"""The site folder the configuration loaded by :meth:`SnapshotEngine.prepare` names; nothing is written."""


@dataclass(frozen=True)
class SnapshotEngine:
    """Builds one snapshot of a versioned site with the configuration ``config_file``."""

    config_file: Path | None = None
    """As :func:`~.mkdocs_plugin.build_site` takes it (``None``: ``mkdocs.yml`` here, else the default)."""
    strict: bool = True
    verbose: bool = False

    def prepare(self, catalog: Path, validated: Catalog | None = None) -> None:
        """Make this process ready to build snapshots from ``catalog`` (``validated``: the caller has
        validated it already). Raises what loading the configuration or the catalog raises."""
        with _quiet():  # what goes wrong here goes wrong again in a build, which reports it
            if validated is not None:
                session.remember_catalog(catalog.resolve(), validated)
            else:
                session.validated_catalog(
                    catalog.resolve(), mkdocs_plugin.load_catalog
                )  # raises what a build reports
            config = load_build_config(find_config(self.config_file), PREPARE_SITE_DIR, self.strict)
            add_overrides(config)  # as the plugin does: the same theme folders, so the same environment
            config.theme.get_env().list_templates()
            markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
            markdown_it()  # the generated pages' renderer (the prose keeps Python-Markdown)

    def __call__(
        self, site_dir: Path, *, catalog: Path, as_of: int, site_url: str, canonical_base: str | None
    ) -> str | None:
        """Build the snapshot as of rollup ``as_of`` into ``site_dir``, its assets into a folder beside it
        that snapshots built with the same assets share (:mod:`.shared_assets`); return that folder's name."""
        return build_site(
            site_dir,
            config_file=self.config_file,
            catalog=catalog,
            as_of=as_of,
            versioned=True,
            canonical_base=canonical_base,
            site_url=site_url,
            strict=self.strict,
            verbose=self.verbose,
            share_assets=True,
        )


@contextmanager
def _quiet() -> Iterator[None]:
    """MkDocs' messages silenced for the duration."""
    logger = logging.getLogger("mkdocs")
    before, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = before
