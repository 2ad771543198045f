"""The point check's answer for people: a plain yes / no / can't tell, then facts, then caveats.

Built from ``geo.check``'s fields (``PointCheck.to_dict()``) and the caveats of
``data/events/answer_caveats.csv``; every line is plain text (the page shows it with
``st.text`` / ``st.code`` or escaped), and :meth:`PointAnswer.citation_text` is the text a
journalist copies: the answer, the facts, the caveats and a citation line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from events.caveats import caveats_at
from geo.constants import TERRITORIAL_WATERS_ZONES, UNKNOWN_ZONE
from geo.names import state_name, zone_phrase

#: How the first line answers "is it in Venezuela's territorial waters?".
Outcome = Literal["yes", "no", "cant_tell"]
QUESTION = "In Venezuela's territorial waters"
#: Cited with every copied answer.
PROJECT_NAME = "Maritime strike map (Caribbean and Eastern Pacific)"


@dataclass(frozen=True)
class PointAnswer:
    """A point check in words.

    Attributes
    ----------
    outcome : {"yes", "no", "cant_tell"}
        The answer to the question, for the colour of the first line.
    headline : str
        First line, e.g. "In Venezuela's territorial waters: yes".
    caveats : tuple of str
        Disputes first, then the baseline limits and the zone's other note.
    facts : tuple of str
        Position, zone and state, distances, nearest state, any state's territorial waters.

    """

    outcome: Outcome
    headline: str
    caveats: tuple[str, ...]
    facts: tuple[str, ...]

    def citation_text(self, *, data_version: str, checked_on: dt.date) -> str:
        """The answer as plain text to copy, ending with a citation line.

        Parameters
        ----------
        data_version : str
            The data version shown on the page.
        checked_on : datetime.date
            The day the check was made (UTC).

        Returns
        -------
        str
            Headline, caveats, facts, then "Source: ..., data version ..., checked ...;
            caveat: ...".

        """
        caveat = "; ".join(self.caveats) if self.caveats else "none at this position"
        citation = (
            f"Source: {PROJECT_NAME}, data version {data_version}, checked "
            f"{checked_on:%Y-%m-%d}; zones computed geodesically from the normal baseline "
            f"(the coast); caveat: {caveat}."
        )
        return "\n".join([self.headline, *self.caveats, *self.facts, citation])


def _outcome(check: Mapping[str, Any]) -> tuple[Outcome, str]:
    radius_nm = check.get("radius_nm")
    verdict = check.get("verdict")
    if check.get("position_kind") == "reported":
        # A sentence such as "126 nm off Golfito" stands for an area: the verdict is over it.
        if verdict == "inside":
            return "yes", "yes (over the reported area)"
        if verdict == "outside":
            return "no", "no (over the reported area)"
        return "cant_tell", "can't tell (over the reported area)"
    if check.get("zone") == UNKNOWN_ZONE:
        return "cant_tell", "can't tell (outside the modelled region)"
    if verdict == "indeterminate" and radius_nm:
        return "cant_tell", f"can't tell within {float(radius_nm):g} nm"
    if verdict is not None and radius_nm:
        answer: Outcome = "yes" if verdict == "inside" else "no"
        return answer, f"{answer} (within {float(radius_nm):g} nm)"
    return ("yes", "yes") if check.get("in_territorial_waters") else ("no", "no")


def _any_state_line(check: Mapping[str, Any]) -> str:
    touched = [state_name(code) for code in check.get("states_touched") or ()]
    verdict = check.get("any_state_verdict")
    if verdict is None:
        in_any = check.get("zone") in TERRITORIAL_WATERS_ZONES
        state = check.get("state")
        if check.get("zone") == UNKNOWN_ZONE:
            answer = "can't tell (outside the modelled region)"
        elif in_any and state:
            answer = f"yes ({state_name(state)})"
        elif in_any:
            answer = "yes (shared waters)"
        else:
            answer = "no"
    else:
        words = {"inside": "yes", "outside": "no", "indeterminate": "can't tell"}
        answer = words.get(str(verdict), str(verdict))
        if check.get("radius_nm"):
            answer += f" (within {float(check['radius_nm']):g} nm)"
        if touched:
            answer += f" (reaches those of {', '.join(touched)})"
    return f"In any state's territorial waters: {answer}"


def _facts(check: Mapping[str, Any], *, origin: str) -> list[str]:
    lat, lon = float(check["lat"]), float(check["lon"])
    facts = [f"Position: {lat:.6f}, {lon:.6f} ({origin})"]
    if check.get("zone") == UNKNOWN_ZONE:
        facts.append(f"Zone: unknown, {check.get('message', '')}")
    else:
        where = zone_phrase(zone=str(check["zone"]), state=check.get("state"))
        state = state_name(check.get("state")) if check.get("state") else "none"
        label = "Zone as modelled" if check.get("disputed") else "Zone"
        facts.append(f"{label}: {where}; state: {state}")
    facts.append(f"Distance to Venezuela's baseline: {float(check['distance_nm']):.1f} nm")
    if check.get("radius_nm"):
        facts.append(
            f"Within {float(check['radius_nm']):g} nm: {float(check['min_distance_nm']):.1f} to "
            f"{float(check['max_distance_nm']):.1f} nm from Venezuela's baseline"
        )
    nearest = check.get("nearest_state")
    if nearest:
        facts.append(
            f"Nearest state's coast: {state_name(nearest)}, "
            f"{float(check['nearest_state_distance_nm']):.1f} nm"
        )
    facts.append(_any_state_line(check))
    return facts


def _caveats(check: Mapping[str, Any]) -> list[str]:
    note = str(check.get("note") or "")
    disputed = bool(check.get("disputed"))
    lat, lon = float(check["lat"]), float(check["lon"])
    rows = caveats_at(lat=lat, lon=lon, note=note, disputed=disputed)
    texts = [row.caveat for row in rows]
    has_dispute_row = any(row.kind == "dispute" for row in rows)
    if disputed and not has_dispute_row:
        # A dispute the caveat file does not name yet: say so first, in the zone note's words.
        texts.insert(0, f"disputed waters: {note}")
    elif note and not disputed:
        # E.g. a claim the law of the sea does not recognise (Peru, El Salvador, Ecuador).
        texts.append(note)
    return texts


def point_answer(
    *, check: Mapping[str, Any], origin: str, summary: str | None = None
) -> PointAnswer:
    """Word a point check: the plain answer, the caveats that apply there, then the facts.

    Parameters
    ----------
    check : Mapping
        ``geo.check.PointCheck.to_dict()`` (with or without a radius), or a reported
        sentence's ``geo.area_check.ReportedCheck.to_dict()`` (``position_kind`` "reported":
        the verdict is over the sentence's area).
    origin : str
        How the position was given ("typed", "click", "reported").
    summary : str, optional
        The facts in one sentence, in place of the point's own (for a reported sentence,
        ``geo.area_check.describe_reported``).

    Returns
    -------
    PointAnswer

    """
    outcome, answer = _outcome(check)
    return PointAnswer(
        outcome=outcome,
        headline=f"{QUESTION}: {answer}",
        caveats=tuple(_caveats(check)),
        facts=(summary,) if summary is not None else tuple(_facts(check, origin=origin)),
    )
