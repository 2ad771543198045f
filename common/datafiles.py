"""Data-file errors, the rebuild hint, and reading a file verified against its manifest."""

from __future__ import annotations

from pathlib import Path

from common.manifest import MANIFEST_NAME, read_manifest, sha256_of


class DataFileError(RuntimeError):
    """A data file is missing, corrupted or not what the manifest says."""


def rebuild_hint(*, module: str) -> str:
    """How to rebuild or restore a data file written by ``python -m <module>``.

    Parameters
    ----------
    module : str
        The build module, e.g. ``"geo.build"`` or ``"events.build"``.

    Returns
    -------
    str
        The hint appended to every :class:`DataFileError` message about such a file.

    """
    return (
        f"rebuild it with `make data` (python -m {module}) or restore it with `git checkout data/`"
    )


def checked_path(path: Path, *, directory: Path, hint: str) -> Path:
    """Return ``path`` once it is verified against its folder's checksum manifest.

    Parameters
    ----------
    path : Path
        A data file below ``directory``.
    directory : Path
        The folder whose ``MANIFEST.sha256`` lists the file.
    hint : str
        How to rebuild or restore the file, appended to every error message.

    Returns
    -------
    Path
        ``path`` itself.

    Raises
    ------
    DataFileError
        If the file or the manifest is missing, the manifest does not list the file or cannot
        be read, or the file's SHA-256 differs from the manifest's.

    """
    if not path.is_file():
        raise DataFileError(f"{path}: missing data file; {hint}")
    manifest_path = directory / MANIFEST_NAME
    if not manifest_path.is_file():
        raise DataFileError(f"{manifest_path}: missing checksum manifest; {hint}")
    try:
        manifest = read_manifest(directory)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise DataFileError(
            f"{manifest_path}: checksum manifest cannot be read ({error}); {hint}"
        ) from error
    expected = manifest.get(path.relative_to(directory).as_posix())
    if expected is None:
        raise DataFileError(f"{path}: not listed in {manifest_path}; {hint}")
    if sha256_of(path) != expected:
        raise DataFileError(
            f"{path}: checksum does not match {manifest_path} (file changed or corrupted); {hint}"
        )
    return path
