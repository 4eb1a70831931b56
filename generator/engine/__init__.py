"""Stage 7, the engine adapter: the only code that imports MkDocs (the ``rollups`` plugin, ``build_site``).

May import: every stage below (adoption for the lint, the site, the pages, the catalog).
"""
