"""Stage 4, the machine-readable outputs beside the pages: JSON API, Atom feed, calendar, badges, planner.

``files`` gathers every static file of this family for one snapshot, and the
``feeds/`` page that lists them; ``planner`` is the upgrade planner's page
and script; ``identity`` gives the stable ids feeds and calendars use; ``commands`` is
``rollups path``, whose JSON is the API's.

May import: the pages (answers, templating, links, markup), the policy and the catalog.
"""
