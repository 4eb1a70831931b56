"""Identifiers that never change across rebuilds: feed entry ids and calendar UIDs.

A feed reader or a calendar recognises an item by its id; a new id shows an
old rollup as new. The ids are name-based UUIDs (RFC 4122 version 5) of the
product name and what the item is about (``rollup/32``), under a namespace of
our own: the same input gives the same id on every machine, in every
snapshot, forever. A ``tag:`` URI would need a domain the product owns and
the date it owned it, which the catalog does not record.
"""

from __future__ import annotations

import uuid

from ..catalog.model import Product
from ..pages.markup import well_formed

NAMESPACE = uuid.UUID("aa1484f0-30ad-45b5-901b-4978218a698d")
"""Fixed once; changing it changes every published id."""


def stable_uuid(product: Product, *subject: str | int) -> uuid.UUID:
    """The UUID of ``subject`` (e.g. ``"rollup", 32``) of ``product``.

    A lone surrogate in the name (which UTF-8 cannot encode) counts as U+FFFD.
    """
    return uuid.uuid5(NAMESPACE, well_formed("/".join([product.name, *(str(part) for part in subject)])))
