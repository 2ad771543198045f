"""Names of states and zones for sentences shown to people."""

from __future__ import annotations

STATE_NAMES = {
    "VEN": "Venezuela",
    "COL": "Colombia",
    "ABW": "Aruba",
    "CUW": "Curaçao",
    "BES": "the Caribbean Netherlands (Bonaire, Saba, St Eustatius)",
    "TTO": "Trinidad and Tobago",
    "GRD": "Grenada",
    "GUY": "Guyana",
    "VCT": "St Vincent and the Grenadines",
    "LCA": "St Lucia",
    "BRB": "Barbados",
    "DMA": "Dominica",
    "MTQ": "Martinique (France)",
    "GLP": "Guadeloupe (France)",
    "MSR": "Montserrat (UK)",
    "ATG": "Antigua and Barbuda",
    "KNA": "St Kitts and Nevis",
    "DOM": "the Dominican Republic",
    "HTI": "Haiti",
    "PRI": "Puerto Rico (US)",
    "VIR": "the US Virgin Islands",
    "SUR": "Suriname",
}
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
    if code in STATE_NAMES:
        return STATE_NAMES[code]
    from geo.claims import state_claims  # reads data/geo/claims.csv once

    claim = state_claims().get(code)
    return claim.name if claim is not None else code


def zone_phrase(*, zone: str, state: str | None) -> str:
    """E.g. "Venezuela's territorial sea", "on land (Colombia)", "the high seas"."""
    if zone == "high_seas":
        return "on the high seas"
    if zone == "land":
        return f"on land ({state_name(state)})"
    name = state_name(state)
    possessive = f"{name}'" if name.endswith("s") else f"{name}'s"
    return f"{possessive} {_ZONE_WORDS.get(zone, zone)}"
