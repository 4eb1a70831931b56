"""Stage 6, checks of what was published: every internal link of a built site, every KB link over the network.

``linkcheck`` reads a built tree, ``kb_check`` asks the network; ``commands``
are ``rollups check-links`` and ``rollups check-kb-links``.

May import: the catalog.
"""
