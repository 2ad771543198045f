"""The track layer: an uploaded vessel track drawn by zone, with its crossings and gaps."""

from __future__ import annotations

import folium
import pandas as pd

from geo.names import zone_phrase
from geo.track import CROSSING_FIELDS, GAP_STROKE, ZONE_STROKE, TrackReport, iso_utc
from mapview.popups import escape_text

LAYER_TRACK = "Your track (this session)"
CLASS_TRACK_SEGMENT = "track-segment"
CLASS_TRACK_GAP = "track-gap"


def _where(zone: str, state: str | None) -> str:
    try:
        return zone_phrase(zone=zone, state=state)
    except (KeyError, ValueError):
        return f"{zone} {state or ''}".strip()


def build_track_group(*, report: TrackReport) -> folium.FeatureGroup:
    """Draw every vessel's track as lines coloured by zone; gaps dashed red.

    Parameters
    ----------
    report : geo.track.TrackReport
        The analysed track. Vessel ids come from the user's file: they reach the tooltips
        only escaped.

    Returns
    -------
    folium.FeatureGroup
        One line per run of the track in one (zone, state), one per gap.

    """
    group = folium.FeatureGroup(name=LAYER_TRACK, show=True, control=True)
    for vessel in report.vessels:
        name = "(no vessel id)" if vessel.vessel is None else vessel.vessel
        for zone, state, start, end, coords, gap in vessel.segments:
            what = "gap: no fixes" if gap else _where(zone, state)
            tooltip = (
                f"{escape_text(name)}: {escape_text(what)}<br>"
                f"{escape_text(iso_utc(start))} to {escape_text(iso_utc(end))}"
            )
            folium.PolyLine(  # type: ignore[no-untyped-call]  # folium leaves it untyped
                locations=[(lat, lon) for lon, lat in coords],
                color=GAP_STROKE if gap else ZONE_STROKE.get(zone, "#000000"),
                weight=3,
                dash_array="6 6" if gap else None,
                tooltip=folium.Tooltip(tooltip),
                class_name=CLASS_TRACK_GAP if gap else CLASS_TRACK_SEGMENT,
            ).add_to(group)
    return group


def crossings_table(*, report: TrackReport) -> pd.DataFrame:
    """Every crossing of every vessel, as plain text and numbers."""
    rows = [{"vessel": v.vessel, **c.to_dict()} for v in report.vessels for c in v.crossings]
    return pd.DataFrame(rows, columns=["vessel", *CROSSING_FIELDS])


def gaps_table(*, report: TrackReport) -> pd.DataFrame:
    """Every gap of every vessel."""
    rows = [{"vessel": v.vessel, **g.to_dict()} for v in report.vessels for g in v.gaps]
    return pd.DataFrame(rows, columns=["vessel", "start", "end", "seconds"])


def territorial_time_table(*, report: TrackReport) -> pd.DataFrame:
    """Seconds in each state's territorial waters, per vessel."""
    rows = [
        {"vessel": v.vessel, "state": state, "seconds": round(seconds, 1)}
        for v in report.vessels
        for state, seconds in sorted(v.seconds_in_territorial_waters.items())
    ]
    return pd.DataFrame(rows, columns=["vessel", "state", "seconds"])
