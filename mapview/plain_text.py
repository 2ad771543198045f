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

import pandas as pd

#: Characters that open or close inline Markdown (emphasis, code, links and images,
#: strike-through, maths, entities, e-mail autolinks), anywhere in a line. Streamlit shows raw
#: HTML as text, and ``<https://...>`` autolinks die with the escaped colon, so ``<`` and ``>``
#: stay as they are.
_INLINE_ACTIVE: Final = "\\`*_[]~$&@"
_ESCAPES: Final = {ord(character): "\\" + character for character in _INLINE_ACTIVE}
# Line breaks would start new Markdown blocks (headings, lists, tables): keep one line.
_ESCAPES.update({ord("\n"): " ", ord("\r"): " ", ord("\u2028"): " ", ord("\u2029"): " "})
# A colon followed by a non-space starts Streamlit's ":red[...]" directives and URL
# autolinks ("https://"); a shortcode-like run (":material/warning:", ":smile:") gets both
# colons escaped, since Streamlit replaces icon and emoji codes even after an escaped opening
# colon. "range: expected" stays as it is.
_WORD_JOINER: Final = "\u2060"
_ACTIVE_COLON: Final = re.compile(r":([A-Za-z0-9_/+-]+):|:(?=\S)")
# Block markers that only count at the start of the text: "1. item", "- item", "# title".
_LIST_NUMBER_END: Final = re.compile(r"^(\s*[0-9]{1,9})([.)])")
_LEADING_MARKER: Final = re.compile(r"^(\s*)([-+=#>])")
# GFM turns bare "https://..." and "www...." into links after unescaping the text, so an
# escape does not stop it; an invisible word joiner inside the scheme does.
_AUTOLINK_START: Final = re.compile(r"(?i)\b(https?|ftp|www)(?=\\:|\.)")


_TAG_NAME: Final = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_ATTRIBUTE_NAME: Final = re.compile(r"[A-Za-z_:][A-Za-z0-9_.:-]*")
_UNQUOTED_VALUE: Final = re.compile(r"[^\s\"'=<>`]+")
_SPACES: Final = re.compile(r"\s*")


def _skip_spaces(text: str, position: int) -> int:
    match = _SPACES.match(text, position)
    return match.end() if match else position


def _html_tag_end(text: str, start: int) -> int | None:
    """End of the CommonMark inline HTML tag (open or closing) starting at ``start``.

    Deliberately no more permissive than CommonMark: text it accepts is raw HTML to the
    Markdown renderer too (and Streamlit shows raw HTML as text); comments, processing
    instructions and declarations are not recognised, so they are escaped like any text.
    Each step is one greedy character class or one ``str.find``.
    """
    position = start + 1
    closing = text.startswith("/", position)
    position += closing
    name = _TAG_NAME.match(text, position)
    if name is None:
        return None
    position = name.end()
    if closing:
        position = _skip_spaces(text, position)
        return position + 1 if text.startswith(">", position) else None
    while True:
        after_space = _skip_spaces(text, position)
        if text.startswith(">", after_space):
            return after_space + 1
        if text.startswith("/>", after_space):
            return after_space + 2
        attribute = _ATTRIBUTE_NAME.match(text, after_space)
        if after_space == position or attribute is None:
            return None
        position = attribute.end()
        equals = _skip_spaces(text, position)
        if not text.startswith("=", equals):
            continue
        value_start = _skip_spaces(text, equals + 1)
        quote = text[value_start : value_start + 1]
        if quote in ('"', "'"):
            value_end = text.find(quote, value_start + 1)
            if value_end < 0:
                return None
            position = value_end + 1
        else:
            value = _UNQUOTED_VALUE.match(text, value_start)
            if value is None:
                return None
            position = value.end()


def _escape_colon(match: re.Match[str]) -> str:
    run = match.group(1)
    if run is None:
        return "\\:"
    # Streamlit swaps ":material/name:" and emoji codes for icons after unescaping; a word
    # joiner (invisible, zero width) after the colon is the only way to keep the text.
    return f"\\:{_WORD_JOINER}{run}\\:"


def _escape_span(text: str) -> str:
    return _ACTIVE_COLON.sub(_escape_colon, text.translate(_ESCAPES))


def markdown_literal(text: object) -> str:
    """Escape ``text`` so that Streamlit's Markdown shows it literally.

    Parameters
    ----------
    text : object
        Any value; it is converted with ``str``.

    Returns
    -------
    str
        One line with every Markdown-active character backslash-escaped, except inside
        inline HTML tags, which the renderer shows as text untouched; text without such
        characters comes back unchanged.

    """
    source = str(text)
    pieces: list[str] = []
    done = 0
    search_from = 0
    while (opening := source.find("<", search_from)) >= 0:
        tag_end = _html_tag_end(source, opening)
        if tag_end is None:
            search_from = opening + 1
            continue
        pieces += [_escape_span(source[done:opening]), source[opening:tag_end]]
        done = search_from = tag_end
    pieces.append(_escape_span(source[done:]))
    escaped = "".join(pieces)
    escaped = _LIST_NUMBER_END.sub(r"\1\\\2", escaped)
    escaped = _LEADING_MARKER.sub(r"\1\\\2", escaped)
    return _AUTOLINK_START.sub(lambda match: match.group(1) + _WORD_JOINER, escaped)


def literal_table(table: pd.DataFrame) -> pd.DataFrame:
    """Escape every text cell of a table for ``st.table`` (column names are the app's own).

    ``st.table`` renders its cells as Markdown (``$x^2$`` becomes maths, ``:red[...]`` colour),
    so text from data or uploads goes through :func:`markdown_literal` first.

    Parameters
    ----------
    table : pandas.DataFrame
        The table to show; only ``str`` cells change.

    Returns
    -------
    pandas.DataFrame
        A copy with escaped text.

    """
    return table.map(lambda cell: markdown_literal(cell) if isinstance(cell, str) else cell)
