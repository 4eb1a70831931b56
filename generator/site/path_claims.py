"""No two outputs of a snapshot claim one path.

Every page and file of a snapshot becomes one output file. Where two claim
the same one, the last would silently replace the other: a scenario with the
id ``index`` once replaced the list of scenarios. The validator refuses the
ids that would do that, at their line (:mod:`.layout`); this is the build's
own check, whatever the cause, made before anything is rendered or written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..catalog.diagnostics import RollupsError
from ..pages.links import LinkStyle, page_url


class PathClash(RollupsError):
    """Two outputs of one snapshot would be written to one path."""


@dataclass(frozen=True)
class Claim:
    """An output file of the snapshot and, in words, what makes it."""

    output: str
    """The site-relative file: ``scenarios/index.html``, ``api/v1/rollups.json``."""
    claimant: str
    """Such as "the page 'Upgrade procedures by scenario' (scenarios/index.md)"."""


def page_output(doc_path: str, style: LinkStyle) -> str:
    """The file the page ``doc_path`` becomes: ``scenarios/x.md`` -> ``scenarios/x/index.html``.

    With directory URLs, ``scenarios.md`` and ``scenarios/index.md`` both
    become ``scenarios/index.html``: the file, not the Markdown path, is what
    two pages can share.
    """
    url = page_url(doc_path, style)
    return f"{url}index.html" if url == "" or url.endswith("/") else url


def refuse_clashes(claims: Iterable[Claim]) -> None:
    """Raise :class:`PathClash` naming every path claimed twice, and both of its claimants."""
    first: dict[str, Claim] = {}
    clashes: list[str] = []
    for claim in claims:
        earlier = first.setdefault(claim.output, claim)
        if earlier is not claim:
            clashes.append(f"{claim.output} is claimed by {earlier.claimant} and by {claim.claimant}")
    if clashes:
        raise PathClash(
            "two outputs of the snapshot would be written to one file, one replacing the other: "
            + "; ".join(clashes)
        )
