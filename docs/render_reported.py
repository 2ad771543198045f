"""Draw the README's map of one reported area: ``python -m docs.render_reported``.

Writes ``docs/reported_area.png``: S018's "near Puerto López, La Guajira" over the zones.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import geopandas as gpd
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

from docs.render_zones import COLOURS
from geo.area_check import check_reported
from geo.constants import WGS84
from geo.data import load_display_layers

OUT = Path(__file__).resolve().parent / "reported_area.png"
SENTENCE = "near Puerto López, La Guajira"


def main() -> None:
    """Render the area of :data:`SENTENCE` over the zones to ``docs/reported_area.png``."""
    result = check_reported(SENTENCE)
    layers = load_display_layers()
    zones, land, lines = layers["zones"], layers["land"], layers["boundary_lines"]
    fig, ax = plt.subplots(figsize=(8, 6.5), dpi=110)
    for (zone, is_ven), colour in COLOURS.items():
        mask = (zones.zone == zone) & ((zones.state == "VEN") == is_ven)
        zones[mask].plot(ax=ax, color=colour, linewidth=0)
    land.plot(ax=ax, color="#d9d4c7", edgecolor="#8a8270", linewidth=0.3)
    lines[lines.kind == "median"].plot(ax=ax, color="#555555", linewidth=0.6, linestyle="--")
    area = gpd.GeoSeries([result.area.geometry], crs=WGS84)
    area.plot(ax=ax, facecolor="#d62728", alpha=0.25, edgecolor="#d62728", linewidth=1.2)
    place = result.position.place
    ax.plot(place.lon, place.lat, marker="*", color="black", markersize=10)
    ax.annotate(
        place.name, (place.lon, place.lat), xytext=(6, -12), textcoords="offset points", fontsize=8
    )
    xmin, ymin, xmax, ymax = result.area.geometry.bounds
    ax.set_xlim(xmin - 0.4, xmax + 0.4)
    ax.set_ylim(ymin - 0.3, ymax + 0.3)
    ax.set_aspect(1 / 0.98)
    verdicts = result.verdicts
    ax.set_title(
        f'"{SENTENCE}": 0 to 20 nm, minus land\nVenezuela: {verdicts.verdict}; any state: '
        f"{verdicts.any_state_verdict} ({', '.join(verdicts.states_touched)})",
        fontsize=9,
    )
    handles = [
        Patch(facecolor="#d62728", alpha=0.4, label="area of the reported position"),
        Patch(color=COLOURS[("territorial_sea", True)], label="Venezuela: territorial sea"),
        Patch(color=COLOURS[("contiguous_zone", True)], label="Venezuela: contiguous zone"),
        Patch(color=COLOURS[("territorial_sea", False)], label="Colombia: territorial sea"),
        Patch(color=COLOURS[("eez", False)], label="Colombia: EEZ"),
    ]
    ax.legend(handles=handles, loc="lower left", fontsize=7, framealpha=0.9)
    ax.text(
        0.99,
        0.01,
        "© OpenStreetMap contributors (ODbL); GeoNames (CC BY 4.0)",
        transform=ax.transAxes,
        ha="right",
        fontsize=6,
        color="#444444",
    )
    fig.tight_layout()
    fig.savefig(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
