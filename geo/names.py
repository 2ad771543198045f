"""Names of states and zones for sentences shown to people."""

from __future__ import annotations

_ZONE_WORDS = {
    "land": "on land",
    "internal_waters": "internal waters",
    "territorial_sea": "territorial sea",
    "contiguous_zone": "contiguous zone",
    "eez": "exclusive economic zone",
    "high_seas": "high seas",
}


def state_name(code: str | None) -> str:
    """A readable name for an ISO alpha-3 code (as a sentence uses it: "the Bahamas")."""
    if code is None:
        return "no state"
    from geo.claims import state_claims  # reads data/geo/claims.csv once

    claim = state_claims().get(code)
    return claim.name_in_sentence if claim is not None else code


def zone_phrase(*, zone: str, state: str | None) -> str:
    """E.g. "Venezuela's territorial sea", "on land (Colombia)", "the high seas"."""
    if zone == "high_seas":
        return "on the high seas"
    if zone == "land":
        return f"on land ({state_name(state)})"
    name = state_name(state)
    possessive = f"{name}'" if name.endswith("s") else f"{name}'s"
    return f"{possessive} {_ZONE_WORDS.get(zone, zone)}"
