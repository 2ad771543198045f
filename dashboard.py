"""The dashboard: U.S. boat strikes of 2025-26 off Venezuela and Venezuela's maritime zones.

A thin Streamlit page. Data come from ``geo`` (zones, point check) and ``events`` (strike
record); the map layers are built by ``mapview``. Run with ``make run``.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
import secrets
from dataclasses import dataclass
from typing import Any, cast

import folium
import geopandas as gpd
import pandas as pd
import pyarrow as pa
import streamlit as st

from common.datafiles import DataFileError
from common.messages import MAX_MESSAGE_CHARS, shorten
from events import filters as event_filters
from events import io_export, summary
from events.filter_params import sanitise_filter_params
from events.io_import import ImportRefusedError, ImportReport, import_file
from events.land import load_land_events
from events.load import (
    load_context_events,
    load_possible_zones,
    load_reporting_areas,
    load_strikes,
)
from events.reconcile import reconcile, record_last_date
from events.schema import (
    LOCATION_PRECISIONS,
    REGIONS,
    STATUSES,
    LocationPrecision,
    RecordValidationError,
    Region,
    Status,
)
from events.verdicts import add_verdicts
from events.version import load_data_version
from geo.coords import MAX_POSITION_CHARS, CoordinateError, parse_position, wrap_longitude
from geo.data import load_display_layers
from geo.reported import looks_reported
from geo.track import MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS, TrackInputError, analyse_upload
from map_frame import (
    FixedFrame,
    GroupSignature,
    draw_map_frame,
    fixed_frame,
    groups_script,
    signature,
)
from mapview import style
from mapview.answer import PointAnswer, point_answer
from mapview.assets import missing_assets
from mapview.basemap import Bounds, View, opening_bounds
from mapview.export_html import standalone_map_html
from mapview.fetched_positions import FetchedPositions, position_layer_json
from mapview.layer_files import publish_layer_files, publish_session_layer
from mapview.map_tools import ViewRequest, named_group
from mapview.plain_text import markdown_literal
from mapview.pointcheck import build_point_check_group, run_point_check, run_reported_check
from mapview.state_verdicts import add_state_verdicts
from mapview.static_layers import COARSE_DECIMALS, coarse_display_layers, prepare_static_layers
from mapview.strikes import (
    build_position_group,
    build_strike_groups,
    count_drawn_strikes,
    fit_geometries,
    is_region_only,
)
from mapview.table import strike_table
from mapview.timeline import timeline_chart
from mapview.track import (
    build_track_group,
    crossings_table,
    gaps_table,
    territorial_time_table,
)
from mapview.view_link import LinkState, check_param, read_link

st.set_page_config(
    page_title="U.S. boat strikes off Venezuela: map and maritime zones",
    page_icon="🗺️",
    layout="wide",
)

_LOG = logging.getLogger(__name__)
MAP_KEY = "strike_map"
POINT_CHECK_STATE = "point_check"
#: The opening view, fitted to the strikes selected when the session opened the page: it stays
#: fixed for the session, since a different map script would reload the map iframe.
OPENING_BOUNDS_STATE = "opening_bounds"
POSITION_ERROR_STATE = "position_error"
#: Rejected rows listed under an upload; a 60,000-row table would take minutes to draw.
MAX_LISTED_REJECTIONS = 200
REBUILD_HINT = "Rebuild the data with `make data` (or restore the file from git), then reload."


def _literal_message(error: object) -> str:
    return markdown_literal(shorten(str(error), max_chars=MAX_MESSAGE_CHARS))


@dataclass(frozen=True)
class _Data:
    strikes: gpd.GeoDataFrame
    reporting_areas: gpd.GeoDataFrame
    context_events: pd.DataFrame
    possible_zones: gpd.GeoDataFrame
    layer_urls: dict[str, str]
    fine_layer_urls: dict[str, str]
    land_events: gpd.GeoDataFrame
    reconciliation: list[dict[str, Any]]
    data_version: str
    latest_published: str


@st.cache_resource(show_spinner="Loading zones and the strike record…")
def _load_data() -> _Data:
    # Once per process: geometry, verdicts and the display GeoJSON are read-only afterwards.
    display_layers = load_display_layers()
    strikes = add_state_verdicts(add_verdicts(load_strikes()))
    # Resolved against the simplified display zones: the full-resolution ones would add
    # about 0.8 MB to every page for no visible difference.
    display_zones = pd.concat([display_layers["land"], display_layers["zones"]], ignore_index=True)
    possible_zones = load_possible_zones(zones=display_zones)
    land_events = load_land_events(zones=display_zones)
    # Every visitor gets the coarse land, zones and lines; the map fetches the finer copies
    # (the display files as they are) only when zoomed in, which keeps a new visitor's page
    # under 1.5 MB now that the zones cover the whole theatre.
    coarse_layers = prepare_static_layers(
        display_layers=coarse_display_layers(display_layers),
        possible_zones=possible_zones,
        land_events=land_events,
        decimals=COARSE_DECIMALS,
    )
    fine_layers = prepare_static_layers(display_layers=display_layers, possible_zones=None)
    reconciliation = reconcile(strikes=strikes)
    data = _Data(
        land_events=land_events,
        reconciliation=reconciliation,
        latest_published=_latest_published_text(
            reconciliation=reconciliation, last_strike=record_last_date(strikes)
        ),
        data_version=load_data_version().data_version,
        strikes=strikes,
        reporting_areas=load_reporting_areas(),
        context_events=load_context_events(),
        possible_zones=possible_zones,
        layer_urls=publish_layer_files(static_layers=coarse_layers),
        fine_layer_urls=publish_layer_files(
            static_layers={
                name: text
                for name, text in fine_layers.items()
                if coarse_layers.get(name) not in (None, text)
            }
        ),
    )
    # Streamlit runs a full garbage collection after every run of every session: with the
    # zones, indexes and record in memory that took about 70 ms, most of a rerun, under the GIL.
    # Frozen, these long-lived objects are skipped by the collector (bench_dashboard measures it).
    gc.collect()
    gc.freeze()
    return data


# Results that depend only on which strikes are selected (and the filter's dates) are computed
# once per server for all sessions: twenty readers of one shared link pay for one chart.
def _ids(selection: pd.DataFrame) -> tuple[str, ...]:
    return tuple(str(strike_id) for strike_id in selection["id"])


@st.cache_resource(max_entries=64, show_spinner=False)
def _selected(ids: tuple[str, ...]) -> gpd.GeoDataFrame:
    # Shared by every session, like the record it is cut from: read only.
    strikes = _load_data().strikes
    return strikes[strikes["id"].isin(ids)]


@st.cache_resource(max_entries=256, show_spinner=False)
def _filtered(criteria: event_filters.StrikeFilter) -> gpd.GeoDataFrame:
    # The filter's own result (with its date-window column), shared and read only.
    return criteria.apply(_load_data().strikes)


@st.cache_data(max_entries=64, show_spinner=False)
def _totals(criteria: event_filters.StrikeFilter) -> dict[str, Any]:
    return summary.summarise(
        _filtered(criteria), date_from=criteria.date_from, date_to=criteria.date_to
    )


@st.cache_data(max_entries=64, show_spinner=False)
def _timeline_spec(
    ids: tuple[str, ...], date_from: dt.date | None, date_to: dt.date | None
) -> dict[str, Any]:
    chart = timeline_chart(
        strikes=_selected(ids),
        context_events=_load_data().context_events,
        date_from=date_from,
        date_to=date_to,
    )
    spec: dict[str, Any] = chart.to_dict()
    # As Arrow bytes, the form st.vega_lite_chart sends: converted once, not on every run.
    spec["datasets"] = {
        name: _arrow_bytes(pd.DataFrame(values))
        for name, values in spec.get("datasets", {}).items()
    }
    return spec


def _arrow(frame: pd.DataFrame) -> pa.Table:
    # st.dataframe sends a pyarrow table as it is: converted once here, not on every run.
    return pa.Table.from_pandas(frame, preserve_index=False)


def _arrow_bytes(frame: pd.DataFrame) -> bytes:
    table = _arrow(frame)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


@st.cache_resource(max_entries=64, show_spinner=False)
def _strike_table(ids: tuple[str, ...]) -> pa.Table:
    return _arrow(strike_table(strikes=_selected(ids)))


def _data_or_stop() -> _Data:
    try:
        return _load_data()
    except (DataFileError, RecordValidationError, OSError, LookupError) as error:
        # A missing or corrupt data file: say which, what is wrong and how to rebuild it.
        st.error(
            f"**The map data could not be loaded.**\n\n{type(error).__name__}: "
            f"{_literal_message(error)}\n\n{REBUILD_HINT}"
        )
    except Exception as error:  # Anything else still reaches the user as a message.
        _LOG.exception("loading the dashboard data failed")
        st.error(
            f"**The map data could not be loaded** (unexpected error; details in the server "
            f"log).\n\n{type(error).__name__}: {_literal_message(error)}\n\n{REBUILD_HINT}"
        )
    st.stop()
    raise AssertionError("unreachable: st.stop() ends the run")


#: The filter's keys in the page address, with the values each multiple choice may take.
_CHOICE_VOCABULARIES = {"region": REGIONS, "precision": LOCATION_PRECISIONS, "status": STATUSES}
_CHOICE_LABELS = {"region": "Region", "precision": "Position precision", "status": "Status"}
#: What was changed in the link's filter, shown until the reader changes the filter.
URL_NOTICES_STATE = "url_filter_notices"
#: The link is checked once per session, on its first run.
URL_CHECKED_STATE = "url_filter_checked"


def _forget_url_notices() -> None:
    st.session_state.pop(URL_NOTICES_STATE, None)


def _fix_link_filter(*, first_day: dt.date, last_day: dt.date) -> None:
    """Clamp, swap or drop what the page's link asks for, once per session, and say so.

    Runs before the widgets are bound to the address: a bound widget silently resets a value
    it cannot take (out of range) and takes a reversed range as it is. The fixed values are
    written into the address while it is still unbound, and a second run binds the widgets
    to them, so the page, its totals and the address agree.
    """
    if st.session_state.get(URL_CHECKED_STATE):
        return
    st.session_state[URL_CHECKED_STATE] = True
    keys = ("dates", *_CHOICE_VOCABULARIES)
    requested = {key: st.query_params.get_all(key) for key in keys if key in st.query_params}
    if not requested:
        return
    link = sanitise_filter_params(
        requested, first_day=first_day, last_day=last_day, vocabularies=_CHOICE_VOCABULARIES
    )
    if not link.notices:
        return
    st.session_state[URL_NOTICES_STATE] = list(link.notices)
    fixed: dict[str, list[str]] = {key: list(values) for key, values in link.choices.items()}
    if link.dates is not None:
        fixed["dates"] = [day.isoformat() for day in link.dates]
    for key in requested:
        if key in fixed:
            st.query_params[key] = fixed[key]
        else:
            # Dropped: the widget shows its default (the whole record, every value).
            del st.query_params[key]
    st.rerun()


def _filter_widgets(strikes: gpd.GeoDataFrame) -> event_filters.StrikeFilter:
    first_day = pd.Timestamp(strikes["date"].min()).date()
    last_day = pd.Timestamp(strikes["date"].max()).date()
    _fix_link_filter(first_day=first_day, last_day=last_day)
    st.sidebar.header("Filter")
    date_from, date_to = st.sidebar.slider(
        "Dates",
        min_value=first_day,
        max_value=last_day,
        value=(first_day, last_day),
        step=dt.timedelta(days=1),
        format="YYYY-MM-DD",
        key="dates",
        bind="query-params",
        on_change=_forget_url_notices,
    )
    chosen = {
        key: st.sidebar.multiselect(
            label,
            options=list(_CHOICE_VOCABULARIES[key]),
            default=list(_CHOICE_VOCABULARIES[key]),
            key=key,
            bind="query-params",
            on_change=_forget_url_notices,
        )
        for key, label in _CHOICE_LABELS.items()
    }
    st.sidebar.caption("The filter is kept in the page address: copy it to share this view.")
    for notice in st.session_state.get(URL_NOTICES_STATE, []):
        # The notice quotes the link's own text: never let it render as Markdown.
        st.warning(markdown_literal(notice), icon=":material/link:")
    return event_filters.StrikeFilter(
        date_from=date_from,
        date_to=date_to,
        # The widgets offer only the vocabularies' values.
        regions=cast("tuple[Region, ...]", tuple(chosen["region"])),
        precisions=cast("tuple[LocationPrecision, ...]", tuple(chosen["precision"])),
        statuses=cast("tuple[Status, ...]", tuple(chosen["status"])),
    )


def _latest_published_text(
    *, reconciliation: list[dict[str, Any]], last_strike: dt.date | None
) -> str:
    latest = reconciliation[-1]
    stated = ", ".join(f"{item['figure']} {item['stated']}" for item in latest["comparisons"])
    return (
        f"The record's last strike: {last_strike:%d %b %Y}. Latest published total: {stated} "
        f"({latest['publisher']}, {latest['date']}, {latest['reliability']}; wording: "
        f"{latest['as_stated']}). The record has {latest['record']['strikes']} strikes and "
        f"{latest['record']['dead_total']} dead to that date: see 'Published totals against "
        "the record' below."
    )


def _headline(
    totals: dict[str, Any],
    criteria: event_filters.StrikeFilter,
    data: _Data | None = None,
) -> None:
    """What the figures mean, and the latest published total (below the map)."""
    excluded = totals.get("excluded_unconfirmed", 0)
    note = f" {excluded} unconfirmed claim(s) in the selection are not counted." if excluded else ""
    lacking = totals["strikes_lacking_casualties"]
    st.caption(
        f"{criteria.date_from:%d %b %Y} – {criteria.date_to:%d %b %Y}. "
        f"Killed = deaths as announced; presumed dead = survivors never found, counted "
        f"apart.{note} {lacking} strike(s) in the selection lack casualty figures (no source "
        f"states them: left empty, never counted as zero). {summary.DATE_COUNTING_RULE}"
    )
    if data is not None:
        # Plain text: publisher names and wording come from the data file.
        st.text(data.latest_published)


def _headline_figures(totals: dict[str, Any]) -> None:
    """The selection's figures, one metric each: the only part of the headline above the map."""
    columns = st.columns(5)
    figures = [
        ("Strikes", totals["strikes"]),
        ("Vessels", totals["vessels"]),
        ("Killed", totals["killed"]),
        ("Presumed dead", totals["presumed_dead"]),
        ("Survivors", totals["survivors"]),
    ]
    for column, (label, value) in zip(columns, figures, strict=True):
        column.metric(label, f"{value:,}")


