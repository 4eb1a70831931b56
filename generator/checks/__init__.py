"""Stage 6, checks of what was published: every internal link of a built site, every KB link over the network.

May import: the catalog.
"""
