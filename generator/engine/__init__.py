"""Stage 7, the engine adapter: the only code that imports MkDocs (the ``rollups`` plugin, ``build_site``).

``choice`` picks the engine, MkDocs 1.x or ProperDocs (its continuation,
which runs the same code under another module name); it runs here, before
any module of this package imports ``mkdocs``. ``mkdocs_plugin`` is the
plugin and the build; ``generated_pages`` hands MkDocs the generated pages
as HTML rendered once (no Python-Markdown); ``session`` keeps what a
process's builds share (the theme's templates and files, the validated
catalog); ``versioned`` is the
builder of a versioned site's snapshots; ``search`` says what the search
index holds; ``shared_assets`` stores a versioned site's static assets once.

May import: every stage below (adoption for the lint and the new project's
configuration, the site, the pages, the catalog).
"""

from __future__ import annotations

from .choice import use_engine

ENGINE = use_engine()
"""The engine of this process: ``"mkdocs"`` or ``"properdocs"``."""
