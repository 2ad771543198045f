"""The one coordinate reference system of every file and frame: WGS 84 longitude/latitude."""

from typing import Final

WGS84: Final = "EPSG:4326"
