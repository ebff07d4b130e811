"""Graded page degradations and the human-readability criterion that labels them.

Every degradation is set by a physical quantity, and the truth label (`legible`) is
decided from that quantity, never from what the pipeline measures:

| kind          | quantity judged                                       | legible   | borderline   | illegible |
| ------------- | ----------------------------------------------------- | --------- | ------------ | --------- |
| blur          | optical Gaussian sigma / body-text em (sigma in mm)   | <= 0.125  | 0.125-0.175  | > 0.175   |
| contrast      | ink-to-paper grey difference left (of 255), noise 2.5 | >= 12     | 6-12         | < 6       |
| lowres        | body-text em in pixels (dpi x em / 25.4)              | >= 7      | 5-7          | < 5       |
| overexposure  | exposure gain in stops (thin strokes burn out)        | <= 2.3    | 2.3-3.0      | > 3.0     |
| underexposure | exposure in stops below normal (paper goes black)     | >= -4.3   | -4.3 - -5.5  | < -5.5    |
| jpeg          | JPEG quality at 200 dpi                               | >= 1      | -            | never     |
| noise         | Gaussian noise sigma, grey levels                     | <= 100    | 100-150      | > 150     |
| cutoff        | share of the page's printed text lost at the edge     | <= 0.02   | 0.02-0.10    | > 0.10    |

The criterion: a person looking at the page on screen (zooming as needed) can still
read the body text. Body text is 3.2-4.6 mm em (9-13 pt). The thresholds were set by
looking at the ladder pages at 100 %: at 0.5 mm blur 4 mm text is still read, at 0.65
mm only guessed from context, at 0.85 mm not at all (light Ming strokes of 3.2 mm table
text go sooner, hence blur relative to the em); a 7 grey-level contrast is still read
on a quiet page; 8 px per em is read, 5 px per em only guessed; JPEG alone never makes
a 200 dpi page unreadable (q=1 is still read), so the jpeg ladder is all legible and
tests that a checker does not reject compression artefacts; heavy noise (sigma 100)
is still read because the eye averages it out. Cut-off pages are illegible as a
document once more than a tenth of the text is gone, even if what is left is sharp.
Inside the borderline band the label is the side of the band's middle, and
`borderline: true` says people disagree there: score the clear cases first.
"""
from __future__ import annotations

import io
import random

import cv2
import numpy as np
from PIL import Image

# (legible up to, illegible beyond); direction +1: larger is worse, -1: smaller is worse
CRITERIA: dict[str, tuple[float, float, int]] = {
    "blur": (0.125, 0.175, +1),       # sigma / em
    "contrast": (12.0, 6.0, -1),
    "lowres": (7.0, 5.0, -1),         # px per em
    "overexposure": (2.3, 3.0, +1),
    "underexposure": (-4.3, -5.5, -1),
    "jpeg": (1.0, 0.0, -1),
    "noise": (100.0, 150.0, +1),
    "cutoff": (0.02, 0.10, +1),
}
UNITS = {"blur": "mm sigma (judged per em)", "contrast": "grey levels", "lowres": "px/em", "overexposure": "stops",
         "underexposure": "stops", "jpeg": "quality", "noise": "grey levels", "cutoff": "share of text lost"}
# Ladder levels per kind, from clean to hopeless (lowres levels are dpi, cutoff levels the share of the page cut).
LADDERS: dict[str, list[float]] = {
    "blur": [0.1, 0.25, 0.4, 0.5, 0.58, 0.66, 0.75, 0.9],
    "contrast": [60, 24, 14, 10, 8, 6, 4, 2],
    "lowres": [100, 75, 60, 50, 42, 36, 30, 24],
    "overexposure": [0.5, 1.0, 1.8, 2.4, 2.7, 3.1, 3.6, 4.5],
    "underexposure": [-1.0, -2.5, -3.5, -4.2, -4.8, -5.3, -5.8, -6.5],
    "jpeg": [50, 20, 10, 5, 3, 2, 1],
    "noise": [20, 50, 80, 110, 130, 160, 200, 240],
    "cutoff": [0.0, 0.05, 0.12, 0.2, 0.3, 0.4],
}
KINDS = tuple(LADDERS)


def verdict(kind: str, value: float, em_mm: float = 4.0) -> tuple[bool, bool]:
    """(legible, borderline) for a degradation of `kind` at physical `value` (blur: sigma in mm)."""
    ok, bad, sign = CRITERIA[kind]
    if kind == "blur":
        value = value / em_mm
    v = value * sign
    ok, bad = ok * sign, bad * sign
    if v <= ok:
        return True, False
    if v > bad:
        return False, False
    return v <= (ok + bad) / 2, True


def _to_f(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("RGB")).astype(np.float32)


def _from_f(a: np.ndarray) -> Image.Image:
    return Image.fromarray(a.clip(0, 255).astype(np.uint8))


def ink_mask(img: Image.Image) -> np.ndarray:
    """Printed (dark) pixels of a clean page."""
    return np.asarray(img.convert("L")) < 140


