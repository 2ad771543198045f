"""Issue 13 part A on the real data, without a browser (Streamlit AppTest).

Honest point-check answers, links that cannot lie, text that stays text, sources one can
judge and a timeline that does not stack strikes on deaths.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO_ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = str(REPO_ROOT / "dashboard.py")


def _app() -> AppTest:
    return AppTest.from_file(DASHBOARD, default_timeout=120)


def _check(position: str, *, radius_nm: float = 0.0) -> AppTest:
    app = _app().run()
    app.text_input(key="position_text").input(position)
    app.number_input(key="radius_nm").set_value(radius_nm)
    app.form_submit_button[0].click().run()
    assert not app.exception
    return app


def _texts(app: AppTest) -> list[str]:
    return [text.value for text in app.text]


def _copied(app: AppTest) -> str:
    [code] = [block.value for block in app.code]
    return str(code)


# ------------------------------------------------------------------------ 1. honest answers


def test_point_in_venezuelas_territorial_sea_answers_yes_first() -> None:
    app = _check("11.05 N, 64.20 W")
    # Blue box for "yes" (red stays for errors), one box only, plain first line.
    assert [box.value for box in app.info] == ["In Venezuela's territorial waters: yes"]
    assert not app.success and not app.warning and not app.error
    facts = next(text for text in _texts(app) if text.startswith("Position: "))
    assert facts.splitlines()[1] == "Zone: Venezuela's territorial sea; state: Venezuela"
    assert "Distance to Venezuela's baseline: 0.2 nm" in facts
    assert "Nearest state's coast: Venezuela, 0.2 nm" in facts
    copied = _copied(app)
    assert copied.startswith("In Venezuela's territorial waters: yes\n")
    last = copied.splitlines()[-1]
    assert last.startswith("Source: Maritime strike map")
    assert "data version 2026.12" in last and "checked 20" in last
    assert last.endswith("caveat: none at this position.")


def test_radius_that_straddles_the_limit_says_cant_tell_within_r() -> None:
    app = _check("11.05 N, 64.20 W", radius_nm=10)
    assert [box.value for box in app.warning] == [
        "In Venezuela's territorial waters: can't tell within 10 nm"
    ]
    assert not app.success and not app.info and not app.error
    everything = " ".join(_texts(app)) + _copied(app)
    assert "indeterminate Venezuela" not in everything
    assert "Within 10 nm: 0.0 to 8.3 nm from Venezuela's baseline" in everything


def test_open_sea_off_jamaica_answers_no_and_names_the_nearest_state() -> None:
    app = _check("15 N, 75 W")
    assert [box.value for box in app.success] == ["In Venezuela's territorial waters: no"]
    facts = next(text for text in _texts(app) if text.startswith("Position: "))
    assert "Zone: Jamaica's exclusive economic zone; state: Jamaica" in facts
    assert "Nearest state's coast: Jamaica, 153.7 nm" in facts
    assert "In any state's territorial waters: no" in facts


def test_gulf_of_venezuela_leads_with_the_dispute_not_one_partys_zone() -> None:
    app = _check("12.0 N, 71.0 W")
    assert [box.value for box in app.success] == ["In Venezuela's territorial waters: no"]
    texts = [text for text in _texts(app) if text.startswith(("⚠ ", "Position: "))]
    # The first plain line after the answer is the dispute, before any zone of one party.
    assert texts[0].startswith("⚠ disputed between Venezuela and Colombia")
    assert texts[1].startswith("⚠ normal baseline only")
    facts = next(text for text in texts if text.startswith("Position: "))
    assert "Zone as modelled: Colombia's territorial sea" in facts
    copied = _copied(app).splitlines()
    assert copied[0] == "In Venezuela's territorial waters: no"
    assert copied[1].startswith("disputed between Venezuela and Colombia")
    assert "caveat: disputed between Venezuela and Colombia" in copied[-1]


def test_near_los_roques_the_answer_says_normal_baseline_only() -> None:
    app = _check("11.9 N, 66.4 W")
    assert [box.value for box in app.success] == ["In Venezuela's territorial waters: no"]
    caveats = [text for text in _texts(app) if text.startswith("⚠ ")]
    assert len(caveats) == 1
    assert caveats[0].startswith("⚠ normal baseline only")
    assert "Los Roques" in caveats[0]
    assert "Los Roques" in _copied(app).splitlines()[-1]


def test_outside_venezuelas_area_gives_the_nearest_state_and_any_state_answer() -> None:
    app = _check("8.30 N, 83.20 W")  # off Cabo Blanco, Costa Rica
    assert [box.value for box in app.success] == ["In Venezuela's territorial waters: no"]
    facts = next(text for text in _texts(app) if text.startswith("Position: "))
    assert "Nearest state's coast: Costa Rica, 5.0 nm" in facts
    assert "In any state's territorial waters: yes (Costa Rica)" in facts


# ------------------------------------------------------------------ 2. links that can't lie


def _metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def _linked(**params: list[str]) -> AppTest:
    app = _app()
    for key, values in params.items():
        app.query_params[key] = values
    app.run()
    assert not app.exception
    return app


def test_sept_to_dec_link_is_clamped_to_the_record_and_shows_35_strikes() -> None:
    app = _linked(dates=["2025-09-01", "2025-12-31"])
    assert app.slider(key="dates").value == (dt.date(2025, 9, 2), dt.date(2025, 12, 31))
    assert _metrics(app)["Strikes"] == "35"
    assert [warning.value for warning in app.warning] == [
        "The link asked for 2025-09-01 to 2025-12-31, but the record runs from 2025-09-02 to "
        "2026-10-04: the dates shown are 2025-09-02 to 2025-12-31."
    ]
    assert not app.error
    # The address now says what the page shows.
    assert app.query_params["dates"] == ["2025-09-02", "2025-12-31"]


def test_reversed_link_is_swapped_not_an_error_page() -> None:
    app = _linked(dates=["2025-12-31", "2025-09-02"])
    assert not app.error
    assert app.slider(key="dates").value == (dt.date(2025, 9, 2), dt.date(2025, 12, 31))
    assert _metrics(app)["Strikes"] == "35"
    [notice] = [warning.value for warning in app.warning]
    assert notice.startswith("The link's dates were reversed (2025-12-31 after 2025-09-02)")
    assert app.query_params["dates"] == ["2025-09-02", "2025-12-31"]


def test_malformed_dates_and_unknown_region_are_dropped_with_a_notice(strikes) -> None:  # type: ignore[no-untyped-def]
    app = _linked(dates=["yesterday", "2025-12-31"], region=["Atlantic", "eastern pacific"])
    assert not app.error
    assert app.slider(key="dates").value == (
        strikes["date"].min().date(),
        strikes["date"].max().date(),
    )
    assert app.multiselect(key="region").value == ["Eastern Pacific"]
    notices = [warning.value for warning in app.warning]
    assert len(notices) == 3
    assert notices[0].startswith("The link's dates ('yesterday', '2025-12-31') are not two dates")
    assert "'eastern pacific' were read as 'Eastern Pacific'" in notices[1]
    assert "'Atlantic' are not known and were dropped" in notices[2]
    pacific = strikes[(strikes["region"] == "Eastern Pacific") & strikes["counted"]]
    assert _metrics(app)["Strikes"] == str(len(pacific))
    assert "dates" not in app.query_params
    region = app.query_params["region"]  # one value comes back as a string
    assert (region if isinstance(region, list) else [region]) == ["Eastern Pacific"]


def test_a_valid_link_shows_no_notice() -> None:
    app = _linked(dates=["2025-11-01", "2025-12-31"], region=["Eastern Pacific"])
    assert not app.warning
    assert app.slider(key="dates").value == (dt.date(2025, 11, 1), dt.date(2025, 12, 31))


# --------------------------------------------------------------------- 3. text stays text

MARKDOWN_LINK = "[click](http://evil.example)"
MARKDOWN_IMAGE = "![x](http://evil.example/x.png)"
HTML_IMAGE = "<img src=http://evil.example/y.png>"
#: One accepted row whose place is all three, and one rejected row whose bad date is one.
HOSTILE_UPLOAD = (
    "id,date,region,location_precision,latitude,longitude,uncertainty_radius_nm,deaths,"
    "status,location_method,source_urls,location_text\n"
    "U1,2025-10-20,Caribbean,approximate,12.5,-66.5,10,2,confirmed,from a report,"
    f'https://example.org/u1,"{MARKDOWN_LINK} {MARKDOWN_IMAGE} {HTML_IMAGE}"\n'
    "U2,2025-10-2x,Caribbean,approximate,12.6,-66.4,10,1,confirmed,from a report,"
    f"https://example.org/u2,{MARKDOWN_IMAGE}\n"
)


def test_hostile_upload_cells_are_the_literal_characters() -> None:
    app = _app().run()
    app.file_uploader(key="upload").upload("mine.csv", HOSTILE_UPLOAD.encode(), "text/csv").run()
    assert not app.exception
    assert not app.sidebar.table  # st.table renders Markdown; st.dataframe shows text
    frames = [frame.value for frame in app.sidebar.dataframe]
    accepted = next(frame for frame in frames if "location_text" in frame.columns)
    assert accepted["location_text"].tolist() == [f"{MARKDOWN_LINK} {MARKDOWN_IMAGE} {HTML_IMAGE}"]
    rejected = next(frame for frame in frames if "reason" in frame.columns)
    assert rejected["value"].tolist() == ["2025-10-2x"]
    assert rejected["line"].tolist() == [3]


# ------------------------------------------------------------ 5. charts that don't mislead


def test_timeline_has_separate_strike_and_death_panels_clipped_to_the_filter(strikes) -> None:  # type: ignore[no-untyped-def]
    from events.filters import filter_strikes
    from events.load import load_context_events
    from mapview.timeline import timeline_chart

    date_from, date_to = dt.date(2025, 9, 2), dt.date(2025, 12, 31)
    selection = filter_strikes(strikes, date_from=date_from, date_to=date_to)
    spec = timeline_chart(
        strikes=selection,
        context_events=load_context_events(),
        date_from=date_from,
        date_to=date_to,
    ).to_dict()
    assert spec["resolve"]["scale"] == {"x": "shared", "y": "independent"}
    strikes_panel, deaths_panel = spec["vconcat"]
    titles = [panel["layer"][0]["encoding"]["y"]["title"] for panel in spec["vconcat"]]
    assert titles == ["Strikes per week", "Deaths per week (incl. presumed)"]
    for panel in (strikes_panel, deaths_panel):
        bars, rules = panel["layer"]
        assert "xOffset" not in bars["encoding"] and "color" not in bars["encoding"]
        assert bars["mark"]["clip"] is True
        assert bars["encoding"]["y2"] == {"datum": 0}  # bars rise from zero
        assert bars["encoding"]["x"]["scale"]["domain"] == [
            "2025-09-02T00:00:00",
            "2026-01-01T00:00:00",
        ]
        assert rules["mark"]["type"] == "rule"
    datasets = spec["datasets"]
    strike_rows = datasets[strikes_panel["layer"][0]["data"]["name"]]
    death_rows = datasets[deaths_panel["layer"][0]["data"]["name"]]
    assert sum(row["value"] for row in strike_rows) == 35
    assert sum(row["value"] for row in death_rows) == 114 + 9
    milestones = datasets[strikes_panel["layer"][1]["data"]["name"]]
    assert milestones and all(row["date"] < "2026-01-01" for row in milestones)


# ------------------------------------------------------------- 4. sources you can judge


def test_confirmed_strike_on_mirrors_only_is_refused_naming_row_and_field() -> None:
    from events.load import load_reporting_areas, validate_rows

    raw = {
        "id": "U9",
        "date": "2026-04-14",
        "region": "Eastern Pacific",
        "location_precision": "region-only",
        "reporting_area": "eastern-pacific-unspecified",
        "deaths": "4",
        "status": "confirmed",
        "location_method": "Region only.",
        "source_urls": "http://www.firstnorthwestern.com/news/x/ ; https://8657085.xyz/?p=1",
    }
    areas = load_reporting_areas()
    accepted, problems = validate_rows([(7, raw)], file="mine.csv", areas=areas)
    assert accepted == []
    assert [str(problem) for problem in problems] == [
        "mine.csv:7: field 'status': got 'confirmed'; expected not 'confirmed' for row U9: "
        "every source is a mirror or aggregator (8657085.xyz (mirror), firstnorthwestern.com "
        "(mirror); see source_kinds.csv); use 'low-confidence' or add the original report"
    ]
    # One original source beside the mirrors is enough; so is an honest status.
    original = {**raw, "source_urls": raw["source_urls"] + " ; https://www.cbsnews.com/news/x/"}
    assert validate_rows([(7, original)], file="mine.csv", areas=areas)[1] == []
    honest = {**raw, "status": "low-confidence"}
    assert validate_rows([(7, honest)], file="mine.csv", areas=areas)[1] == []


def test_no_confirmed_strike_in_the_record_rests_on_mirrors_only(strikes) -> None:  # type: ignore[no-untyped-def]
    from events.source_kinds import source_kind

    mirror_only = [
        row["id"]
        for _, row in strikes.iterrows()
        if row["source_urls"] and all(source_kind(url) for url in row["source_urls"])
    ]
    assert mirror_only == [
        "S049", "S050", "S051", "S052", "S054", "S055", "S056", "S057",
        "S059", "S060", "S061", "S062",
    ]  # fmt: skip
    statuses = strikes.set_index("id").loc[mirror_only, "status"]
    assert "confirmed" not in set(statuses)
    assert statuses["S049"] == "low-confidence" and statuses["S055"] == "headline-only"


def test_table_and_popup_show_who_announced_the_title_and_mark_mirrors(strikes) -> None:  # type: ignore[no-untyped-def]
    from mapview.popups import strike_popup_html
    from mapview.table import strike_table

    table = strike_table(strikes=strikes).set_index("id")
    assert table.at["S051", "announced_by"] == "SOUTHCOM on X"
    assert table.at["S051", "source_title"].startswith("CBS News: Fourth U.S. strike")
    assert table.at["S051", "mirrors_and_aggregators"] == (
        "firstnorthwestern.com: mirror; 8657085.xyz: mirror"
    )
    assert table.at["S001", "mirrors_and_aggregators"] == ""
    strike = strikes.set_index("id").loc["S051"].to_dict() | {"id": "S051"}
    popup = strike_popup_html(strike=strike)
    assert (
        "<th style='text-align:left;padding-right:6px'>Announced by</th><td>SOUTHCOM on X" in popup
    )
    assert ">www.firstnorthwestern.com</a> (mirror: not the originating outlet)" in popup
    assert ">8657085.xyz</a> (mirror: not the originating outlet)" in popup


def test_dashboard_strike_table_has_the_source_columns() -> None:
    app = _app().run()
    assert not app.exception
    table = next(
        frame.value for frame in app.dataframe if "mirrors_and_aggregators" in frame.value.columns
    ).set_index("id")
    assert table.at["S060", "status"] == "low-confidence"
    assert table.at["S060", "mirrors_and_aggregators"] == "inverted.world: aggregator"
    assert table.at["S060", "announced_by"] == "SOUTHCOM on X"


def test_reported_sentence_answers_over_its_area_first() -> None:
    from mapview.pointcheck import run_reported_check

    sentence = "126 nm off Golfito"
    app = _check(sentence)
    assert [box.value for box in app.success] == [
        "In Venezuela's territorial waters: no (over the reported area)"
    ]
    expected = run_reported_check(text=sentence, origin="reported").verdict_text
    assert _texts(app).count(expected) == 1
    assert _copied(app).splitlines()[:2] == [
        "In Venezuela's territorial waters: no (over the reported area)",
        expected,
    ]


def test_link_sanitiser_edges() -> None:
    from events.filter_params import sanitise_filter_params
    from events.schema import REGIONS

    first, last = dt.date(2025, 9, 2), dt.date(2026, 10, 4)

    def run(**params: list[str]):  # type: ignore[no-untyped-def]
        return sanitise_filter_params(
            params, first_day=first, last_day=last, vocabularies={"region": REGIONS}
        )

    assert run(dates=["2025-10-01", "2025-10-31"]).notices == ()
    wholly_before = run(dates=["2024-01-01", "2024-02-01"])
    assert wholly_before.dates is None
    assert wholly_before.notices[0].startswith(
        "The link's dates 2024-01-01 to 2024-02-01 lie outside the record"
    )
    one_date = run(dates=["2025-10-01"])
    assert one_date.dates is None and "are not two dates" in one_date.notices[0]
    reversed_and_late = run(dates=["2027-01-01", "2026-09-01"])
    assert reversed_and_late.dates == (dt.date(2026, 9, 1), last)
    assert len(reversed_and_late.notices) == 2  # swapped, then clamped
    # A hostile value is quoted shortened, and nothing of it is kept.
    hostile = run(region=["![x](http://evil.example/x.png)" * 10])
    assert hostile.choices == {}
    assert "…" in hostile.notices[0] and "showing every region" in hostile.notices[0]


def test_caveat_rows_are_validated() -> None:
    import pydantic

    from events.caveats import AnswerCaveat

    with pytest.raises(pydantic.ValidationError, match="a box min < max"):
        AnswerCaveat.model_validate(
            {"key": "x", "kind": "baseline", "lat_min": 1, "caveat": "c", "source": "s"}
        )
    with pytest.raises(pydantic.ValidationError, match="note_contains and no box"):
        AnswerCaveat.model_validate({"key": "x", "kind": "dispute", "caveat": "c", "source": "s"})
