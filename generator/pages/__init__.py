"""Stage 3, the pages: one snapshot's answers, laid out as page models, rendered to Markdown.

``answers`` holds the policy's answers as plain values and the page paths;
``models`` builds one frozen dataclass per page; ``templating`` is the Jinja
environment over ``templates/`` (with ``markup`` for safe catalog text,
``links`` for links per URL layout, ``template_cache`` for compiled
templates kept between builds); ``render`` turns page models and the prose
pages of ``content/`` (read by ``content``) into Markdown.

May import: the policy and the catalog.
"""
