"""``rollups new``: a new site project for another product, from the files of ``skeleton/``.

``skeleton/`` holds the project's ``mkdocs.yml`` (also the configuration
``rollups build`` uses where a project has none), a commented example catalog
and the prose of its home page.

May import: the catalog.
"""
