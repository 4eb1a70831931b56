"""Stage 6, adopting the tool: ``rollups import``, ``rollups lint`` of the prose, ``rollups new``.

``reading`` parses a Markdown page once (tables, callouts, links, sentences)
and spells the policy as prose does; ``importing`` turns a hand-written page
into a commented catalog; ``lint`` checks ``content/`` against the catalog;
``new`` writes a new site project for another product; ``commands`` are
``rollups import``, ``rollups lint`` and ``rollups new``.

May import: the site, the outputs, the pages, the policy and the catalog.
"""
