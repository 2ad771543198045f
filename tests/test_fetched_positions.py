"""An upload's positions as a data file the map fetches, drawn like the record's strikes."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from samples import XSS_TEXT

import map_frame
from events.verdicts import add_verdicts
from mapview import style
from mapview.fetched_positions import FetchedPositions, position_layer_json
from mapview.layer_files import publish_session_layer
from mapview.map_tools import named_group
from mapview.popups import strike_popup_html
from mapview.strikes import count_drawn_strikes, position_items


@pytest.fixture(scope="module")
def record(strikes: pd.DataFrame) -> gpd.GeoDataFrame:
    return add_verdicts(strikes)


def test_record_positions_as_data_match_the_drawn_layer(record: gpd.GeoDataFrame) -> None:
    data = json.loads(
        position_layer_json(
            strikes=record, color=style.COLOR_STRIKE, class_name=style.CLASS_STRIKE_MARKER
        )
    )
    positioned = count_drawn_strikes(strikes=record)["positions"]
    assert len(data["markers"]) == positioned == 5
    assert [marker["options"]["strikeKey"] for marker in data["markers"]] == [
        "S014",
        "S018",
        "S032",
        "S033",
        "S034",
    ]
    s018 = next(m for m in data["markers"] if m["options"]["strikeKey"] == "S018")
    row = record[record["id"] == "S018"].iloc[0].to_dict()
    assert s018["popup"] == strike_popup_html(strike=row)
    assert s018["latLng"] == [pytest.approx(row["latitude"]), pytest.approx(row["longitude"])]
    # Six reported positions (S047's area has no marker: region only, no invented point).
    assert len(data["areas"]["features"]) == len(position_items(record)) == 6
    assert data["markerStyle"]["className"] == style.CLASS_STRIKE_MARKER
    assert data["areaStyle"]["interactive"] is False


def test_hostile_text_reaches_the_data_escaped(record: gpd.GeoDataFrame) -> None:
    row = record[record["id"] == "S018"].copy()
    row["id"] = "U1"
    row["location_text"] = XSS_TEXT
    row["position_reported"] = None  # the tooltip names the place from location_text
    text = position_layer_json(
        strikes=row, color=style.COLOR_UPLOAD, class_name=style.CLASS_UPLOAD_MARKER
    )
    assert "<img" not in text
    marker = json.loads(text)["markers"][0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in marker["popup"]
    assert "&lt;img" in marker["tooltip"]


def test_session_layer_files_are_unguessable_reused_and_pruned(tmp_path: Path) -> None:
    first = publish_session_layer(text='{"a": 1}', layers_dir=tmp_path, layers_url="/x", kept=2)
    again = publish_session_layer(text='{"a": 1}', layers_dir=tmp_path, layers_url="/x", kept=2)
    assert first == again
    name = first.removeprefix("/x/").removesuffix(".json")
    assert re.fullmatch(r"[0-9a-f]{64}", name)
    assert name != hashlib.sha256(b'{"a": 1}').hexdigest()  # keyed by the process's secret
    assert (tmp_path / f"{name}.json").read_text(encoding="utf-8") == '{"a": 1}'
    for index in range(3):
        publish_session_layer(
            text=f'{{"b": {index}}}', layers_dir=tmp_path, layers_url="/x", kept=2
        )
    assert len(list(tmp_path.glob("*.json"))) == 2
    assert not (tmp_path / f"{name}.json").exists()


def test_a_thousand_uploaded_rows_add_a_short_script(
    record: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    template = record[record["id"] == "S018"]
    rows = pd.concat([template] * 1000, ignore_index=True)
    rows["id"] = [f"U{index}" for index in range(1000)]
    text = position_layer_json(
        strikes=rows, color=style.COLOR_UPLOAD, class_name=style.CLASS_UPLOAD_MARKER
    )
    group = named_group(style.LAYER_UPLOAD)
    url = publish_session_layer(text=text, layers_dir=tmp_path, layers_url="/app/static/t")
    FetchedPositions(url=url).add_to(group)
    script = map_frame.groups_script([group], first_index=2)
    assert len(script) < 3_000 < 1_000_000 < len(text)
    assert json.dumps(url) in script
    assert len(json.loads(text)["markers"]) == 1000
