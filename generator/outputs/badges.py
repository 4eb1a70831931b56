"""Status badges: ``badges/<version>.svg`` ("9.19 | supported", "9.14 | out of support").

One per version the site documents (:func:`~.policy.upgrade_versions`), for a
README or a status page to embed. Rendered from ``templates/badge.svg``:
a ``<title>``, ``role="img"`` and an ``aria-label`` carry the whole text;
no web font, system fonts only. Text widths are estimated from Verdana's
advance widths at 11px, and ``textLength`` fits the text to its box whatever
font the viewer substitutes. White text on both colours has a contrast
ratio above 4.5:1.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog.model import AgentVersion
from ..pages.templating import render_template
from ..policy.rules import Snapshot, upgrade_versions

LABEL_COLOR = "#555555"
SUPPORTED_COLOR = "#2e7d32"
OUT_OF_SUPPORT_COLOR = "#b71c1c"
PADDING = 6
"""Space left and right of each text, in pixels."""

_VERDANA_11PX = {
    **dict.fromkeys("0123456789", 7.0),
    " ": 3.9, ".": 4.0, ":": 4.3, "-": 4.6, "(": 4.9, ")": 4.9,
    "a": 6.7, "b": 6.9, "c": 5.9, "d": 6.9, "e": 6.6, "f": 3.9, "g": 6.9, "h": 7.0, "i": 3.0,
    "j": 3.8, "k": 6.5, "l": 3.0, "m": 10.7, "n": 7.0, "o": 6.6, "p": 6.9, "q": 6.9, "r": 4.7,
    "s": 5.7, "t": 4.3, "u": 7.0, "v": 6.5, "w": 9.0, "x": 6.5, "y": 6.5, "z": 5.8,
}  # fmt: skip
_DEFAULT_WIDTH = 7.5
"""Any other character (capitals are about this wide)."""


@dataclass(frozen=True)
class Badge:
    """A badge's text and geometry, in pixels (the template only places them)."""

    label: str
    message: str
    message_color: str
    label_color: str = LABEL_COLOR

    @property
    def title(self) -> str:
        return f"{self.label}: {self.message}"

    @property
    def label_text(self) -> str:
        return _number(text_width(self.label))

    @property
    def message_text(self) -> str:
        return _number(text_width(self.message))

    @property
    def label_box(self) -> int:
        return _box(self.label)

    @property
    def message_box(self) -> int:
        return _box(self.message)

    @property
    def width(self) -> int:
        return self.label_box + self.message_box

    @property
    def label_x(self) -> str:
        return _number(self.label_box / 2)

    @property
    def message_x(self) -> str:
        return _number(self.label_box + self.message_box / 2)


def text_width(text: str) -> float:
    """The estimated width of ``text`` in Verdana at 11px."""
    return sum(_VERDANA_11PX.get(char, _DEFAULT_WIDTH) for char in text)


def _box(text: str) -> int:
    return round(text_width(text)) + 2 * PADDING


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def status_badge(snap: Snapshot, version: AgentVersion) -> Badge:
    """``9.19: supported`` or ``9.14: out of support``, as of ``snap``."""
    if snap.is_supported(version):
        return Badge(str(version), "supported", SUPPORTED_COLOR)
    return Badge(str(version), "out of support", OUT_OF_SUPPORT_COLOR)


def badge_svg(badge: Badge) -> bytes:
    """The SVG document of ``badge``."""
    return render_template("badge.svg", badge=badge).encode("utf-8")


def badge_path(version: AgentVersion) -> str:
    """``badges/9.19.svg``."""
    return f"badges/{version}.svg"


def badge_files(snap: Snapshot) -> dict[str, bytes]:
    """Site-relative path -> SVG of the badge of every documented version."""
    return {badge_path(v): badge_svg(status_badge(snap, v)) for v in upgrade_versions(snap)}
