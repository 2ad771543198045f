"""Draw the README's map of the zones: ``make docs`` (writes docs/zones.png)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

from geo.constants import MODELLED_REGION
from geo.data import load_display_layers

OUT = Path(__file__).resolve().parent / "zones.png"
COLOURS = {
    ("internal_waters", True): "#1f4e99",
    ("territorial_sea", True): "#3b7dd8",
    ("contiguous_zone", True): "#8fb8ef",
    ("eez", True): "#dbe8fa",
    ("internal_waters", False): "#b5651d",
    ("territorial_sea", False): "#f0a35e",
    ("contiguous_zone", False): "#f6c89a",
    ("eez", False): "#fbe6d2",
    ("high_seas", False): "#ffffff",
}


def main() -> None:
    """Render the zones, lines and disputes to ``docs/zones.png``."""
    layers = load_display_layers()
    zones, land, lines = layers["zones"], layers["land"], layers["boundary_lines"]
    fig, ax = plt.subplots(figsize=(14, 7.4), dpi=110)
    for (zone, is_ven), colour in COLOURS.items():
        mask = (zones.zone == zone) & ((zones.state == "VEN") == is_ven)
        zones[mask].plot(ax=ax, color=colour, linewidth=0)
    land.plot(ax=ax, color="#d9d4c7", edgecolor="#8a8270", linewidth=0.3)
    for frame in (zones, land):
        frame[frame.disputed].plot(
            ax=ax, facecolor="none", edgecolor="#b0198a", hatch="////", linewidth=0.4
        )
    lines[lines.kind == "treaty"].plot(ax=ax, color="black", linewidth=1.2)
    lines[lines.kind == "median"].plot(ax=ax, color="#555555", linewidth=0.4, linestyle="--")
    ax.set_xlim(MODELLED_REGION[0], MODELLED_REGION[2])
    ax.set_ylim(MODELLED_REGION[1], MODELLED_REGION[3])
    ax.set_aspect(1 / 0.99)
    ax.set_title(
        "Maritime zones of the strike theatre as modelled: every state's 12-nm territorial sea, "
        "contiguous zone where claimed, EEZ by treaty line or equidistance",
        fontsize=10,
    )
    handles = [
        Patch(color=COLOURS[("internal_waters", True)], label="Venezuela: internal waters"),
        Patch(color=COLOURS[("territorial_sea", True)], label="Venezuela: territorial sea (12 nm)"),
        Patch(color=COLOURS[("contiguous_zone", True)], label="Venezuela: contiguous zone (24 nm)"),
        Patch(color=COLOURS[("eez", True)], label="Venezuela: EEZ"),
        Patch(color=COLOURS[("internal_waters", False)], label="Other states: internal waters"),
        Patch(color=COLOURS[("territorial_sea", False)], label="Other states: territorial sea"),
        Patch(color=COLOURS[("contiguous_zone", False)], label="Other states: contiguous zone"),
        Patch(color=COLOURS[("eez", False)], label="Other states: EEZ"),
        Patch(facecolor="none", edgecolor="#b0198a", hatch="////", label="Disputed"),
        Patch(color="black", label="Treaty line"),
        Patch(color="#555555", label="Median line (equidistance)"),
    ]
    ax.legend(handles=handles, loc="lower left", fontsize=7, framealpha=0.9)
    ax.text(
        MODELLED_REGION[2] - 0.2,
        MODELLED_REGION[1] + 0.2,
        "© OpenStreetMap contributors (ODbL); Natural Earth",
        ha="right",
        fontsize=7,
        color="#444444",
    )
    fig.tight_layout()
    fig.savefig(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