def _on_map_change(returned: dict[str, Any]) -> None:
    # Runs before the rerun, so the point-check layer is drawn in the same rerun as the click.
    st.session_state[MAP_KEY] = returned
    clicked = returned.get("last_clicked")
    if not clicked:
        return
    radius_nm = st.session_state.get("radius_nm") or None
    st.session_state.pop(POSITION_ERROR_STATE, None)
    try:
        # Past the antimeridian Leaflet reports the next copy of the world (lng 425 = 65).
        lat, lon = float(clicked["lat"]), wrap_longitude(float(clicked["lng"]))
        st.session_state[POINT_CHECK_STATE] = run_point_check(
            lat=lat, lon=lon, radius_nm=radius_nm, origin="click"
        )
    except (CoordinateError, TypeError, ValueError, KeyError) as error:
        st.session_state.pop(POINT_CHECK_STATE, None)
        st.session_state[POSITION_ERROR_STATE] = str(error)


def _on_position_submitted() -> None:
    # A callback, so the typed point is on the map in the same rerun as the answer.
    st.session_state.pop(POSITION_ERROR_STATE, None)
    text = st.session_state.get("position_text", "")
    try:
        lat, lon = parse_position(text)
    except CoordinateError as error:
        _check_reported_sentence(text, coordinate_error=error)
        return
    st.session_state[POINT_CHECK_STATE] = run_point_check(
        lat=lat, lon=lon, radius_nm=st.session_state.get("radius_nm") or None, origin="typed"
    )


