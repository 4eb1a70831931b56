"""Stage 2, the support policy: pure functions over a catalog, no I/O and no clock.

``rules`` computes N, the supported versions, upgrade paths and the reboot
matrix of one snapshot ("as of rollup K" is an argument).

May import: the catalog.
"""
