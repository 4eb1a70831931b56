"""``rollups import``: what a hand-written service-updates page states, and the commented catalog it implies.

May import: ``adoption.reading`` and the catalog.
"""