def _check_reported_sentence(text: str, *, coordinate_error: CoordinateError) -> None:
    """A typed sentence such as "126 nm off Golfito": its area replaces the point check."""
    st.session_state.pop(POINT_CHECK_STATE, None)
    if not looks_reported(text):
        st.session_state[POSITION_ERROR_STATE] = str(coordinate_error)
        return
    try:
        st.session_state[POINT_CHECK_STATE] = run_reported_check(text=text, origin="reported")
    except (CoordinateError, ValueError) as error:
        st.session_state[POSITION_ERROR_STATE] = str(error)


def _point_check_box(*, version: str) -> None:
    st.subheader("Point check")
    with st.form("point_check_form", border=False):
        st.text_input(
            "Position",
            placeholder="11.05 N, 64.20 W  ·  11°03'N 64°12'W  ·  48 nm NE of La Blanquilla",
            key="position_text",
            # The browser refuses longer text; parse_position refuses it again on the server.
            max_chars=MAX_POSITION_CHARS,
        )
        st.number_input(
            "Uncertainty radius (nm, optional)",
            min_value=0.0,
            max_value=500.0,
            value=0.0,
            step=1.0,
            key="radius_nm",
        )
        st.form_submit_button("Check position", on_click=_on_position_submitted)
    st.caption(
        "Or click the map: the point and the nearest baseline point are marked. A click on a "
        "strike marker opens its popup instead; reporting areas never take a click (their "
        "count label opens their strikes)."
    )
    error = st.session_state.get(POSITION_ERROR_STATE)
    if error:
        # The message quotes what was typed: never let it render as Markdown.
        st.error(_literal_message(error))
    result = st.session_state.get(POINT_CHECK_STATE)
    if result is not None and result.check.get("position_kind") == "reported":
        # Plain text: the sentence names places from the gazetteer and words the user typed.
        answer = point_answer(check=result.check, origin=result.origin, summary=result.verdict_text)
        _point_answer(answer, version=version)
    elif result is not None:
        _point_answer(point_answer(check=result.check, origin=result.origin), version=version)


