"""HTML for popups and tooltips, with every text from data or users escaped.

Leaflet inserts popup and tooltip strings as HTML, so anything that came from a
data file or an upload must pass through :func:`escape_text` (or
:func:`link_html` for URLs) before it is placed in markup.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, cast
from urllib.parse import urlsplit

import pandas as pd

from events.schema import DatePrecision, split_list
from events.source_kinds import source_kind
from geo.constants import Verdict
from geo.names import state_name

_MISSING_TEXT = "not reported"


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, list | tuple | dict) else False
    except (TypeError, ValueError):
        return False


def escape_text(value: object) -> str:
    """Turn any value into HTML-safe text.

    Parameters
    ----------
    value : object
        A value from a data file or an upload; ``None``/NaN become "not reported".

    Returns
    -------
    str
        Text with ``<``, ``>``, ``&`` and quotes escaped.

    """
    if _is_missing(value):
        return _MISSING_TEXT
    if isinstance(value, pd.Timestamp | datetime):
        return html.escape(value.date().isoformat())
    if isinstance(value, date):
        return html.escape(value.isoformat())
    if isinstance(value, float) and value.is_integer():
        return html.escape(str(int(value)))
    return html.escape(str(value))


def safe_url(value: object) -> str | None:
    """Return ``value`` if it is an absolute http(s) URL, else ``None``.

    Parameters
    ----------
    value : object
        A candidate URL from data or an upload.

    Returns
    -------
    str or None
        The stripped URL, or ``None`` for ``javascript:``, relative or malformed URLs.

    """
    if not isinstance(value, str):
        return None
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    if any(character.isspace() or ord(character) < 32 for character in url):
        return None
    return url


def link_html(*, url: object, label: object | None = None) -> str:
    """Build an escaped ``<a>`` for an http(s) URL, or escaped plain text otherwise.

    Parameters
    ----------
    url : object
        The link target; anything but an absolute http(s) URL is shown as inert text.
    label : object, optional
        Link text; defaults to the URL's host name.

    Returns
    -------
    str
        HTML markup.

    """
    checked_url = safe_url(url)
    if checked_url is None:
        return escape_text(url)
    text = label if label is not None else urlsplit(checked_url).netloc
    return (
        f'<a href="{html.escape(checked_url, quote=True)}" target="_blank" '
        f'rel="noopener noreferrer">{escape_text(text)}</a>'
    )


def url_list(value: object) -> list[object]:
    """The entries of a ``source_urls`` value, however it is held (not yet checked).

    Parameters
    ----------
    value : object
        A list or tuple (loaded record), list-cell text (``"a ; b"``, uploads), or missing.

    Returns
    -------
    list
        The entries in order; empty for a missing value.

    """
    if _is_missing(value):
        return []
    if isinstance(value, str):
        return list(split_list(value))
    if isinstance(value, Iterable):
        return list(value)
    return [value]


def safe_urls(value: object) -> list[str]:
    """The http(s) URLs of a ``source_urls`` value, in order; other entries are left out.

    Parameters
    ----------
    value : object
        As for :func:`url_list`.

    Returns
    -------
    list[str]
        Each entry that :func:`safe_url` accepts, stripped.

    """
    return [url for url in (safe_url(entry) for entry in url_list(value)) if url is not None]


def row_html(*, label: str, value_html: str) -> str:
    """One popup table row: a plain label and already-escaped HTML.

    Parameters
    ----------
    label : str
        The row's label (a fixed text of ours, not data).
    value_html : str
        HTML built with :func:`escape_text` or :func:`link_html`.

    Returns
    -------
    str
        A ``<tr>`` element.

    """
    return (
        f"<tr><th style='text-align:left;padding-right:6px'>{label}</th><td>{value_html}</td></tr>"
    )


def strike_popup_html(*, strike: Mapping[str, Any]) -> str:
    """Describe one strike for a popup: date, casualties, precision, status, verdict, sources.

    Parameters
    ----------
    strike : Mapping
        One row of the strike record (``events.load.load_strikes`` columns, optionally
        with the ``events.verdicts.add_verdicts`` columns).

    Returns
    -------
    str
        Escaped HTML.

    """
    rows = [
        row_html(label="Date", value_html=_date_html(strike)),
        row_html(label="Where", value_html=escape_text(strike.get("location_text"))),
        row_html(label="Vessels", value_html=escape_text(strike.get("vessels"))),
        row_html(label="Killed", value_html=escape_text(strike.get("deaths"))),
        row_html(label="Presumed dead", value_html=escape_text(strike.get("presumed_dead"))),
        row_html(label="Survivors", value_html=escape_text(strike.get("survivors"))),
        row_html(label="Position", value_html=_precision_html(strike)),
        row_html(label="Status", value_html=escape_text(strike.get("status"))),
        row_html(label="Announced by", value_html=escape_text(strike.get("announced_by"))),
        row_html(label="Source", value_html=escape_text(strike.get("source_title"))),
        row_html(label="Verdict", value_html=verdict_text_html(strike=strike)),
    ]
    rows.extend(
        row_html(label=label, value_html=value_html)
        for label, value_html in state_verdict_rows_html(strike=strike)
    )
    rows.append(row_html(label="Sources", value_html=sources_html(strike=strike)))
    title = f"Strike {escape_text(strike.get('id'))}"
    return f"<b>{title}</b><table>{''.join(rows)}</table>"


def sources_html(*, strike: Mapping[str, Any]) -> str:
    """Every source link of a strike, each marked when it is a mirror or an aggregator.

    Parameters
    ----------
    strike : Mapping
        A strike row; reads ``source_urls``.

    Returns
    -------
    str
        Escaped HTML: links by host name, e.g. ``cbsnews.com, firstnorthwestern.com (mirror:
        not the originating outlet)``, or the missing-value mark.

    """
    links = []
    for url in url_list(strike.get("source_urls")):
        kind = source_kind(str(url))
        mark = "" if kind is None else f" ({escape_text(kind.kind)}: not the originating outlet)"
        links.append(link_html(url=url) + mark)
    return ", ".join(links) or _MISSING_TEXT


_EXACT_DATE: DatePrecision = "exact"


def _date_html(strike: Mapping[str, Any]) -> str:
    text = escape_text(strike.get("date"))
    precision = strike.get("date_precision")
    # Only an uncertain date carries its precision; "exact" needs no qualifier.
    if not _is_missing(precision) and str(precision) != _EXACT_DATE:
        text += f" ({escape_text(precision)})"
    return text


def _precision_html(strike: Mapping[str, Any]) -> str:
    text = escape_text(strike.get("location_precision"))
    radius_nm = strike.get("uncertainty_radius_nm")
    if radius_nm is not None and not _is_missing(radius_nm):
        text += f", ± {float(radius_nm):.0f} nm"
    return text


def verdict_text_html(*, strike: Mapping[str, Any]) -> str:
    """Render the territorial-waters verdict of a strike, escaped.

    Parameters
    ----------
    strike : Mapping
        A strike row; reads ``verdict``, ``min_distance_nm`` and ``max_distance_nm``
        (from ``events.verdicts.add_verdicts``) if present.

    Returns
    -------
    str
        Escaped HTML text such as "outside territorial waters (31.2–45.0 nm from the baseline)".

    """
    verdict = strike.get("verdict")
    if _is_missing(verdict):
        return _MISSING_TEXT
    words: dict[Verdict, str] = {
        "inside": "inside Venezuela's territorial waters",
        "outside": "outside Venezuela's territorial waters",
        "indeterminate": "indeterminate (the area straddles the 12-nm limit)",
    }
    text = escape_text(words.get(cast(Verdict, str(verdict)), verdict))
    minimum_nm, maximum_nm = strike.get("min_distance_nm"), strike.get("max_distance_nm")
    if (
        minimum_nm is not None
        and maximum_nm is not None
        and not _is_missing(minimum_nm)
        and not _is_missing(maximum_nm)
    ):
        text += f" ({float(minimum_nm):.1f}–{float(maximum_nm):.1f} nm from the baseline)"
    return text


def _distance_text(distance_nm: float) -> str:
    return f"{distance_nm:.1f} nm" if distance_nm < 10 else f"{distance_nm:.0f} nm"


def _state_names_html(codes: Iterable[object]) -> str:
    return ", ".join(escape_text(state_name(str(code))) for code in codes)


def state_verdict_rows_html(*, strike: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Name the state whose waters a strike is in or near, for its popup.

    Parameters
    ----------
    strike : Mapping
        A strike row; reads ``nearest_state``, ``nearest_state_distance_nm``,
        ``any_state_verdict`` and ``states_touched`` (``mapview.state_verdicts``) if present.

    Returns
    -------
    list of (str, str)
        (fixed label, escaped HTML) pairs such as ("Nearest coast", "Costa Rica, 126 nm") and
        ("Any state's territorial waters", "outside"); empty when the fields are missing
        (a region-only strike, an upload).

    """
    rows: list[tuple[str, str]] = []
    nearest, distance_nm = strike.get("nearest_state"), strike.get("nearest_state_distance_nm")
    if isinstance(nearest, str) and distance_nm is not None and not _is_missing(distance_nm):
        rows.append(
            (
                "Nearest coast",
                f"{escape_text(state_name(str(nearest)))}, {_distance_text(float(distance_nm))} "
                "(from its baseline)",
            )
        )
    verdict = strike.get("any_state_verdict")
    if not _is_missing(verdict):
        touched = strike.get("states_touched")
        codes = list(touched) if isinstance(touched, list | tuple) else []
        text = escape_text(verdict)
        if codes:
            text += f" ({'in' if verdict == 'inside' else 'reaches'} {_state_names_html(codes)})"
        rows.append(("Any state's territorial waters", text))
    return rows


def area_popup_html(*, area_name: object, strikes: Iterable[Mapping[str, Any]]) -> str:
    """List the strikes reported only by region, for a reporting area's popup.

    Parameters
    ----------
    area_name : object
        Reporting area name from data.
    strikes : iterable of Mapping
        Strike rows in the current filter that belong to this area.

    Returns
    -------
    str
        Escaped HTML.

    """
    items = []
    for strike in strikes:
        links = [link_html(url=url) for url in url_list(strike.get("source_urls"))]
        items.append(
            "<li>"
            f"{_date_html(strike)}: {escape_text(strike.get('vessels'))} vessel(s), "
            f"{escape_text(strike.get('deaths'))} killed, "
            f"{escape_text(strike.get('survivors'))} survivor(s); "
            f"status {escape_text(strike.get('status'))}; "
            f"verdict {verdict_text_html(strike=strike)}"
            f"{'; ' + ', '.join(links) if links else ''}"
            "</li>"
        )
    return (
        f"<b>{escape_text(area_name)}</b>: {len(items)} strike(s) reported by region only"
        f"<ul style='padding-left:16px;margin:4px 0'>{''.join(items)}</ul>"
    )
