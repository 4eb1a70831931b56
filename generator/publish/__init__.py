"""Stage 8, publishing: build beside the target and swap in, the versioned site of every snapshot.

``staging`` builds into scratch and swaps it in (or, through ``in_place``,
moves in only the entries that changed), with the build lock and its
``journal``;
``snapshots`` plans one snapshot per rollup and ``versions.json``;
``versioned_site`` builds them in parallel, reusing frozen ones, and writes
``latest/`` and the root files; ``scale`` refuses a catalog too large to
build; ``prose_folder`` reads where the configuration keeps the prose
(``docs_dir``), which no target may be in; ``progress`` reports as it goes;
``commands`` are ``rollups build`` and ``rollups export``.

May import: every stage below; the engine only through the builder it is handed.
"""