def apply(img: Image.Image, kind: str, level: float, rng: random.Random, dpi: float,
          em_mm: float = 4.0) -> tuple[Image.Image, float, float]:
    """Degrade an upright page. Returns (image, the value the criterion judges, dpi of the result).

    lowres returns the small image (stored at its low dpi); cutoff crops the image.
    """
    a = _to_f(img)
    paper = float(np.percentile(a.mean(axis=2), 90))
    ppm = dpi / 25.4
    if kind == "blur":
        return _from_f(cv2.GaussianBlur(a, (0, 0), level * ppm)), level, dpi
    if kind == "contrast":
        # washed out: ink pulled towards the paper until `level` grey levels separate them
        ink = float(np.percentile(a.mean(axis=2), 0.5))
        span = max(paper - ink, 1.0)
        out = paper - (paper - a) * (level / span)
        nrng = np.random.default_rng(rng.randrange(2**32))
        out = cv2.GaussianBlur(out, (0, 0), 0.6) + nrng.normal(0, 2.5, a.shape[:2])[..., None]  # scanner noise stays
        return _from_f(out), level, dpi
    if kind == "lowres":
        f = level / dpi
        small = img.resize((max(1, round(img.width * f)), max(1, round(img.height * f))), Image.BOX)
        return small, level * em_mm / 25.4, level
    if kind == "overexposure":
        optics = cv2.GaussianBlur(a, (0, 0), max(0.5, 0.05 * ppm))
        return _from_f(optics * 2 ** level), level, dpi
    if kind == "underexposure":
        nrng = np.random.default_rng(rng.randrange(2**32))
        out = a * 2 ** level + nrng.normal(0, 1.5, a.shape[:2])[..., None]  # read noise stays
        return _from_f(np.round(out)), level, dpi
    if kind == "jpeg":
        buf = io.BytesIO()
        img.convert("RGB").save(buf, "JPEG", quality=int(level))
        return Image.open(io.BytesIO(buf.getvalue())).convert("RGB"), level, dpi
    if kind == "noise":
        nrng = np.random.default_rng(rng.randrange(2**32))
        return _from_f(a + nrng.normal(0, level, a.shape[:2])[..., None]), level, dpi
    if kind == "cutoff":
        if level <= 0:
            return img, 0.0, dpi
        ink = ink_mask(img)
        h, w = ink.shape
        side = rng.choice(["left", "right", "bottom", "top", "corner"])
        keep = np.ones_like(ink)
        if side == "left":
            keep[:, : int(w * level)] = False
            box = (int(w * level), 0, w, h)
        elif side == "right":
            keep[:, w - int(w * level):] = False
            box = (0, 0, w - int(w * level), h)
        elif side == "top":
            keep[: int(h * level), :] = False
            box = (0, int(h * level), w, h)
        elif side == "bottom":
            keep[h - int(h * level):, :] = False
            box = (0, 0, w, h - int(h * level))
        else:  # a folded-over corner: a triangle of the scan is the back of the sheet
            s = level * 1.6
            yy, xx = np.mgrid[0:h, 0:w]
            keep = (xx / w + (h - yy) / h) > s  # bottom-left corner folded
            out = a.copy()
            out[~keep] = paper * 0.93
            lost = float((ink & ~keep).sum()) / max(1, int(ink.sum()))
            return _from_f(out), lost, dpi
        lost = float((ink & ~keep).sum()) / max(1, int(ink.sum()))
        return img.crop(box), lost, dpi
    raise ValueError(kind)


def random_mild(rng: random.Random, em_mm: float = 4.0) -> tuple[str, float]:
    """A degradation a person still reads without trouble (dossier pages)."""
    kind = rng.choice(["blur", "blur", "contrast", "lowres", "overexposure", "underexposure", "jpeg", "noise"])
    if kind == "blur":
        return kind, round(em_mm * rng.uniform(0.05, 0.11), 3)
    if kind == "contrast":
        return kind, round(rng.uniform(18, 60), 1)
    if kind == "lowres":
        return kind, rng.choice([60, 75, 100])
    if kind == "overexposure":
        return kind, round(rng.uniform(0.5, 2.0), 2)
    if kind == "underexposure":
        return kind, round(rng.uniform(-3.5, -1.0), 2)
    if kind == "jpeg":
        return kind, rng.choice([3, 5, 8, 12])
    return kind, round(rng.uniform(15, 70), 1)


def random_severe(rng: random.Random, em_mm: float = 4.0) -> tuple[str, float]:
    """A degradation nobody can read through (dossier pages marked illegible)."""
    kind = rng.choice(["blur", "blur", "contrast", "overexposure", "underexposure", "noise"])
    if kind == "blur":
        return kind, round(em_mm * rng.uniform(0.21, 0.3), 3)
    if kind == "contrast":
        return kind, round(rng.uniform(1.5, 4.5), 1)
    if kind == "overexposure":
        return kind, round(rng.uniform(3.5, 4.5), 2)
    if kind == "underexposure":
        return kind, round(rng.uniform(-7.0, -6.0), 2)
    return kind, round(rng.uniform(190, 250), 1)
