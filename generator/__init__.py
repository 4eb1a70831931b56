"""Generate a versioned service-updates and support-policy site from one rollup catalog."""

from __future__ import annotations

__version__ = "0.1.0"
