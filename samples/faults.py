"""Fault catalogue: which defects a dossier carries and the missing items they imply."""
from __future__ import annotations

import random

# fault -> (missing item id or None, reason)
FAULTS: dict[str, tuple[str | None, str]] = {
    "missing_year": ("financials_{year}", "missing"),
    "unstamped_letter": ("commitment_letter", "unstamped"),
    "unsigned_letter": ("commitment_letter", "unsigned"),
    "illegible_licence": ("business_licence", "illegible"),
    "no_cloud_proof": ("cloud_platform_proof", "missing"),
    "no_photos": ("photos", "missing"),
    "short_profile": ("company_profile", "too_short"),
    "no_application_form": ("application_form", "missing"),
    "unstamped_form": ("application_form", "unstamped"),
    "expired_licence": ("business_licence", "expired"),
    "name_mismatch": (None, "mismatch"),
}
CONFLICTS = [{"no_application_form", "unstamped_form"}, {"illegible_licence", "expired_licence"}]
# Committed corpus: one dossier per headline case, in this order.
COMMITTED = [[], ["missing_year"], ["unstamped_letter"], ["illegible_licence"], ["no_cloud_proof"], ["name_mismatch"]]


def choose(rng: random.Random) -> list[str]:
    """About a third clean, else one or two compatible faults."""
    if rng.random() < 1 / 3:
        return []
    names = sorted(FAULTS)
    picked = [rng.choice(names)]
    if rng.random() < 0.4:
        other = rng.choice(names)
        if other not in picked and not any({other, picked[0]} <= c for c in CONFLICTS):
            picked.append(other)
    return sorted(picked)


def missing_items(faults: list[str], missing_year: int | None) -> list[dict[str, str]]:
    out = []
    for f in faults:
        item, reason = FAULTS[f]
        if item:
            out.append({"item": item.format(year=missing_year), "reason": reason})
    return sorted(out, key=lambda d: (d["item"], d["reason"]))
