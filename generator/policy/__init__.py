"""Stage 2, the support policy: pure functions over a catalog, no I/O and no clock.

``lines`` says which releases reached a reader's scenario (a release line);
``snapshot`` computes N, the supported versions and what each rollup changed
on one line as of one rollup ("as of rollup K" is an argument), and groups
the scenarios by line; ``paths`` plans upgrades; ``matrix`` lays out the
reboot matrix. ``rules`` is what the later stages import.

May import: the catalog.
"""
