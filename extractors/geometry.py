"""Page geometry: skew, upright rotation and deskew (blank pages are extractors/blank.py).

All measurements run on a downscaled greyscale copy so they stay cheap
(a few milliseconds per A4 page at 200 dpi); results are in full-resolution terms.
"""
from __future__ import annotations

import cv2
import numpy as np

# Long side of the working copy: enough to resolve text lines of a 200 dpi A4 page.
_WORK_LONG_SIDE = 1000
_MAX_SKEW = 15.0  # skew the pages may have (spec: up to +-15 degrees)
_SEARCH = _MAX_SKEW + 1.0  # searched a degree beyond, so a page at 15.0 is not lost at the edge of the grid


def to_grey(image: np.ndarray) -> np.ndarray:
    """BGR/BGRA/grey -> uint8 grey."""
    if image.ndim == 2:
        return image if image.dtype == np.uint8 else np.clip(image, 0, 255).astype(np.uint8)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def downscale(image: np.ndarray, long_side: int = _WORK_LONG_SIDE) -> tuple[np.ndarray, float]:
    """Shrink so the long side is at most `long_side`; returns (image, scale) with scale <= 1."""
    h, w = image.shape[:2]
    scale = min(1.0, long_side / float(max(h, w)))
    if scale >= 1.0:
        return image, 1.0
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA), scale


def normalise_background(grey: np.ndarray, kernel: int = 31) -> np.ndarray:
    """Divide by a local paper estimate so grey scanner backgrounds and shading become white.

    The paper estimate is a grey closing (max filter then min filter) that removes
    dark strokes thinner than `kernel`, then a blur to smooth it.
    """
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (kernel, kernel))
    paper = cv2.morphologyEx(grey, cv2.MORPH_CLOSE, k)
    paper = cv2.blur(paper, (kernel, kernel))
    paper = np.maximum(paper, 1).astype(np.float32)
    norm = grey.astype(np.float32) / paper
    return np.clip(norm * 255.0, 0, 255).astype(np.uint8)


def ink_mask(grey: np.ndarray, darkness: float = 0.62) -> np.ndarray:
    """Pixels clearly darker than the local paper (ratio below `darkness`).

    0.62 keeps printed ink (ratio ~0.1-0.4) and drops show-through and
    scanner noise (ratio ~0.8-0.95).
    """
    norm = normalise_background(grey)
    return (norm < int(255 * darkness)).astype(np.uint8) * 255


def int_percentiles(values: np.ndarray, qs: tuple[float, ...], offset: int = 0) -> list[float]:
    """`np.percentile(values, qs)` (linear interpolation) for small integers, from a histogram.

    Exactly numpy's figures, without sorting: a page has millions of pixels and
    a sort of them costs ~10 ms per percentile call. `offset` shifts negative
    values into bincount's range (the values must lie in 0 .. 2**16 after it).

    >>> a = np.array([3, 1, 2, 10], np.uint8)
    >>> int_percentiles(a, (50, 90)) == [float(v) for v in np.percentile(a, (50, 90))]
    True
    >>> int_percentiles(np.array([-4, 0, 5]), (50,), offset=4)
    [0.0]
    """
    counts = np.cumsum(np.bincount((values.ravel().astype(np.int32) + offset)))
    n = int(counts[-1])

    def at(rank: int) -> int:  # the value of rank `rank` in sorted order
        return int(np.searchsorted(counts, rank, side="right")) - offset

    out = []
    for q in qs:
        rank = q / 100.0 * (n - 1)
        lo = int(np.floor(rank))
        low, high = at(lo), at(min(lo + 1, n - 1))
        out.append(float(low + (high - low) * (rank - lo)))
    return out


# ---------------------------------------------------------------- skew


def _profile_score(xs: np.ndarray, ys: np.ndarray, angle_deg: float) -> float:
    """Sharpness of the row profile after shearing the ink points by `angle_deg`.

    Text lines rotated counter-clockwise by a rise to the right (y decreases with x);
    adding x*tan(a) straightens them, so the profile is sharpest at the true angle.
    """
    t = np.tan(np.deg2rad(angle_deg))
    # One-pixel bins on integer row positions: np.histogram with a fractional
    # bin width aliases at 0 degrees and fakes a peak there.
    proj = np.rint(ys + xs * t).astype(np.int64)
    proj -= proj.min()
    hist = np.bincount(proj).astype(np.float64)
    return float(np.sum(np.diff(hist) ** 2))


