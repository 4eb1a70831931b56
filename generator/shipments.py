"""What a rollup shipped, component by component, in words (for the feed and the calendar).

A component missing from the rollup's ``versions`` is not recorded and gets
no line; a component not shipped says so; per-scenario versions are listed
by scenario title.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import Catalog, Rollup, Shipment

NOT_SHIPPED = "not shipped"


@dataclass(frozen=True)
class ShipmentLine:
    """One component of a rollup: its name and its value, or one value per scenario."""

    component: str
    values: tuple[tuple[str | None, str], ...]
    """``(scenario title or None, version or "not shipped")``."""

    @property
    def text(self) -> str:
        """``9.21.5091.1``, or ``VMware to Azure: 3.4.0; Physical: not shipped``."""
        return "; ".join(value if label is None else f"{label}: {value}" for label, value in self.values)


def shipment_lines(catalog: Catalog, rollup: Rollup) -> list[ShipmentLine]:
    """The recorded components of ``rollup``, in the catalog's component order."""
    return [
        ShipmentLine(component.name, _values(catalog, rollup.versions[component.id]))
        for component in catalog.components
        if component.id in rollup.versions
    ]


def _values(catalog: Catalog, shipment: Shipment) -> tuple[tuple[str | None, str], ...]:
    if shipment.per_scenario:
        titles = {s.id: s.title for s in catalog.scenarios}
        return tuple(
            (titles.get(sid, sid), str(v) if v is not None else NOT_SHIPPED)
            for sid, v in shipment.per_scenario.items()
        )
    return ((None, str(shipment.version) if shipment.version is not None else NOT_SHIPPED),)
