"""The build pipeline of ``data/geo/``: ``python -m geo.build`` (``make data``)."""

from geo.build.pipeline import build, main

__all__ = ["build", "main"]
