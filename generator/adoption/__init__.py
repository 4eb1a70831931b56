"""Stage 6, adopting the tool: ``rollups import`` of hand-written pages and ``rollups lint`` of the prose.

``reading`` parses a Markdown page once (tables, callouts, links, sentences)
and spells the policy as prose does; ``importing`` turns a hand-written page
into a commented catalog; ``lint`` checks ``content/`` against the catalog;
``commands`` are ``rollups import`` and ``rollups lint``.

May import: the site, the outputs, the pages, the policy and the catalog.
"""