#: One colour per answer, so a screenshot of the box cannot be misread.
_ANSWER_BOXES = {
    "yes": (st.info, ":material/radio_button_checked:"),
    "no": (st.success, ":material/radio_button_unchecked:"),
    "cant_tell": (st.warning, ":material/help:"),
}


def _point_answer(answer: PointAnswer, *, version: str) -> None:
    box, icon = _ANSWER_BOXES[answer.outcome]
    box(markdown_literal(answer.headline), icon=icon)
    # Plain text throughout: zone notes and state names come from data files.
    for caveat in answer.caveats:
        st.text(f"⚠ {caveat}")
    st.text("\n".join(answer.facts))
    with st.expander("Copy the answer with its citation", icon=":material/content_copy:"):
        # st.code shows text as it is and has a copy button (top right of the box).
        st.code(
            answer.citation_text(data_version=version, checked_on=dt.datetime.now(dt.UTC).date()),
            language=None,
            wrap_lines=True,
        )


@dataclass(frozen=True)
class _Upload:
    """An imported file: its report, the accepted rows with verdicts, and its digest."""

    report: ImportReport
    accepted: gpd.GeoDataFrame | None
    digest: str


@st.cache_resource(max_entries=8, show_spinner="Reading the file and checking its positions…")
def _imported(data: bytes, filename: str) -> _Upload:
    # Once per file, not on every rerun: 5,000 rows with uncertainty areas take seconds to
    # check and draw. Keyed by the bytes, so two sessions share only what both uploaded; read
    # only.
    report = import_file(path_or_bytes=data, filename=filename)
    accepted = None if report.accepted.empty else add_verdicts(report.accepted)
    return _Upload(report=report, accepted=accepted, digest=hashlib.sha256(data).hexdigest())


def _upload_box() -> _Upload | None:
    st.sidebar.header("Add your data")
    upload = st.sidebar.file_uploader(
        "CSV, GeoJSON or ACLED export",
        type=["csv", "geojson", "json"],
        key="upload",
        help="Accepted rows join the map for this session only; rejected rows are listed.",
    )
    if upload is None:
        return None
    try:
        imported = _imported(upload.getvalue(), upload.name)
    except ImportRefusedError as error:
        # File names and column names come from the user: shown literally, never as Markdown.
        st.sidebar.error(_literal_message(error))
        return None
    report = imported.report
    st.sidebar.info(
        f"{markdown_literal(report.filename)}: {report.rows_read} row(s) read, "
        f"{report.rows_accepted} accepted, {report.rows_rejected} rejected."
    )
    if report.rejections:
        st.sidebar.markdown("**Rejected rows**")
        listed = report.rejections[:MAX_LISTED_REJECTIONS]
        # st.dataframe shows every cell as text: a Markdown link or image in a value stays
        # literal and the browser fetches nothing.
        st.sidebar.dataframe(
            pd.DataFrame(
                [
                    {
                        "line": problem.line,
                        "field": problem.field,
                        "value": problem.value,
                        "reason": problem.expected,
                    }
                    for problem in listed
                ]
            ),
            hide_index=True,
            key="upload_rejections",
        )
        unlisted = len(report.rejections) - len(listed)
        if unlisted:
            st.sidebar.caption(
                f"… and {unlisted:,} more problem(s) not listed (the first "
                f"{MAX_LISTED_REJECTIONS} are shown). `python -m events validate FILE` lists "
                "them all."
            )
    for note in report.notes:
        # Notes quote the file's own column names: plain text.
        st.sidebar.text(note)
    if imported.accepted is None:
        return None
    st.sidebar.markdown("**Your rows on the map**")
    st.sidebar.dataframe(
        strike_table(strikes=imported.accepted)[["id", "date", "location_text", "verdict"]],
        hide_index=True,
        key="upload_accepted",
    )
    return imported


