"""Stage 5, one snapshot of the site, engine-free: the catalog in, every page and static file out.

``files`` runs the pipeline after validation (``site_files``) and writes a
plain export; ``routes`` names every URL a snapshot serves, and renders its
generated pages for their anchors, for the lint.

May import: the outputs, the pages, the policy and the catalog.
"""
