"""Bounded messages: a value quoted in an error never makes the message unbounded."""

from __future__ import annotations

from typing import Final

#: Longest quoted value in an error message, in characters.
MAX_VALUE_CHARS: Final = 200
#: Longest whole error message shown to a user, in characters.
MAX_MESSAGE_CHARS: Final = 1_000


def shorten(text: str, *, max_chars: int = MAX_VALUE_CHARS) -> str:
    """Cut ``text`` to at most ``max_chars`` characters, saying how much was left out.

    Parameters
    ----------
    text : str
        Any text, e.g. a bad value from an upload.
    max_chars : int
        Length limit of the result.

    Returns
    -------
    str
        ``text`` itself if short enough, else its start followed by
        ``"… (N characters in all)"``, the whole at most ``max_chars`` long.

    """
    if len(text) <= max_chars:
        return text
    suffix = f"… ({len(text):,} characters in all)"
    return text[: max(0, max_chars - len(suffix))] + suffix