# ---------------------------------------------------------------- vessel track upload (issue 14)
# Everything for the track upload lives in this block: the sidebar box stores the analysed
# track in the session, and the map adds its layer. All text from the file is shown as plain
# text (st.text, st.dataframe); map tooltips are escaped by mapview.track.

TRACK_STATE = "track_report"


@st.cache_data(max_entries=4, show_spinner="Reading the track…")
def _analyse_track(data: bytes, filename: str, vessel_col: str, max_gap_s: float) -> Any:
    return analyse_upload(
        data=data, filename=filename, vessel_col=vessel_col or None, max_gap_s=max_gap_s
    )


def _track_upload_box() -> None:
    st.sidebar.header("Vessel track")
    upload = st.sidebar.file_uploader(
        "Track file: CSV or GeoParquet with time, lat, lon",
        type=["csv", "parquet"],
        key="track_upload",
        help=f"At most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB and {MAX_UPLOAD_ROWS:,} rows; "
        "for larger files use python -m geo.track.",
    )
    vessel_col = st.sidebar.text_input("Vessel id column (optional)", key="track_vessel_col")
    max_gap_s = st.sidebar.number_input(
        "Gap: fixes more than this many seconds apart",
        min_value=1.0,
        value=3600.0,
        step=60.0,
        key="track_max_gap_s",
    )
    st.session_state.pop(TRACK_STATE, None)
    if upload is None:
        return
    try:
        report = _analyse_track(upload.getvalue(), upload.name, vessel_col.strip(), max_gap_s)
    except (TrackInputError, DataFileError) as error:
        st.sidebar.error("The track could not be read:")
        st.sidebar.text(str(error))
        return
    st.session_state[TRACK_STATE] = report
    fixes = sum(vessel.fixes for vessel in report.vessels)
    st.sidebar.text(
        f"{report.rows_read} row(s) read, {fixes} fix(es) used, {len(report.errors)} with "
        f"errors, {len(report.vessels)} vessel(s)."
    )
    if report.errors:
        st.sidebar.dataframe(
            pd.DataFrame(report.errors, columns=["where", "error"]), hide_index=True
        )
    st.sidebar.caption("Crossings (time interpolated along the geodesic between fixes)")
    st.sidebar.dataframe(crossings_table(report=report), hide_index=True, key="track_crossings")
    st.sidebar.caption("Gaps (not interpolated across)")
    st.sidebar.dataframe(gaps_table(report=report), hide_index=True, key="track_gaps")
    st.sidebar.caption("Seconds in territorial waters")
    st.sidebar.dataframe(territorial_time_table(report=report), hide_index=True)


def _track_groups() -> list[folium.FeatureGroup]:
    report = st.session_state.get(TRACK_STATE)
    return [] if report is None else [build_track_group(report=report)]


# ---------------------------------------------------------------- end of vessel track upload


# ---------------------------------------------------------------- the map frame
# Rendered once and shared by every session (map_frame explains why): the fixed map per
# opening view and layer list, the strike layers per selection.


@st.cache_resource(max_entries=32, show_spinner=False)
def _fixed_frame(
    bounds: Bounds,
    view: View | None,
    hidden_layers: tuple[str, ...],
    groups: tuple[GroupSignature, ...],
) -> FixedFrame:
    data = _load_data()
    return fixed_frame(
        layer_urls=data.layer_urls,
        fine_layer_urls=data.fine_layer_urls,
        bounds=bounds,
        view=view,
        hidden_layers=hidden_layers,
        groups=groups,
        map_key=MAP_KEY,
    )


def _strike_groups(selection: gpd.GeoDataFrame) -> list[folium.FeatureGroup]:
    return build_strike_groups(strikes=selection, reporting_areas=_load_data().reporting_areas)


@st.cache_resource(max_entries=64, show_spinner=False)
def _strike_layers(ids: tuple[str, ...]) -> tuple[str, tuple[GroupSignature, ...]]:
    """The selection's strike markers and reporting areas: script and layer-control entries."""
    groups = _strike_groups(_selected(ids))
    return groups_script(groups), tuple(signature(group) for group in groups)


def _map_frame(
    *,
    ids: tuple[str, ...],
    upload: _Upload | None,
    own_groups: list[folium.FeatureGroup],
    link: LinkState,
    session_key: str,
) -> None:
    shared_js, signatures = _strike_layers(ids)
    if upload is not None and upload.accepted is not None:
        upload_js, upload_signatures = _upload_layer(
            upload.digest, len(signatures), upload.accepted
        )
        shared_js += upload_js
        signatures += upload_signatures
    fixed = _fixed_frame(
        st.session_state[OPENING_BOUNDS_STATE],
        link.view,
        tuple(link.hidden_layers),
        signatures + tuple(signature(group) for group in own_groups),
    )
    draw_map_frame(
        fixed=fixed,
        session_key=session_key,
        groups_js=shared_js + groups_script(own_groups, first_index=len(signatures)),
        map_key=MAP_KEY,
        height_px=style.MAP_HEIGHT_PX,
        on_change=_on_map_change,
    )


