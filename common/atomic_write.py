"""Write a file so that a failure can never leave it truncated or half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file and ``os.replace``.

    The temporary file sits in the same folder, so the rename is atomic: readers see the old
    file or the new one, and a failed write (full disk, bad encoding, interrupt) leaves the
    old file exactly as it was, even when ``path`` was also the input.

    Parameters
    ----------
    path : pathlib.Path
        Destination file.
    text : str
        The whole new content.

    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
