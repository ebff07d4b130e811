"""Hard cases for freshly generated sets (never the committed corpus).

A dossier draws a `HardProfile` (its own random stream, so the plan, the faults and
the missing items are the same as without hard cases); each page then draws its
`PageFx`: greyscale copy, phone photo, quarter turn, large skew, degradation.
Renderers see `PageStyle` through `ctx.hard` and stamp realistic seals with it.

Rough frequencies in a 20-dossier set (~400 pages; see tests/test_samples.py):
faded seals ~15 % of seals, dark-red/brown ~20 %, oval 财务专用章 on most stamped
statements, square personal seals on ~60 % of letters and ~40 % of forms, greyscale
pages ~12 %, quarter-turned pages ~10 % (photos and near-empty pages ~35 %), large
skew (4-15 deg) ~4 %, phone photos ~15 %, blank pages ~0.6 per dossier, degraded but
legible pages ~8 %, illegible optional pages ~3 %.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import degrade


@dataclass
class PageStyle:
    """What the renderers need: how seals wear, and the page-specific extras."""
    fade_prob: float = 0.15
    heavy_share: float = 0.3
    dark_prob: float = 0.2
    double_prob: float = 0.05
    personal_seal: bool = False       # square 法定代表人 seal next to the signature
    finance_seal: float = 0.7         # chance a stamped statement carries the oval 财务专用章
    audit_finance_seal: float = 0.35  # chance an audit report's statement page is stamped too
    seal_over_signature: float = 0.35
    foreign_seal: str | None = None   # this page is stamped by another organisation


@dataclass
class HardProfile:
    style: PageStyle
    grey_all: bool
    grey_groups: set[str]
    grey_page_prob: float
    phone_all: bool
    phone_page_prob: float
    rotate_prob: float
    photo_rotate_prob: float
    big_skew_prob: float
    mild_prob: float
    severe_optional_prob: float
    foreign_on: str | None            # "letter" / "form": stamped by another organisation
    foreign_name: str | None = None
    blanks: list[str] = field(default_factory=list)   # kinds of blank pages to insert
    divider: bool = False             # a near-empty section divider page

    @classmethod
    def choose(cls, rng: random.Random) -> "HardProfile":
        fade = rng.choice([0.08, 0.15, 0.3])
        style = PageStyle(fade_prob=fade, heavy_share=rng.uniform(0.2, 0.45), dark_prob=rng.choice([0.1, 0.2, 0.4]),
                          double_prob=rng.choice([0.0, 0.05, 0.1]), personal_seal=rng.random() < 0.65)
        r = rng.random()
        grey_all = r < 0.1
        grey_groups: set[str] = set()
        if 0.1 <= r < 0.35:
            grey_groups = set(rng.sample(["licence", "fin", "evidence", "form", "letter"], rng.randrange(1, 3)))
        phone_all = rng.random() < 0.15 and not grey_all
        blanks = []
        if rng.random() < 0.45:
            blanks = [rng.choice(["white", "grey", "show_through"]) for _ in range(rng.choice([1, 1, 2]))]
        return cls(style=style, grey_all=grey_all, grey_groups=grey_groups,
                   grey_page_prob=rng.choice([0.0, 0.0, 0.05]),
                   phone_all=phone_all, phone_page_prob=rng.choice([0.0, 0.0, 0.05, 0.12]),
                   rotate_prob=rng.choice([0.03, 0.08, 0.15]), photo_rotate_prob=rng.choice([0.2, 0.4, 0.6]),
                   big_skew_prob=rng.choice([0.0, 0.03, 0.08]), mild_prob=rng.choice([0.03, 0.08, 0.15]),
                   severe_optional_prob=rng.choice([0.0, 0.1, 0.3]),
                   foreign_on=rng.choice(["letter", "form"]) if rng.random() < 0.08 else None,
                   blanks=blanks, divider=rng.random() < 0.3)


OPTIONAL_TYPES = ("patent_certificate", "high_tech_certificate", "honor_certificate", "rd_expense_proof", "other")
NEAR_EMPTY = ("blank", "photo")


@dataclass
class PageFx:
    rotation: int = 0
    skew: float | None = None          # None: the scan profile decides
    grey: bool = False
    grey_storage: bool = False         # stored as a 1-channel image
    phone: bool = False
    blank: str | None = None
    degradation: tuple[str, float] | None = None
    legible: bool = True

    @classmethod
    def choose(cls, rng: random.Random, hp: HardProfile, doc_type: str, group: str, near_empty: bool,
               illegible_fault: bool, em_mm: float = 4.0) -> "PageFx":
        fx = cls()
        fx.grey = hp.grey_all or group in hp.grey_groups or rng.random() < hp.grey_page_prob
        fx.grey_storage = fx.grey and rng.random() < 0.5
        fx.phone = not fx.grey and (hp.phone_all or rng.random() < hp.phone_page_prob)
        turn_p = hp.photo_rotate_prob if (doc_type in NEAR_EMPTY or near_empty) else hp.rotate_prob
        if fx.phone:
            turn_p = 0.1
        if rng.random() < turn_p:
            fx.rotation = rng.choice([90, 90, 270, 270, 180])
        if not fx.phone and rng.random() < hp.big_skew_prob:
            fx.skew = round(rng.choice([-1, 1]) * rng.uniform(4, 15), 2)
        if not illegible_fault and not near_empty and doc_type not in ("blank", "photo"):
            if doc_type in OPTIONAL_TYPES and rng.random() < hp.severe_optional_prob:
                fx.degradation = degrade.random_severe(rng, em_mm)
                fx.legible = False
            elif rng.random() < hp.mild_prob:
                fx.degradation = degrade.random_mild(rng, em_mm)
        return fx
