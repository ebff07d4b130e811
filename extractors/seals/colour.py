"""Seal ink by colour: red / dark-red / brownish ink masks, red removal, ink images.

Seal ink ranges from bright vermilion (hue ~0-8) over crimson (~170-178) to
dark red and brownish red on old stamp pads (hue up to ~16, value ~90-150).
A red-over-green/blue margin keeps grey and black pixels with noisy hue out.
"""
from __future__ import annotations

import cv2
import numpy as np

from .model import shrink

_HUE_LO, _HUE_HI = 16, 150  # red hues: h <= 16 or h >= 150 (OpenCV 0-180 scale)
# Share of the page in the fixed-cut faint mask above which it is paper tint, not ink
# (seals and red print cover a few per cent of a page).
TINTED_PAPER_SHARE = 0.12
TINT_SATURATION = 30  # paper tint is paler than this (HSV saturation); seal ink and photos are not


def as_bgr(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return image


def _channels(image_bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hue, saturation, value and the red-over-green/blue margin of every pixel."""
    hsv = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2HSV)
    margin = image_bgr[..., 2].astype(np.int16) - np.maximum(image_bgr[..., 1], image_bgr[..., 0]).astype(np.int16)
    return hsv[..., 0], hsv[..., 1], hsv[..., 2], margin


def _hue_red(h: np.ndarray, margin: np.ndarray) -> np.ndarray:
    # Hue 13-16 is orange-brown: only with a clear red lead over green.
    return (h <= 12) | (h >= _HUE_HI) | ((h <= _HUE_LO) & (margin >= 35))


def red_mask(image_bgr: np.ndarray, loose: bool = False, channels: tuple | None = None) -> np.ndarray:
    """uint8 mask (255 = red ink).

    The saturation cut adapts to the page's own red: a faded seal has S ~60-100,
    a fresh one ~200, so the cut is a share of the strong-red percentile, bounded
    so paper tint never passes. Dark-red/brown ink (low value) is kept by a
    value floor of 45 when the red lead is clear. `loose` lowers the cuts (for
    removal, where a missed pink edge shows).
    """
    h, s, v, margin = channels if channels is not None else _channels(image_bgr)
    hue_red = _hue_red(h, margin)
    cand = hue_red & (v >= 60) & (margin >= 18) & (s >= 30)
    # 90th percentile via a 256-bin histogram: np.percentile sorts, which is slow
    # on photo pages with millions of red pixels.
    hist = np.bincount(s[cand], minlength=256)
    total = int(hist.sum())
    strong = float(np.searchsorted(np.cumsum(hist), 0.9 * total)) if total else 0.0
    s_cut = float(np.clip(0.45 * strong, 35.0, 80.0))
    if loose:
        s_cut = max(28.0, s_cut * 0.6)
    m_cut = 14 if loose else 20
    mask = hue_red & (v >= 60) & (s >= s_cut) & (margin >= m_cut)
    # Dark red / brown impressions: low value, but still clearly red-led.
    mask |= hue_red & (v >= 45) & (v < 60) & (s >= 90) & (margin >= 25)
    return mask.astype(np.uint8) * 255


def faint_red_mask(image_bgr: np.ndarray, channels: tuple | None = None) -> np.ndarray:
    """Red ink on washed-out or very low-contrast scans (saturation ~15-35).

    Only for a second detection pass: the ring test must then carry the
    decision, since paper tint comes close to these cuts.
    """
    h, s, v, margin = channels if channels is not None else _channels(image_bgr)
    mask = ((h <= 12) | (h >= 155)) & (v >= 60) & (s >= 14) & (margin >= 10)
    return mask.astype(np.uint8) * 255


def colour_share(image_bgr: np.ndarray) -> float:
    """Share of clearly coloured area (any hue): ~0 on a greyscale copy.

    Measured on a 4x area-averaged copy, so one-pixel colour fringes of a
    colour scanner along black text do not count; seals, logos, photos do.
    """
    b, g, r = cv2.split(shrink(image_bgr, 4))  # (OpenCV's per-channel max/min: numpy's over an axis is slow)
    chroma = cv2.subtract(cv2.max(cv2.max(b, g), r), cv2.min(cv2.min(b, g), r))
    return float(np.count_nonzero(chroma >= 30)) / chroma.size


def redness_image(crop_bgr: np.ndarray) -> np.ndarray:
    """Grey image with the red ink as black on white, everything else white.

    Black text under the seal would confuse the OCR of the seal text, so only
    how red a pixel is counts. Normalised to the crop's own strong red, so a
    faded seal reads as well as a fresh one.
    """
    b = crop_bgr[..., 0].astype(np.float32)
    g = crop_bgr[..., 1].astype(np.float32)
    r = crop_bgr[..., 2].astype(np.float32)
    redness = np.clip(r - np.maximum(g, b), 0, 255)
    top = float(np.percentile(redness, 99)) if redness.size else 0.0
    if top < 10:
        return np.full(crop_bgr.shape[:2], 255, np.uint8)
    ink = np.clip(redness / (top * 0.7), 0, 1)
    return (255 - ink * 255).astype(np.uint8)


def remove_red(image_bgr: np.ndarray) -> np.ndarray:
    """Copy of the page with red ink replaced by paper colour; black text survives.

    Red ink passes red light, so in a red pixel the R channel is what the paper
    (or black text under the seal) looks like. Setting the pixel to its R value,
    tinted like the paper, erases the seal and keeps text under it dark. Real
    ink also dims the red a little, so R is first brightened until the ink's
    typical R reaches the paper's: no grey ghost of the ring and star is left
    to distract text detection. Black strokes under the seal have a low R
    whatever the ink over them, so they stay dark.
    """
    img = as_bgr(image_bgr)
    mask = red_mask(img, loose=True)
    if not mask.any():
        return img.copy()
    # Catch the pink anti-aliased rim of the strokes.
    mask = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    step = max(1, (img.shape[0] * img.shape[1]) // 20000)
    paper = np.median(img.reshape(-1, 3)[::step], axis=0).astype(np.float64)
    tint = paper / max(float(paper[2]), 1.0)
    ink_r = float(np.median(img[..., 2][mask > 0]))
    gain = max(1.0, float(paper[2]) / max(ink_r, 1.0))
    r = cv2.convertScaleAbs(img[..., 2], alpha=gain)
    # R scaled by the paper tint: paper stays paper-coloured, black stays black.
    repl = cv2.merge([cv2.convertScaleAbs(r, alpha=float(tint[0])),
                      cv2.convertScaleAbs(r, alpha=float(tint[1])), r])
    out = img.copy()
    cv2.copyTo(repl, mask, out)
    return out


def relative_red_mask(image_bgr: np.ndarray, k_sigma: float = 5.0, floor: float = 6.0,
                      lead: np.ndarray | None = None) -> np.ndarray:
    """Faint red ink judged against the paper round it, not by fixed cuts.

    The red lead (R over max(G, B)) of every pixel minus the local paper's
    (a median over ~1/8-scale blocks, which thin seal strokes do not move),
    kept where it exceeds the page's own noise several times over. A pale
    seal on neutral paper leads by only ~6-15 levels; a pink-tinted page
    leads everywhere, and its tint is subtracted.
    """
    img = as_bgr(image_bgr)
    r = img[..., 2]
    if lead is None:
        lead = r.astype(np.int16) - np.maximum(img[..., 1], img[..., 0]).astype(np.int16)
    h, w = lead.shape
    small = shrink(np.clip(lead + 64, 0, 255).astype(np.uint8), 8)
    bg = cv2.resize(cv2.medianBlur(small, 7), (w, h), interpolation=cv2.INTER_LINEAR).astype(np.int16) - 64
    d = lead - bg
    sample = d[::4, ::4].ravel()
    mad = float(np.median(np.abs(sample - np.median(sample)))) * 1.4826
    thr = max(floor, k_sigma * mad)
    mask = (d >= thr) & (r >= 60)
    return mask.astype(np.uint8) * 255


def smoothed_red_mask(window_bgr: np.ndarray, ppm: float, k_sigma: float = 4.0, floor: float = 2.5) -> np.ndarray:
    """Washed-out red ink in a window round a pale seal: the red lead smoothed
    over ~0.35 mm (a faded stroke keeps most of its lead, the paper's and the
    JPEG's pixel noise averages out) above the window's own paper lead by
    several times its noise. Leads of 3-8 levels, below any per-pixel cut,
    are then a clear stroke; only for a window that already holds pale red
    (the window's median is its paper)."""
    b, g, r = (c.astype(np.float32) for c in cv2.split(as_bgr(window_bgr)))
    lead = cv2.GaussianBlur(r - cv2.max(g, b), (0, 0), max(0.8, 0.35 * ppm))
    d = lead - float(np.median(lead[::3, ::3]))
    sample = d[::3, ::3]
    mad = 1.4826 * float(np.median(np.abs(sample - np.median(sample))))
    return ((d >= max(floor, k_sigma * mad)) & (r >= 60)).astype(np.uint8) * 255


def seal_masks(image_bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(strict red mask, faint red mask: fixed low cuts or clear of the local paper), sharing one colour analysis."""
    img = as_bgr(image_bgr)
    margin = img[..., 2].astype(np.int16) - np.maximum(img[..., 1], img[..., 0]).astype(np.int16)
    # Reddish against the paper's own lead too: a bluish or greenish sheet
    # leads well below zero, and a pale seal on it barely above zero (a dozen
    # levels above the sheet: its tint's noise reaches ~10).
    reddish = min(6.0, 12.0 + float(np.median(margin[::8, ::8])))
    if np.count_nonzero(margin >= reddish) < 0.0002 * margin.size:
        # No reddish pixel to speak of (a greyscale copy, a black-and-white page).
        empty = np.zeros(margin.shape, np.uint8)
        return empty, empty
    hsv = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)
    ch = (hsv[..., 0], hsv[..., 1], hsv[..., 2], margin)
    fixed = faint_red_mask(img, ch)
    if np.count_nonzero(fixed) > TINTED_PAPER_SHARE * fixed.size \
            and np.median(ch[1][::4, ::4][fixed[::4, ::4] > 0]) < TINT_SATURATION:
        # Pale pink paper (a licence's tinted sheet) passes the fixed cuts
        # everywhere and fuses every seal with the paper round it: there faint
        # ink is judged against the local paper only. (Pink areas of a photo
        # are more saturated, and keep the fixed cuts' photo tests.)
        fixed[:] = 0
    return red_mask(img, channels=ch), cv2.bitwise_or(fixed, relative_red_mask(img, lead=ch[3]))