# ---------------------------------------------------------------- the map (issue 13, part B)
# The base map is fixed for a session (a different script reloads the iframe); every later
# move of the view goes through a ViewRequest in the filtered groups: a filter change fits the
# new selection, a typed position or "Go to strike" flies there. The view and hidden layers
# are written into the address by the map frame; a link is read once, when the session opens.

MAP_LINK_STATE = "map_link"
MAP_SESSION_KEY_STATE = "map_session_key"
MAP_VIEW_REQUEST_STATE = "map_view_request"
MAP_FITTED_BOUNDS_STATE = "map_fitted_bounds"
MAP_SEEN_CHECK_STATE = "map_seen_check"
#: The last view request the HTML download has followed (later ones: the address has it).
MAP_EXPORT_REQUEST_STATE = "map_export_request"
GOTO_STRIKE_KEY = "goto_strike"


def _map_link() -> LinkState:
    # Read once per session: later the map frame keeps the address up to date.
    if MAP_LINK_STATE not in st.session_state:
        params = {
            name: st.query_params[name]
            for name in ("view", "layers_off", "check")
            if name in st.query_params
        }
        link = read_link(params)
        st.session_state[MAP_LINK_STATE] = link
        st.session_state[MAP_SESSION_KEY_STATE] = secrets.token_hex(8)
        for name, valid in (("view", link.view), ("check", link.check)):
            if name in params and valid is None:
                del st.query_params[name]
        if link.check is not None and POINT_CHECK_STATE not in st.session_state:
            st.session_state[POINT_CHECK_STATE] = run_point_check(
                lat=link.check[0], lon=link.check[1], radius_nm=None, origin="link"
            )
    link_state: LinkState = st.session_state[MAP_LINK_STATE]
    return link_state


def _request_view(**request: Any) -> None:
    previous = st.session_state.get(MAP_VIEW_REQUEST_STATE) or {"id": 0}
    st.session_state[MAP_VIEW_REQUEST_STATE] = {"id": int(previous["id"]) + 1, **request}


@st.cache_data(max_entries=64, show_spinner=False)
def _selection_bounds(ids: tuple[str, ...]) -> Bounds:
    return opening_bounds(
        geometries=fit_geometries(
            strikes=_selected(ids), reporting_areas=_load_data().reporting_areas
        )
    )


def _follow_selection_and_check(ids: tuple[str, ...], link: LinkState) -> None:
    """Queue a view move when the selection or the checked position changed."""
    bounds = _selection_bounds(ids)
    if MAP_FITTED_BOUNDS_STATE not in st.session_state:
        # The opening view already fits this selection (or shows the link's view).
        st.session_state[MAP_FITTED_BOUNDS_STATE] = bounds
    elif st.session_state[MAP_FITTED_BOUNDS_STATE] != bounds:
        st.session_state[MAP_FITTED_BOUNDS_STATE] = bounds
        south, west, north, east = bounds
        _request_view(bounds=[[south, west], [north, east]], maxZoom=style.MAP_FIT_MAX_ZOOM)
    result = st.session_state.get(POINT_CHECK_STATE)
    if result is None:
        st.query_params.pop("check", None)
    if result is None or st.session_state.get(MAP_SEEN_CHECK_STATE) is result:
        return
    st.session_state[MAP_SEEN_CHECK_STATE] = result
    check = result.check
    if check.get("position_kind") != "reported":
        st.query_params["check"] = check_param(float(check["lat"]), float(check["lon"]))
    if result.view is not None:
        (lat, lon), zoom = result.view
        _request_view(centre=[lat, lon], zoom=zoom)
    elif result.origin != "click" and not (result.origin == "link" and link.view is not None):
        # A click is already where the user looks, and a link's own view wins.
        _request_view(centre=[check["lat"], check["lon"]], zoom=style.POINT_CHECK_ZOOM)


@st.cache_data(max_entries=64, show_spinner=False)
def _goto_options(ids: tuple[str, ...]) -> dict[str, str]:
    options = {"": "Go to a strike…"}
    for row in _selected(ids).sort_values("date").to_dict("records"):
        if is_region_only(row):
            continue
        place = row.get("location_text") if isinstance(row.get("location_text"), str) else ""
        options[str(row["id"])] = f"{row['id']} · {pd.Timestamp(row['date']):%Y-%m-%d} · {place}"
    return options


@st.cache_data(max_entries=64, show_spinner=False)
def _drawn_counts(ids: tuple[str, ...]) -> dict[str, int]:
    return count_drawn_strikes(strikes=_selected(ids))


def _on_goto_strike(selection: gpd.GeoDataFrame) -> None:
    strike_id = st.session_state.get(GOTO_STRIKE_KEY) or ""
    rows = selection[selection["id"].astype(str) == strike_id]
    if rows.empty:
        return
    row = rows.iloc[0]
    _request_view(
        centre=[float(row["latitude"]), float(row["longitude"])],
        zoom=style.STRIKE_ZOOM,
        strikeKey=strike_id,
    )


def _export_view_and_layers(link: LinkState) -> tuple[View | None, tuple[str, ...]]:
    """What the HTML download opens on: the map as the page address showed it at this run.

    The map frame writes its view and hidden layers into the address, and the browser sends
    the address with every rerun (a click, a check, a filter change); a pan alone sends nothing
    (each would cost a rerun). A move this run asks for (a fit, a check, "Go to strike") wins
    until the map has made it.
    """
    params = {
        name: st.query_params[name] for name in ("view", "layers_off") if name in st.query_params
    }
    address = read_link(params)
    hidden = address.hidden_layers if "layers_off" in params else link.hidden_layers
    request = st.session_state.get(MAP_VIEW_REQUEST_STATE) or {"id": 0}
    if request["id"] == st.session_state.get(MAP_EXPORT_REQUEST_STATE, 0):
        return address.view or link.view, hidden
    st.session_state[MAP_EXPORT_REQUEST_STATE] = request["id"]
    if "centre" in request:
        return (
            (float(request["centre"][0]), float(request["centre"][1])),
            int(request["zoom"]),
        ), hidden
    return None, hidden  # a fit to the selection


