r"""Popups and tooltips whose text reaches JavaScript only as JSON data.

folium's own ``Popup`` and ``Tooltip`` splice their HTML into JavaScript template literals,
where HTML escaping does not help: ``${...}`` runs as code and a backslash (``C:\2025``) is a
syntax error that stops every later layer from being drawn. These replacements write the
(already escaped) HTML as a JSON string literal, safe inside an inline ``<script>`` too, and
Leaflet puts it into the DOM with ``setContent`` / ``bindTooltip``. Braces are escaped too,
since folium re-reads its output as a Jinja template.
"""

from __future__ import annotations

import json
from typing import Any

import folium
from folium.template import Template


def script_safe_json(text: str) -> str:
    """Make JSON text safe to embed in a ``<script>`` (no ``</script>``, no line separators).

    Parameters
    ----------
    text : str
        JSON text.

    Returns
    -------
    str
        The same JSON value with ``<``, ``>``, ``&``, U+2028 and U+2029 as unicode escapes.

    """
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def js_string_literal(text: str) -> str:
    """Encode text as a JavaScript string literal that is data, never code.

    Parameters
    ----------
    text : str
        Any text (HTML that was escaped for its HTML context, or plain text).

    Returns
    -------
    str
        A double-quoted JSON string, safe inside an inline ``<script>``, with no ``{`` or
        ``}``: folium and branca parse their elements' output as a Jinja template a second
        time, so data such as ``{{ 7*7 }}`` would be evaluated on the server and
        ``{% raw %}`` would stop the whole map from rendering.

    """
    literal = script_safe_json(json.dumps(text, ensure_ascii=False))
    return literal.replace("{", "\\u007b").replace("}", "\\u007d")


class DataPopup(folium.Popup):  # type: ignore[misc]
    """A ``folium.Popup`` whose HTML is passed to Leaflet as a JSON string."""

    _template = Template(
        """
        var {{ this.get_name() }} = L.popup({{ this.options|tojavascript }});
        {{ this.get_name() }}.setContent({{ this.html_literal }});
        {{ this._parent.get_name() }}.bindPopup({{ this.get_name() }})
        {% if this.show %}.openPopup(){% endif %};
        """
    )

    def __init__(self, html: str, *, max_width: int, show: bool = False) -> None:
        super().__init__(html="", max_width=max_width, show=show)
        self.html_literal = js_string_literal(html)


class DataTooltip(folium.Tooltip):  # type: ignore[misc]
    """A ``folium.Tooltip`` whose HTML is passed to Leaflet as a JSON string."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.bindTooltip(
                {{ this.html_literal }}, {{ this.options|tojavascript }}
            );
        {% endmacro %}
        """
    )

    def __init__(self, html: str, **options: Any) -> None:
        super().__init__(text="", **options)
        self.html_literal = js_string_literal(html)