def estimate_skew(image: np.ndarray) -> float:
    """Skew of the text lines in degrees, positive = content rotated counter-clockwise.

    Projection-profile search over +-16 degrees (pages are skewed up to +-15) on the ink pixels of a downscaled,
    background-normalised copy. Returns 0.0 when there is too little ink or the
    profile has no clear peak (photos, blank pages, tables without text).
    `deskew(image, estimate_skew(image))` straightens the page.
    """
    grey, _ = downscale(to_grey(image))
    mask = ink_mask(grey)
    h, w = mask.shape
    # Ignore a thin frame: scanner edges and shadows are not text.
    m = max(2, int(0.02 * min(h, w)))
    mask[:m, :] = 0
    mask[-m:, :] = 0
    mask[:, :m] = 0
    mask[:, -m:] = 0
    ys, xs = np.nonzero(mask)
    if xs.size < 200:
        return 0.0
    if xs.size > 40000:  # subsample: the profile shape survives, cost drops
        idx = np.random.default_rng(0).choice(xs.size, 40000, replace=False)
        xs, ys = xs[idx], ys[idx]
    xs = xs.astype(np.float64) - w / 2.0
    ys = ys.astype(np.float64)
    coarse = np.arange(-_SEARCH, _SEARCH + 1e-6, 1.0)
    scores = np.array([_profile_score(xs, ys, a) for a in coarse])
    best = float(coarse[int(np.argmax(scores))])
    fine = np.arange(best - 1.0, best + 1.0 + 1e-6, 0.1)
    fscores = np.array([_profile_score(xs, ys, a) for a in fine])
    angle = float(fine[int(np.argmax(fscores))])
    # Confidence: a text page has a peak far above the typical angle's score;
    # photos and noise give a flat curve.
    peak = float(fscores.max())
    base = float(np.median(scores))
    if base <= 0 or peak / base < 1.6:
        return 0.0
    if abs(angle) > _SEARCH:
        return 0.0
    return round(angle, 2) + 0.0  # no "-0.0"


# ---------------------------------------------------------------- rotation


def rotate_upright(image: np.ndarray, rotation: int) -> np.ndarray:
    """Undo a clockwise content rotation of 0/90/180/270 degrees.

    rotation=90 means the content was turned 90 degrees clockwise in the scan,
    so the image is turned 90 degrees counter-clockwise.
    """
    r = int(rotation) % 360
    if r == 0:
        return image
    if r == 90:
        return cv2.rotate(image, cv2.ROTATE_90_COUNTERCLOCKWISE)
    if r == 180:
        return cv2.rotate(image, cv2.ROTATE_180)
    if r == 270:
        return cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)
    raise ValueError(f"rotation must be 0/90/180/270, got {rotation}")


def _paper_colour(image: np.ndarray) -> tuple[float, ...]:
    """Median colour of the outer frame: the fill that looks like the page itself."""
    h, w = image.shape[:2]
    m = max(1, int(0.01 * min(h, w)))
    frame = np.concatenate(
        [
            image[:m].reshape(-1, *image.shape[2:]),
            image[-m:].reshape(-1, *image.shape[2:]),
            image[:, :m].reshape(-1, *image.shape[2:]),
            image[:, -m:].reshape(-1, *image.shape[2:]),
        ]
    )
    med = np.median(frame, axis=0)
    return tuple(float(v) for v in np.atleast_1d(med))


def deskew_transform(shape: tuple[int, ...], angle: float) -> tuple[np.ndarray, tuple[int, int]]:
    """The affine matrix that undoes a counter-clockwise skew of `angle` degrees,
    and the (width, height) of the grown canvas that keeps all content."""
    h, w = shape[:2]
    centre = (w / 2.0, h / 2.0)
    mat = cv2.getRotationMatrix2D(centre, -angle, 1.0)
    cos, sin = abs(mat[0, 0]), abs(mat[0, 1])
    nw = int(np.ceil(h * sin + w * cos))
    nh = int(np.ceil(h * cos + w * sin))
    mat[0, 2] += nw / 2.0 - centre[0]
    mat[1, 2] += nh / 2.0 - centre[1]
    return mat, (nw, nh)


def deskew(image: np.ndarray, angle: float) -> np.ndarray:
    """Rotate by -angle (undo a counter-clockwise skew of `angle` degrees).

    The canvas grows so no content is cut; the new corners are filled with the
    page's own border colour (white for clean scans, grey for grey scans).
    """
    if abs(angle) < 0.05:
        return image
    mat, size = deskew_transform(image.shape, angle)
    fill = _paper_colour(image)
    if image.ndim == 2:
        border: float | tuple[float, ...] = fill[0]
    else:
        border = fill
    return cv2.warpAffine(
        image, mat, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=border
    )


def turn_points_180(points: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Quads (n, 4, 2) of an image turned by 180 degrees, corners kept in clockwise-from-top-left order."""
    h, w = shape[:2]
    turned = np.stack([w - 1 - points[..., 0], h - 1 - points[..., 1]], axis=-1)
    return np.roll(turned, 2, axis=-2)
