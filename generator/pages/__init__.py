"""Stage 3, the pages: one snapshot's answers, laid out as page models, rendered to Markdown.

``answers`` holds the policy's answers as plain values and the page paths;
``line_answers`` computes them once per snapshot and release line
(:func:`.line_answers.snapshot_answers`); ``models`` holds one frozen
dataclass per page and ``layout`` builds them from the answers, without
asking the policy again (``legend`` marks what holds for some scenarios
only, ``lists`` lays a long list over pages of fixed ranges);
``templating`` is the Jinja environment over ``templates/`` (with
``markup`` for safe catalog text, ``links`` for links per URL layout,
``template_cache`` for compiled templates kept between builds); ``render``
turns page models and the prose pages of ``content/`` (read by
``content``) into Markdown, and ``page_html`` a generated page's Markdown
into the HTML and table of contents an engine shows (rendered once, with
markdown-it-py reading the Markdown as Python-Markdown did:
``markdown_dialect``).

May import: the policy and the catalog.
"""
