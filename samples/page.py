"""Per-page drawing context and per-document visual theme."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .surface import FONTS, Style, Surface


@dataclass
class SealMark:
    shape: str                       # round / oval / square
    text: str                        # the curved (or only) text of the seal
    bbox: tuple[float, float, float, float]  # mm on the upright page
    # hard-case truth (the committed corpus keeps only the three fields above)
    centre_text: str = ""
    faded: bool = False
    legible: bool = True
    owner: str = ""                  # company / person / other (empty: decided from the text)
    ink: str = "red"
    over_text: bool = False          # printed text under the impression
    over_signature: bool = False
    double: bool = False
    size_mm: tuple[float, float] = (0.0, 0.0)
    angle: float = 0.0               # counter-clockwise turn of the impression, degrees


@dataclass
class Theme:
    """Fonts, margins and sizes chosen once per document so its pages look alike."""
    title_font: str
    body_font: str
    margin: float
    top: float
    size: float
    title_size: float

    @classmethod
    def random(cls, rng: random.Random) -> "Theme":
        body = rng.choice(FONTS)
        return cls(title_font=rng.choice(FONTS), body_font=body, margin=rng.uniform(16, 30),
                   top=rng.uniform(18, 38), size=rng.uniform(3.5, 4.6), title_size=rng.uniform(6.0, 8.5))

    def body(self, scale: float = 1.0, **kw) -> Style:
        return Style(self.body_font, self.size * scale, **kw)

    def title(self, scale: float = 1.0, **kw) -> Style:
        kw.setdefault("bold", True)
        return Style(self.title_font, self.title_size * scale, **kw)


@dataclass
class Ctx:
    surface: Surface
    rng: random.Random
    theme: Theme
    seals: list[SealMark] = field(default_factory=list)
    signed: bool = False
    hard: object = None              # samples.hard.PageStyle for hard-case sets; None keeps the legacy look
    signatures: list[tuple[float, float, float, float]] = field(default_factory=list)  # mm boxes

    @property
    def left(self) -> float:
        return self.theme.margin

    @property
    def right(self) -> float:
        return self.surface.width - self.theme.margin * self.rng.uniform(0.85, 1.0)

    @property
    def width(self) -> float:
        return self.surface.width - 2 * self.theme.margin
