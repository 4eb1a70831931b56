"""The address a site is served at (``--site-url``, ``site_url`` in ``mkdocs.yml``), checked before use.

MkDocs writes that address, unescaped, into every page (canonical links, the
404 page's links, the sitemap) and checks only that it starts with a scheme.
An address with a quote or an angle bracket would end an attribute and start
markup of its own on every page. So an address is taken only when it is an
absolute http(s) URL with a host, made of URL characters alone: no quotes,
spaces, angle brackets, backslashes or control characters, the rule of the
catalog's own links (:data:`.values.URL`). Anything else stops the command
before it writes a byte, with one line saying what was expected and what was
found.
"""

from __future__ import annotations

import re

from .diagnostics import RollupsError
from .values import URL, URL_CHARACTER

EXAMPLE = "https://example.org/updates/"
EXPECTED = (
    "expected an absolute http(s) URL with a host and no quotes, spaces, angle brackets or control "
    f"characters, such as {EXAMPLE}"
)
SHOWN = 80
"""The most characters of a refused address that a message repeats."""


class InvalidSiteUrl(RollupsError):
    """A site address that is not an absolute http(s) URL made of URL characters (a usage problem)."""


def checked_site_url(value: str, origin: str) -> str:
    """``value`` if it is a valid site address; else :class:`InvalidSiteUrl`, naming ``origin``."""
    if URL.fullmatch(value):
        return value
    raise InvalidSiteUrl(f"{origin}: {EXPECTED}, but found {_shown(value)} ({_problem(value)})")


def _problem(value: str) -> str:
    bad = next((char for char in value if not URL_CHARACTER.match(char)), None)
    if bad is not None:
        return f"{_character(bad)} at character {value.index(bad) + 1}"
    if not re.match(r"https?://", value, re.IGNORECASE):
        return "it does not start with http:// or https://"
    if not re.match(r"https?://", value):
        return "the scheme must be written in lower case"
    return "it names no host"


def _character(char: str) -> str:
    if char == " ":
        return "a space"
    if char == "'":
        return '"\'"'
    if char.isprintable():
        return f"'{char}'"
    return f"the control character U+{ord(char):04X}"


def _shown(value: str) -> str:
    """``value`` quoted on one line: characters that are not printable written as escapes."""
    text = "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in value
    )
    return f"'{text if len(text) <= SHOWN else text[: SHOWN - 3] + '...'}'"
