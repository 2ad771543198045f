"""CSV formula-injection guard for text cells, and its exact inverse for re-import.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula. Every CSV the project exports prefixes such a text cell with one single quote.
A text that already starts with a quote followed by one of those characters, or by a second
quote, gets a quote too, so that :func:`unguard_cell` restores every exported text exactly.
Numeric cells are never guarded: a negative longitude stays a number. Where a cell's type is
not known (columns of a user's file echoed back), :func:`guard_untyped_cell` leaves a cell that
reads as a finite number alone and guards any other.
"""

from __future__ import annotations

import math

FORMULA_TRIGGERS = frozenset({"=", "+", "-", "@", "\t", "\r"})
GUARD = "'"


def guard_cell(text: str) -> str:
    """Return ``text`` safe to open in a spreadsheet.

    Parameters
    ----------
    text : str
        A text cell's value.

    Returns
    -------
    str
        ``text``, prefixed with a single quote when a spreadsheet could read it as a formula
        (or when it would otherwise be ambiguous on re-import).

    """
    if not text:
        return text
    if text[0] in FORMULA_TRIGGERS:
        return GUARD + text
    if text[0] == GUARD and len(text) > 1 and (text[1] in FORMULA_TRIGGERS or text[1] == GUARD):
        return GUARD + text
    return text


def guard_untyped_cell(text: str) -> str:
    """Guard a cell of unknown type: numbers stay numbers, any other text is guarded.

    Parameters
    ----------
    text : str
        A cell's value, e.g. from a column of the user's own CSV.

    Returns
    -------
    str
        ``text`` unchanged if it parses as a finite float without surrounding white space
        (``-66.93``, ``+1``, ``-1e3``), else :func:`guard_cell` of it (``-inf``, ``-1+2``,
        ``=SUM(A1)`` and ``-5`` after a tab are guarded).

    """
    try:
        if text == text.strip() and math.isfinite(float(text)):
            return text
    except ValueError:
        pass
    return guard_cell(text)


def unguard_cell(text: str) -> str:
    """Undo :func:`guard_cell`.

    Parameters
    ----------
    text : str
        A text cell as read from CSV.

    Returns
    -------
    str
        ``text`` without its guard quote; text that :func:`guard_cell` would not have produced
        with a guard is returned unchanged.

    """
    if len(text) > 1 and text[0] == GUARD and (text[1] in FORMULA_TRIGGERS or text[1] == GUARD):
        return text[1:]
    return text