def _upload_group(accepted: gpd.GeoDataFrame) -> folium.FeatureGroup:
    return build_position_group(
        strikes=accepted,
        name=style.LAYER_UPLOAD,
        color=style.COLOR_UPLOAD,
        class_name=style.CLASS_UPLOAD_MARKER,
    )


@st.cache_resource(max_entries=8, show_spinner=False)
def _upload_layer(
    digest: str, first_index: int, _accepted: gpd.GeoDataFrame
) -> tuple[str, tuple[GroupSignature, ...]]:
    """An upload's layer, once per file (keyed by its digest; the rows are not hashed).

    Its rows are a data file the map fetches, not script: streamlit-folium sends the map's
    layers again on every change, and 1,000 rows drawn as script are about 6 MB.
    """
    group = named_group(style.LAYER_UPLOAD)
    data = position_layer_json(
        strikes=_accepted, color=style.COLOR_UPLOAD, class_name=style.CLASS_UPLOAD_MARKER
    )
    FetchedPositions(url=publish_session_layer(text=data)).add_to(group)
    return groups_script([group], first_index=first_index), (signature(group),)


def _own_groups() -> list[folium.FeatureGroup]:
    """The session's small layers, drawn on each run: its track and its point check."""
    groups = _track_groups()
    result = st.session_state.get(POINT_CHECK_STATE)
    if result is not None:
        groups.append(
            build_point_check_group(
                check=result.check, verdict_text=result.verdict_text, circle=result.circle
            )
        )
    return groups


def _map_groups(selection: gpd.GeoDataFrame, upload: _Upload | None) -> list[folium.FeatureGroup]:
    uploaded = [] if upload is None or upload.accepted is None else [upload.accepted]
    return [
        *_strike_groups(selection),
        *[_upload_group(accepted) for accepted in uploaded],
        *_own_groups(),
    ]


def _map(
    data: _Data, selection: gpd.GeoDataFrame, ids: tuple[str, ...], upload: _Upload | None
) -> None:
    link = _map_link()
    for notice in link.notices:
        st.warning(markdown_literal(notice))
    _follow_selection_and_check(ids, link)
    view_group = folium.FeatureGroup(name="view", control=False)
    ViewRequest(request=st.session_state.get(MAP_VIEW_REQUEST_STATE) or {"id": 0}).add_to(
        view_group
    )
    if OPENING_BOUNDS_STATE not in st.session_state:
        st.session_state[OPENING_BOUNDS_STATE] = _selection_bounds(ids)
    _map_frame(
        ids=ids,
        upload=upload,
        own_groups=[*_own_groups(), view_group],
        link=link,
        session_key=st.session_state[MAP_SESSION_KEY_STATE],
    )
    goto_column, export_column = st.columns([3, 2])
    options = _goto_options(ids)
    goto_column.selectbox(
        "Go to strike",
        options=list(options),
        format_func=options.__getitem__,
        key=GOTO_STRIKE_KEY,
        on_change=_on_goto_strike,
        args=(selection,),
        help="Flies to the strike and opens its popup.",
    )
    export_view, export_hidden = _export_view_and_layers(link)
    export_column.download_button(
        "Download this map (HTML, opens offline)",
        # Built only when clicked: the page carries every layer (about 1.5 MB).
        data=lambda: standalone_map_html(
            layer_urls=data.layer_urls,
            groups=_map_groups(selection, upload),
            bounds=_selection_bounds(ids),
            view=export_view,
            hidden_layers=export_hidden,
        ).encode("utf-8"),
        file_name="strike-map.html",
        mime="text/html",
        key="download_map_html",
        on_click="ignore",
    )
    drawn = _drawn_counts(ids)
    st.caption(
        f"On the map: {drawn['positions']} strike(s) at approximate positions (marker and "
        f"uncertainty circle) and {drawn['region_only']} known only by region, counted on the "
        f"labels of {drawn['areas']} outlined reporting area(s). {len(data.land_events)} land "
        "or port strike(s) and joint operation(s) have their own layer (brown) and are not in "
        "the boat-strike totals. Land, zones and place names are drawn from the project's own "
        "data; the online base map is off unless you turn it on (layer button). Measure "
        "distances in nautical miles and download a PNG with the buttons at the top left."
    )


# ---------------------------------------------------------------- end of the map


@st.cache_resource(show_spinner=False)
def _reconcile_table() -> pa.Table:
    rows = []
    for entry in _load_data().reconciliation:
        rows.append(
            {
                "date": entry["date"],
                "publisher": entry["publisher"],
                "as stated": entry["as_stated"],
                "published": "; ".join(
                    f"{item['figure']} {item['stated']}" for item in entry["comparisons"]
                ),
                "record": "; ".join(
                    f"{item['figure']} {item['record']}" for item in entry["comparisons"]
                ),
                "result": entry["result"],
                "explanation": entry["explanation"],
                "reliability": entry["reliability"],
                "source": entry["url"],
            }
        )
    return _arrow(pd.DataFrame(rows))


