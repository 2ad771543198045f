"""Timeline chart: strikes per week and deaths per week in two panels, with the milestones."""

from __future__ import annotations

import datetime as dt
from typing import Final

import altair as alt
import pandas as pd

_WEEK_FREQUENCY: Final = "W-MON"


def weekly_counts(*, strikes: pd.DataFrame) -> pd.DataFrame:
    """Count counted strikes and deaths per week (weeks starting Monday).

    Parameters
    ----------
    strikes : pandas.DataFrame
        Filtered strikes with ``date``, ``counted``, ``deaths`` and ``presumed_dead``.

    Returns
    -------
    pandas.DataFrame
        Long format: ``week`` (timestamp), ``measure`` ("Strikes" or "Deaths, incl. presumed")
        and ``value``.

    """
    counted = strikes[strikes["counted"].astype(bool)] if "counted" in strikes else strikes
    if counted.empty:
        return pd.DataFrame({"week": pd.to_datetime([]), "measure": [], "value": []})
    dates = pd.to_datetime(counted["date"])
    week = dates.dt.to_period(_WEEK_FREQUENCY).dt.start_time
    deaths = counted["deaths"].astype("Float64").fillna(0) + counted["presumed_dead"].astype(
        "Float64"
    ).fillna(0)
    per_week = pd.DataFrame({"week": week, "strikes": 1, "deaths": deaths.astype(float)})
    totals = per_week.groupby("week", as_index=False).sum()
    long = totals.melt(id_vars="week", var_name="measure", value_name="value")
    long["measure"] = long["measure"].map(
        {"strikes": "Strikes", "deaths": "Deaths, incl. presumed"}
    )
    return long


#: The two panels: measure, bar colour and y-axis title.
_PANELS: Final = (
    ("Strikes", "#d7301f", "Strikes per week"),
    ("Deaths, incl. presumed", "#525252", "Deaths per week (incl. presumed)"),
)
_PANEL_HEIGHT_PX: Final = 130


def _date_domain(
    counts: pd.DataFrame, *, date_from: dt.date | None, date_to: dt.date | None
) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The x range: the filter's dates (to the end of the last day), else the weeks drawn."""
    if date_from is not None and date_to is not None:
        return pd.Timestamp(date_from), pd.Timestamp(date_to) + pd.Timedelta(days=1)
    if counts.empty:
        return None
    return counts["week"].min(), counts["week"].max() + pd.Timedelta(days=7)


def timeline_chart(
    *,
    strikes: pd.DataFrame,
    context_events: pd.DataFrame,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> alt.VConcatChart:
    """Build the timeline: strikes per week and deaths per week as two separate panels.

    Each panel has its own y axis, so the two measures are never stacked or read on one
    scale; both share the x axis, clipped to the filter's dates, and carry the context
    milestones as dashed rules.

    Parameters
    ----------
    strikes : pandas.DataFrame
        Filtered strikes.
    context_events : pandas.DataFrame
        ``events.load.load_context_events()`` (``date``, ``title``, ``kind``).
    date_from, date_to : datetime.date, optional
        The filter's date range (both or neither); without it, the weeks drawn.

    Returns
    -------
    altair.VConcatChart
        Vega-Lite chart (Streamlit renders it with its bundled Vega: no CDN): the strikes
        panel above the deaths panel, each a layer of weekly bars and milestone rules.

    """
    counts = weekly_counts(strikes=strikes)
    counts["week_end"] = counts["week"] + pd.Timedelta(days=7)
    domain = _date_domain(counts, date_from=date_from, date_to=date_to)
    milestones = context_events[["date", "title", "kind"]].copy()
    milestones["date"] = pd.to_datetime(milestones["date"])
    scale = alt.Scale()
    if domain is not None:
        first, last = domain
        milestones = milestones[(milestones["date"] >= first) & (milestones["date"] <= last)]
        scale = alt.Scale(domain=[first.isoformat(), last.isoformat()])
    rules = (
        alt.Chart(milestones)
        .mark_rule(color="#ff7f00", strokeDash=[4, 3], strokeWidth=1.5, clip=True)
        .encode(
            x=alt.X("date:T", scale=scale),
            tooltip=[
                alt.Tooltip("date:T", title="Date"),
                alt.Tooltip("title:N", title="Milestone"),
                alt.Tooltip("kind:N", title="Kind"),
            ],
        )
    )
    panels = []
    for measure, color, title in _PANELS:
        bars = (
            alt.Chart(counts[counts["measure"] == measure])
            # Clipped: a week that starts before the filter's first day is cut at it.
            .mark_bar(color=color, clip=True, stroke="#ffffff", strokeWidth=0.5)
            .encode(
                x=alt.X("week:T", title="Week", scale=scale),
                x2="week_end:T",
                y=alt.Y("value:Q", title=title, axis=alt.Axis(tickMinStep=1)),
                # Bars from zero: with x and x2 both set, Vega-Lite would otherwise draw them
                # as horizontal ranges at the value.
                y2=alt.datum(0),
                tooltip=[
                    alt.Tooltip("week:T", title="Week of"),
                    alt.Tooltip("measure:N"),
                    alt.Tooltip("value:Q"),
                ],
            )
        )
        panels.append(alt.LayerChart(layer=[bars, rules], height=_PANEL_HEIGHT_PX))
    chart: alt.VConcatChart = alt.VConcatChart(vconcat=panels).resolve_scale(
        x="shared", y="independent"
    )
    return chart
