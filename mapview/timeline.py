"""Timeline chart: strikes and deaths per week, with the context milestones marked."""

from __future__ import annotations

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


def timeline_chart(*, strikes: pd.DataFrame, context_events: pd.DataFrame) -> alt.LayerChart:
    """Build the timeline: weekly bars for strikes and deaths, rules for milestones.

    Parameters
    ----------
    strikes : pandas.DataFrame
        Filtered strikes.
    context_events : pandas.DataFrame
        ``events.load.load_context_events()`` (``date``, ``title``, ``kind``).

    Returns
    -------
    altair.LayerChart
        Vega-Lite chart (Streamlit renders it with its bundled Vega: no CDN).

    """
    counts = weekly_counts(strikes=strikes)
    bars = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("week:T", title="Week"),
            xOffset=alt.XOffset("measure:N"),
            y=alt.Y("value:Q", title="Per week"),
            color=alt.Color(
                "measure:N",
                title=None,
                scale=alt.Scale(
                    domain=["Strikes", "Deaths, incl. presumed"], range=["#d7301f", "#525252"]
                ),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("week:T", title="Week of"),
                alt.Tooltip("measure:N"),
                alt.Tooltip("value:Q"),
            ],
        )
    )
    milestones = context_events[["date", "title", "kind"]].copy()
    milestones["date"] = pd.to_datetime(milestones["date"])
    if not counts.empty:
        first, last = counts["week"].min(), counts["week"].max() + pd.Timedelta(days=6)
        milestones = milestones[(milestones["date"] >= first) & (milestones["date"] <= last)]
    rules = (
        alt.Chart(milestones)
        .mark_rule(color="#ff7f00", strokeDash=[4, 3], strokeWidth=1.5)
        .encode(
            x="date:T",
            tooltip=[
                alt.Tooltip("date:T", title="Date"),
                alt.Tooltip("title:N", title="Milestone"),
                alt.Tooltip("kind:N", title="Kind"),
            ],
        )
    )
    return alt.LayerChart(layer=[bars, rules], height=260)
