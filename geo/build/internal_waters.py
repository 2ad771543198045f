"""Internal waters behind closing lines: Lake Maracaibo and Tablazo Bay.

Every land/water source treats the lake as sea. Legally it is internal waters, closed at its
mouth, where the bar channels run between the mainland, Isla de San Carlos and Isla Zapara.
``data/geo/closing_lines.csv`` gives that closing line: it crosses each channel at its narrowest
(measured on the OSM land polygons) and runs over the islands between. Venezuela's own 1968
straight baselines are not public in our sources, so this line is ours, not the decree's.
"""

from __future__ import annotations

import csv
from itertools import groupby
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from geo.geodesy import densify_lonlat


def read_water_body_points(path: Path) -> dict[str, Point]:
    """A point in each water body behind a closing line, by name (``water_body_points.csv``)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {r["name"]: Point(float(r["lon"]), float(r["lat"])) for r in csv.DictReader(handle)}


#: A closing line is a geodesic between its points, traced at this step so that the water it
#: closes off (and the baseline it becomes) follows the geodesic, not a lon/lat chord (which
#: strays 100 m from it across the 200-km mouth of the Gulf of Panama).
_CLOSING_STEP_M = 500.0


def read_closing_lines(path: Path) -> dict[str, LineString]:
    """Closing lines by name, in lon/lat, from ``closing_lines.csv``, traced along geodesics."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: (r["name"], int(r["order"])))
    return {
        name: LineString(
            densify_lonlat(
                np.array([(float(r["lon"]), float(r["lat"])) for r in group]),
                max_segment_m=_CLOSING_STEP_M,
            )
        )
        for name, group in groupby(rows, key=lambda r: r["name"])
    }


def water_behind(
    closing_line: LineString, *, land: BaseGeometry, inside_point: Point
) -> BaseGeometry:
    """The water body cut off by ``closing_line`` that contains ``inside_point``.

    Raises
    ------
    ValueError
        If the closing line does not seal the water body off from the open sea.

    """
    bounds = shapely.bounds(shapely.union(closing_line, inside_point))
    # Search the land near the lake only; the margin is a window, not a distance.
    window = shapely.box(bounds[0] - 1.0, bounds[1] - 1.0, bounds[2] + 1.0, bounds[3] + 1.0)
    water = shapely.difference(window, land)
    # An infinitesimal width turns the line into a cut; no distance is measured with it.
    cut = closing_line.buffer(1e-9, quad_segs=1)
    for body in shapely.get_parts(shapely.difference(water, cut)):
        if body.contains(inside_point):
            if body.touches(window.exterior) or body.intersects(window.exterior):
                raise ValueError("closing line does not seal the water body off from the sea")
            return shapely.make_valid(shapely.union(body, shapely.intersection(water, cut)))
    raise ValueError(f"{inside_point} is not in water")
