"""Text from data or users, made literal for Streamlit's Markdown-rendering widgets.

``st.error``, ``st.info``, ``st.caption``, ``st.success`` and widget labels render Markdown
(links, images, ``:color[...]``, emoji short codes, ``$...$`` maths, entities). A file name or
value such as ``![x](https://evil.example/t.png)`` would make the browser fetch an outside
image. CommonMark lets any ASCII punctuation be backslash-escaped; escaping every character
that can start or close a construct leaves nothing for the renderer to interpret, so the text
shows exactly as written, while plain prose (letters, digits, ``,``, ``.``, ``'``, ``()``,
``: `` ) is unchanged.
"""

from __future__ import annotations

import re
from typing import Final

#: Characters that open or close inline Markdown (emphasis, code, links and images, HTML
#: and autolinks, strike-through, maths, entities, e-mail autolinks), anywhere in a line.
_INLINE_ACTIVE: Final = "\\`*_[]<>~$&@"
_ESCAPES: Final = {ord(character): "\\" + character for character in _INLINE_ACTIVE}
# Line breaks would start new Markdown blocks (headings, lists, tables): keep one line.
_ESCAPES.update({ord("\n"): " ", ord("\r"): " ", ord("\u2028"): " ", ord("\u2029"): " "})
# A colon followed by a non-space starts Streamlit's ":red[...]", ":material/...:" and emoji
# codes and URL autolinks ("https://"); "range: expected" stays as it is.
_ACTIVE_COLON: Final = re.compile(r":(?=\S)")
# Block markers that only count at the start of the text: "1. item", "- item", "# title".
_LIST_NUMBER_END: Final = re.compile(r"^(\s*[0-9]{1,9})([.)])")
_LEADING_MARKER: Final = re.compile(r"^(\s*)([-+=#>])")
# GFM turns bare "www.example.org" into a link; an escaped dot stops it.
_WWW: Final = re.compile(r"(?i)\b(www)\.")


def markdown_literal(text: object) -> str:
    """Escape ``text`` so that Streamlit's Markdown shows it literally.

    Parameters
    ----------
    text : object
        Any value; it is converted with ``str``.

    Returns
    -------
    str
        One line with every Markdown-active character backslash-escaped; text without such
        characters comes back unchanged.

    """
    escaped = _ACTIVE_COLON.sub(r"\\:", str(text).translate(_ESCAPES))
    escaped = _LIST_NUMBER_END.sub(r"\1\\\2", escaped)
    escaped = _LEADING_MARKER.sub(r"\1\\\2", escaped)
    return _WWW.sub(r"\1\\.", escaped)
