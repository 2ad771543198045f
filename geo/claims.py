"""Each state's maritime claims as the sources state them (``data/geo/claims.csv``).

One row per coastal state or territory of the theatre: its name, the breadths the model
draws (territorial sea, contiguous zone where one is claimed, 200-nm zone), and any claim the
law of the sea does not recognise (Peru's "dominio marítimo", El Salvador's Art. 84, Ecuador's
historic 200-nm sea), which is recorded as a note on the state's zones and never applied.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from common.datafiles import DataFileError
from geo import paths


@dataclass(frozen=True)
class StateClaim:
    """One state's claims, as modelled."""

    state: str
    name: str
    name_in_sentence: str
    territorial_sea_nm: float
    contiguous_zone_nm: float | None
    eez_nm: float
    zone_200_kind: str
    unrecognised_claim: str
    note: str
    source: str


def _number(row: dict[str, str], field: str, *, path: Path, line: int) -> float | None:
    text = (row.get(field) or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise DataFileError(
            f"{path}: line {line}, {field} = {text!r}: expected a number of nautical miles"
        ) from None
    if not 0 <= value <= 350:
        raise DataFileError(f"{path}: line {line}, {field} = {text!r}: expected 0 to 350 nm")
    return value


def read_claims(path: Path) -> dict[str, StateClaim]:
    """Every row of ``claims.csv`` by state code.

    Raises
    ------
    DataFileError
        Naming the line and field of a row that is not what the file promises.

    """
    claims: dict[str, StateClaim] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            state = (row.get("state") or "").strip()
            if len(state) != 3 or not state.isupper():
                raise DataFileError(f"{path}: line {line}, state = {state!r}: expected ISO alpha-3")
            territorial = _number(row, "territorial_sea_nm", path=path, line=line)
            eez = _number(row, "eez_nm", path=path, line=line)
            if territorial is None or eez is None:
                raise DataFileError(
                    f"{path}: line {line}: territorial_sea_nm and eez_nm are required"
                )
            claims[state] = StateClaim(
                state=state,
                name=row["name"],
                name_in_sentence=row.get("name_in_sentence") or row["name"],
                territorial_sea_nm=territorial,
                contiguous_zone_nm=_number(row, "contiguous_zone_nm", path=path, line=line),
                eez_nm=eez,
                zone_200_kind=row.get("zone_200_kind") or "eez",
                unrecognised_claim=row.get("unrecognised_claim") or "",
                note=row.get("note") or "",
                source=row.get("source") or "",
            )
    return claims


@lru_cache(maxsize=1)
def state_claims() -> dict[str, StateClaim]:
    """The committed ``claims.csv`` (read once per process)."""
    return read_claims(paths.CLAIMS)
