"""The dashboard's map frame: streamlit-folium's component, fed with strings rendered once.

``st_folium`` renders every folium element of the map and of its groups on every call, and
branca compiles each element's template afresh: most of a dashboard rerun, paid again by
every session. The component's arguments are only strings, so the dashboard renders each part
once and shares it between sessions: the fixed map per opening view (:func:`fixed_frame`) and
the strike layers per selection (:func:`groups_script`); only a session's own small groups are
rendered on each run. The strings come from streamlit-folium's own helpers (the version is
pinned in ``requirements.txt``), and ``tests/test_map_frame.py`` checks that they are what
``st_folium`` itself sends for the same map.

The Streamlit side of ``mapview`` (which never imports Streamlit); used only by
``dashboard.py``, the benchmarks and the tests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import folium
import streamlit as st
from streamlit_folium import (
    _component_func,
    _get_feature_group_string,
    _get_header,
    _get_html,
    _get_layer_control_string,
    _get_map_string,
    generate_js_hash,
    get_full_id,
)

from mapview.basemap import Bounds, View, build_base_map

#: Stands for the session's key in the shared script; replaced on each run (a new session must
#: not inherit another's hidden layers).
SESSION_KEY_PLACEHOLDER: Final = "session-key-placeholder"
#: What the map returns to the server: a click runs the point check; pans cost no rerun.
MAP_RETURNS: Final = ("last_clicked",)
#: A group's entry in the layer control: its name, whether it is an overlay, and listed.
GroupSignature = tuple[str, bool, bool]


@dataclass(frozen=True)
class FixedFrame:
    """The fixed map's share of the frame's arguments, the session key still a placeholder.

    Attributes
    ----------
    script, header, html : str
        The map's script, its page header (styles) and its HTML, as ``st_folium`` sends them.
    map_id : str
        The map's variable in the script (``map_div``).
    layer_control : str
        The layer control's script, listing the fixed layers and the groups it was built for.
    css_links, js_links : tuple of str
        Stylesheets and scripts the frame loads (the project's local copies).
    script_hash : str
        ``st_folium``'s hash of the script (the frame's identity before the session key).

    """

    script: str
    header: str
    html: str
    map_id: str
    layer_control: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    script_hash: str


def signature(group: folium.FeatureGroup) -> GroupSignature:
    """A group's entry in the layer control.

    Parameters
    ----------
    group : folium.FeatureGroup
        A layer the frame carries.

    Returns
    -------
    tuple of (str, bool, bool)
        Name, overlay and listed in the layer control.

    """
    return (str(group.layer_name), bool(group.overlay), bool(group.control))


def _frame_links(base_map: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The stylesheets and scripts the frame loads: every element's, in tree order, once."""
    css: list[str] = []
    js: list[str] = []
    pending: list[Any] = [base_map]
    while pending:
        element = pending.pop(0)
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
        pending[0:0] = list(getattr(element, "_children", {}).values())
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def fixed_frame(
    *,
    layer_urls: Mapping[str, str],
    fine_layer_urls: Mapping[str, str],
    bounds: Bounds,
    view: View | None,
    hidden_layers: Sequence[str],
    groups: Sequence[GroupSignature],
    map_key: str,
) -> FixedFrame:
    """Render the fixed map once, as ``st_folium`` would for a map carrying ``groups``.

    Parameters
    ----------
    layer_urls, fine_layer_urls, bounds, view, hidden_layers
        As for :func:`mapview.basemap.build_base_map`.
    groups : sequence of GroupSignature
        The groups the frame will carry, in order (:func:`signature`): the layer control
        lists them.
    map_key : str
        The key the page gives the map (part of ``st_folium``'s hash).

    Returns
    -------
    FixedFrame
        The strings; the session key is :data:`SESSION_KEY_PLACEHOLDER`.

    """
    base_map = build_base_map(
        layer_urls=layer_urls,
        fine_layer_urls=fine_layer_urls,
        bounds=bounds,
        view=view,
        hidden_layers=hidden_layers,
        session_key=SESSION_KEY_PLACEHOLDER,
    )
    # The order of st_folium: the page, then the map's script, then the groups and control.
    base_map.get_root().render()
    base_map.render()  # type: ignore[no-untyped-call]  # branca is untyped
    html, header, script = _get_html(base_map), _get_header(base_map), _get_map_string(base_map)
    for index, (name, overlay, control) in enumerate(groups):
        # The layer control lists the groups by name and variable only: empty stand-ins with
        # the variables st_folium gives the real groups render the same control.
        stand_in = folium.FeatureGroup(name=name, overlay=overlay, control=control)
        stand_in._id = f"feature_group_{index}"
        stand_in.add_to(base_map)
    layer_control = _get_layer_control_string(
        folium.LayerControl(collapsed=True, position="topright"), base_map
    )
    css_links, js_links = _frame_links(base_map)
    return FixedFrame(
        script=script,
        header=header,
        html=html,
        map_id=get_full_id(base_map),
        layer_control=layer_control,
        css_links=css_links,
        js_links=js_links,
        script_hash=generate_js_hash(script, map_key, False),
    )


def groups_script(groups: Sequence[folium.FeatureGroup], *, first_index: int = 0) -> str:
    """The groups' script as ``st_folium`` writes it, numbered from ``first_index``.

    Parameters
    ----------
    groups : sequence of folium.FeatureGroup
        Layers for the frame (each is added to a throwaway map: build them for this call).
    first_index : int
        The position of the first group among all the frame's groups.

    Returns
    -------
    str
        JavaScript that adds the groups to the frame's map.

    """
    holder = folium.Map(tiles=None)  # only named: each group's script refers to "map_div"
    return "".join(
        _get_feature_group_string(group, map=holder, idx=first_index + offset)
        for offset, group in enumerate(groups)
    )


def draw_map_frame(
    *,
    fixed: FixedFrame,
    session_key: str,
    groups_js: str,
    map_key: str,
    height_px: int,
    on_change: Callable[[dict[str, Any]], None],
) -> None:
    """Draw the frame: streamlit-folium's component with the rendered strings.

    Parameters
    ----------
    fixed : FixedFrame
        From :func:`fixed_frame`.
    session_key : str
        Replaces the placeholder (names the tab's storage of hidden layers).
    groups_js : str
        Every group's script, in the order of ``fixed``'s layer control.
    map_key : str
        The page's key for the map.
    height_px : int
        Frame height; the width follows the page column.
    on_change : callable
        Called with the frame's returned value (``last_clicked``) before the rerun.

    """
    frame_key = hashlib.sha256(f"{fixed.script_hash}:{session_key}".encode()).hexdigest()

    def _on_change() -> None:
        on_change(st.session_state.get(frame_key) or {})

    _component_func(
        script=fixed.script.replace(SESSION_KEY_PLACEHOLDER, session_key),
        header=fixed.header,
        html=fixed.html,
        id=fixed.map_id,
        key=frame_key,
        height=height_px,
        width=None,
        returned_objects=list(MAP_RETURNS),
        default=dict.fromkeys(MAP_RETURNS),
        zoom=None,
        center=None,
        feature_group=groups_js,
        return_on_hover=False,
        layer_control=fixed.layer_control,
        pixelated=False,
        css_links=list(fixed.css_links),
        js_links=list(fixed.js_links),
        on_change=_on_change,
        wrap_longitude=False,
    )
