"""``rollups lint``: the prose, tables, callouts and links of ``content/`` against the catalog.

May import: ``adoption.reading``, the site's routes, the policy and the catalog.
"""
