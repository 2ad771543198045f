"""Checksums of the committed data files, verified when they are loaded."""

from __future__ import annotations

import hashlib
from pathlib import Path

from common.atomic_write import write_text_atomic

MANIFEST_NAME = "MANIFEST.sha256"


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tracked(directory: Path) -> list[Path]:
    return sorted(
        p
        for p in directory.rglob("*")
        if p.is_file()
        and p.name != MANIFEST_NAME
        and p.suffix in {".geojson", ".parquet", ".npz", ".csv"}
    )


def manifest_text(directory: Path) -> str:
    """The ``MANIFEST.sha256`` that lists every data file below ``directory`` as it is now."""
    lines = [f"{sha256_of(p)}  {p.relative_to(directory).as_posix()}" for p in _tracked(directory)]
    return "\n".join(lines) + "\n"


def write_manifest(directory: Path) -> None:
    """Write ``MANIFEST.sha256`` listing every data file below ``directory``."""
    write_text_atomic(directory / MANIFEST_NAME, manifest_text(directory))


def read_manifest(directory: Path) -> dict[str, str]:
    """Relative path -> expected SHA-256."""
    entries = {}
    for line in (directory / MANIFEST_NAME).read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            entries[name.strip()] = digest
    return entries
