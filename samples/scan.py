"""Scanner / phone-camera artefacts applied to an upright page image.

Geometry (skew, then a quarter-turn) is tracked so seal boxes can be mapped into the
stored image. Convention: both `rotation` and `skew` are clockwise degrees of the
content as stored.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image


@dataclass
class ScanProfile:
    """Per-dossier tendencies (one scanner, one operator)."""
    max_skew: float
    blur: float
    noise: float
    tint: tuple[int, int, int]
    contrast: float
    illumination: float
    rotate_prob: float

    @classmethod
    def random(cls, rng: random.Random, committed: bool = False) -> "ScanProfile":
        return cls(max_skew=rng.uniform(0.3, 3.0), blur=rng.uniform(0.0, 0.9),
                   noise=rng.uniform(1.0, 3.0) if committed else rng.uniform(1.0, 7.0),
                   tint=(rng.randrange(238, 256), rng.randrange(236, 254), rng.randrange(228, 250)),
                   contrast=rng.uniform(0.8, 1.0), illumination=rng.uniform(0.0, 0.15),
                   rotate_prob=0.1)


@dataclass
class ScanParams:
    rotation: int
    skew: float
    blur: float
    noise: float
    contrast: float
    illumination: float
    illegible: bool = False


def sample_params(rng: random.Random, prof: ScanProfile, illegible: bool = False) -> ScanParams:
    rot = rng.choice([90, 180, 270]) if rng.random() < prof.rotate_prob else 0
    p = ScanParams(rotation=rot, skew=round(rng.uniform(-prof.max_skew, prof.max_skew), 2),
                   blur=prof.blur * rng.uniform(0.5, 1.3), noise=prof.noise, contrast=prof.contrast,
                   illumination=prof.illumination * rng.uniform(0.5, 1.5))
    if illegible:  # a human could not read this: heavy blur, washed out
        # Still visibly a page of text (a reviewer sees what it is), but unreadable.
        p.blur, p.contrast, p.illegible = rng.uniform(4.5, 6.5), rng.uniform(0.3, 0.42), True
    return p


def apply(img: Image.Image, p: ScanParams, prof: ScanProfile, rng: random.Random, dpi: int,
          expand: bool = False, tint: tuple[float, float, float] | None = None):
    """Return (scanned image, point mapper upright->stored pixel coords).

    expand: the canvas grows to hold the whole skewed page (a large skew on a flatbed
    larger than the sheet); tint overrides the profile's paper tint (greyscale copies).
    """
    arr = np.asarray(img).astype(np.float32)
    h, w = arr.shape[:2]
    arr = arr * (np.array(tint or prof.tint, np.float32) / 255.0)  # paper tint (multiplies white)
    # contrast: pull towards paper grey
    mean = 200.0 if not p.illegible else 215.0
    arr = mean + (arr - mean) * p.contrast
    if p.illumination > 0:  # uneven light: a soft gradient from one side
        gx, gy = rng.uniform(-1, 1), rng.uniform(-1, 1)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        g = (xx / w - 0.5) * gx + (yy / h - 0.5) * gy
        arr = arr * (1 - p.illumination * (g - g.min()) / (np.ptp(g) + 1e-6))[..., None]
    if p.blur > 0.15:
        s = p.blur * dpi / 200
        arr = cv2.GaussianBlur(arr, (0, 0), s)
    # skew: rotate about the centre, same canvas, exposed corners show the scanner lid
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -p.skew, 1.0)  # cv2 angle is counter-clockwise
    lid = float(rng.uniform(225, 250))
    if expand:
        cos, sin = abs(m[0, 0]), abs(m[0, 1])
        nw, nh = int(np.ceil(h * sin + w * cos)) + 8, int(np.ceil(h * cos + w * sin)) + 8
        m[0, 2] += nw / 2.0 - w / 2.0
        m[1, 2] += nh / 2.0 - h / 2.0
        arr = cv2.warpAffine(arr, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=(lid, lid, lid))
        h, w = nh, nw
    else:
        arr = cv2.warpAffine(arr, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(lid, lid, lid))
    if p.noise > 0:
        nrng = np.random.default_rng(rng.randrange(2**32))
        arr = arr + nrng.normal(0, p.noise, (h, w))[..., None].astype(np.float32)
    out = arr.clip(0, 255).astype(np.uint8)
    k = p.rotation // 90
    if k:
        out = np.ascontiguousarray(np.rot90(out, -k))  # negative k = clockwise

    def mapper(x: float, y: float) -> tuple[float, float]:
        xs = m[0, 0] * x + m[0, 1] * y + m[0, 2]
        ys = m[1, 0] * x + m[1, 1] * y + m[1, 2]
        for _ in range(k):  # clockwise quarter turn of a (W,H) image: (x,y)->(H-1-y, x)
            hh = h if _ % 2 == 0 else w
            xs, ys = hh - 1 - ys, xs
        return xs, ys

    return Image.fromarray(out), mapper


def map_bbox(b: tuple[float, float, float, float], mapper) -> list[int]:
    pts = [mapper(x, y) for x in (b[0], b[2]) for y in (b[1], b[3])]
    xs, ys = [q[0] for q in pts], [q[1] for q in pts]
    return [round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys))]
