"""Fixed layers as static files: written once, content-hashed, fetched by the map.

Embedding the fixed layers in the map script would resend them (about 0.8 MB) on every
rerun, because streamlit-folium sends the whole script each time. As files under
``static/vendor/layers/`` (generated, git-ignored, served by Streamlit's static serving) they
are sent once and cached by the browser; the hash in the name changes only with the data.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from mapview.assets import VENDOR_DIR, VENDOR_URL

LAYERS_DIR: Final = VENDOR_DIR / "layers"
LAYERS_URL: Final = f"{VENDOR_URL}/layers"
_HASH_CHARS: Final = 16


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def layer_file_name(*, name: str, text: str) -> str:
    """Name a layer file after the layer and a hash of its content.

    Parameters
    ----------
    name : str
        Layer name.
    text : str
        The layer's GeoJSON text.

    Returns
    -------
    str
        E.g. ``land-project-data-1a2b3c4d5e6f7a8b.json``.

    """
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:_HASH_CHARS]
    return f"{_slug(name)}-{digest}.json"


def publish_layer_files(
    *, static_layers: Mapping[str, str], layers_dir: Path = LAYERS_DIR, layers_url: str = LAYERS_URL
) -> dict[str, str]:
    """Write each layer's GeoJSON under a content-hashed name (once) and return its URL.

    Parameters
    ----------
    static_layers : Mapping of str to str
        Layer name to GeoJSON text (:func:`mapview.static_layers.prepare_static_layers`).
    layers_dir : Path
        Where to write (``static/vendor/layers`` by default).
    layers_url : str
        URL of ``layers_dir`` on the server.

    Returns
    -------
    dict of str to str
        Layer name to URL, in the order of ``static_layers``.

    """
    layers_dir.mkdir(parents=True, exist_ok=True)
    urls: dict[str, str] = {}
    for name, text in static_layers.items():
        file_name = layer_file_name(name=name, text=text)
        _write_once(layers_dir / file_name, text)
        urls[name] = f"{layers_url}/{file_name}"
    return urls


def _write_once(target: Path, text: str) -> None:
    if target.exists():
        return
    # Write then rename, so a concurrent server never serves a half-written file.
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.chmod(temporary, 0o644)  # mkstemp makes it private; the server only reads it
    os.replace(temporary, target)


#: Session layers (an upload's rows) as files: served like the fixed layers, under names
#: nobody can derive from the content (keyed with a secret of this server process).
SESSION_LAYERS_DIR: Final = VENDOR_DIR / "session-layers"
SESSION_LAYERS_URL: Final = f"{VENDOR_URL}/session-layers"
#: How many session-layer files are kept; older ones are deleted as new ones are written.
SESSION_LAYERS_KEPT: Final = 64
_SESSION_KEY: Final = secrets.token_bytes(32)


def publish_session_layer(
    *,
    text: str,
    layers_dir: Path = SESSION_LAYERS_DIR,
    layers_url: str = SESSION_LAYERS_URL,
    kept: int = SESSION_LAYERS_KEPT,
) -> str:
    """Write one session's layer data (JSON text) under an unguessable name; return its URL.

    Parameters
    ----------
    text : str
        The layer's JSON text (an upload's rows, escaped for HTML where they are HTML).
    layers_dir : Path
        Where to write (``static/vendor/session-layers`` by default; generated, git-ignored).
    layers_url : str
        URL of ``layers_dir`` on the server.
    kept : int
        The newest files kept in ``layers_dir``; older ones are deleted.

    Returns
    -------
    str
        The file's URL. The name is an HMAC of the text under this process's secret: only the
        session that drew the layer is given it.

    """
    layers_dir.mkdir(parents=True, exist_ok=True)
    name = hmac.new(_SESSION_KEY, text.encode("utf-8"), hashlib.sha256).hexdigest()
    target = layers_dir / f"{name}.json"
    _write_once(target, text)
    target.touch()  # the newest, whether written now or before
    files = sorted(layers_dir.glob("*.json"), key=lambda path: path.stat().st_mtime)
    for old in files[:-kept]:
        old.unlink(missing_ok=True)
    return f"{layers_url}/{target.name}"
