"""Stage 1, the catalog: ``data/rollups.yaml`` read with the position of every value, validated, typed.

``yamlsource`` reads YAML safely, keeping line and column; ``values`` and
``validate`` turn the nodes into the typed, immutable ``model`` (a
``Catalog``), reporting every problem at once; ``consistency`` checks across
rollups; ``diagnostics`` holds the located messages, their formats and the
project's base exception; ``options`` the command line's shared parts
(exit codes, the options of a command that reads the catalog) and
``commands`` ``rollups validate``.

May import: nothing else of the package (it is the bottom of the pipeline).
"""