def _reconcile_panel() -> None:
    with st.expander("Published totals against the record"):
        st.text(
            "Each running total as published, compared with the record up to its date. "
            "'killed' is compared with killed + presumed dead when the publisher counted both. "
            "difference = record - published."
        )
        # st.dataframe renders every cell as text, never Markdown or HTML.
        st.dataframe(
            _reconcile_table(),
            hide_index=True,
            key="reconcile_table",
            column_config={"source": st.column_config.LinkColumn("source")},
        )


@st.cache_resource(show_spinner=False)
def _land_events_table() -> pa.Table:
    land_events = _load_data().land_events
    table = pd.DataFrame(land_events.drop(columns=["geometry", "point"]))
    table["source"] = [next(iter(urls), None) for urls in table["source_urls"]]
    return _arrow(
        table[
            [
                "id",
                "date",
                "kind",
                "country",
                "title",
                "location_text",
                "deaths",
                "status",
                "source",
            ]
        ]
    )


def _land_events() -> None:
    with st.expander("Land and port strikes, joint operations (not in the boat-strike totals)"):
        st.dataframe(
            _land_events_table(),
            hide_index=True,
            key="land_events_table",
            column_config={
                "source": st.column_config.LinkColumn("source"),
                "date": st.column_config.DateColumn("date", format="YYYY-MM-DD"),
            },
        )


@st.cache_resource(show_spinner=False)
def _possible_zones_table() -> pa.Table:
    possible_zones = _load_data().possible_zones
    table = pd.DataFrame(possible_zones.drop(columns="geometry"))
    table["source"] = [next(iter(urls), None) for urls in table["source_urls"]]
    return _arrow(
        table[["id", "option", "reported_date", "status", "status_note", "source_title", "source"]]
    )


def _possible_zones() -> None:
    with st.expander("Possible strike zones: options reported in the press, not strikes"):
        st.dataframe(
            _possible_zones_table(),
            hide_index=True,
            column_config={
                "source": st.column_config.LinkColumn("source"),
                "reported_date": st.column_config.DateColumn("reported", format="YYYY-MM-DD"),
            },
        )


def _table_and_downloads(
    selection: gpd.GeoDataFrame, *, ids: tuple[str, ...], version: str
) -> None:
    st.subheader("Strikes in the selection")
    st.dataframe(
        _strike_table(ids),
        hide_index=True,
        key="strike_table",
        column_config={
            "source": st.column_config.LinkColumn("source"),
            "date": st.column_config.DateColumn("date", format="YYYY-MM-DD"),
        },
    )
    st.caption(f"Downloads carry the data version {version} (column and member data_version).")
    left, right = st.columns(2)
    left.download_button(
        "Download selection (CSV)",
        # Built only when clicked, so a filter change does not pay for both exports.
        data=lambda: io_export.to_csv_bytes(selection, data_version=version),
        file_name="strikes_selection.csv",
        mime="text/csv",
        key="download_csv",
        on_click="ignore",
    )
    right.download_button(
        "Download selection (GeoJSON)",
        data=lambda: io_export.to_geojson_bytes(selection, data_version=version),
        file_name="strikes_selection.geojson",
        mime="application/geo+json",
        key="download_geojson",
        on_click="ignore",
    )


@st.fragment
def _map_and_point_check(
    data: _Data, selection: gpd.GeoDataFrame, ids: tuple[str, ...], upload: _Upload | None
) -> None:
    """Draw the map and the point check, a fragment of the page.

    A click, a typed position or "Go to strike" reruns only this part of the page: the filter,
    totals, timeline and tables stay as they are.
    """
    map_column, check_column = st.columns([3, 1])
    with map_column:
        _map(data, selection, ids, upload)
    with check_column:
        _point_check_box(version=data.data_version)


def main() -> None:
    """Lay out the page."""
    st.title("U.S. boat strikes off Venezuela, 2025–26")
    st.caption(
        "Every strike as reported, with its sources, on Venezuela's maritime zones computed "
        "geodesically from coastline data. Positions are approximate unless stated."
    )
    if missing_assets():
        st.error(
            "The map's offline assets are missing. Run `make setup` (or "
            "`python -m mapview.assets`) and reload."
        )
        st.stop()
    data = _data_or_stop()
    criteria = _filter_widgets(data.strikes)
    upload = _upload_box()
    _track_upload_box()
    try:
        selection = _filtered(criteria)
    except ValueError as error:
        st.error(f"Filter: {_literal_message(error)}")
        st.stop()
    ids = _ids(selection)
    totals = _totals(criteria)
    # Only the figures sit above the map, so that it starts on the first screen at 1024x768.
    _headline_figures(totals)
    _map_and_point_check(data, selection, ids, upload)
    _headline(totals, criteria, data)
    st.caption(f"Data version {data.data_version} (see data/events/CHANGELOG.md).")
    _reconcile_panel()
    _land_events()
    _possible_zones()
    st.subheader("Timeline")
    st.vega_lite_chart(
        spec=_timeline_spec(ids, criteria.date_from, criteria.date_to), width="stretch"
    )
    st.caption(
        "Counted strikes per week (top) and deaths per week including the presumed dead "
        "(bottom), each on its own scale, over the filter's dates. Orange dashed lines: "
        "context milestones (hover for details)."
    )
    _table_and_downloads(selection, ids=ids, version=data.data_version)
    st.caption(
        "Map data © OpenStreetMap contributors (ODbL) where noted; strike record compiled from "
        "the sources linked in each row. See the README for data sources and licences."
    )


main()
