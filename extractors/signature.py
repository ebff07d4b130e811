"""Handwritten signature next to a signature label (签字 / 签名 / 法定代表人).

The check looks only where a signature belongs: right of and below the label
line. Printed text (the OCR boxes), red seal ink and printed underlines are
removed first; what is left and large enough is handwriting.
"""
from __future__ import annotations

import re
from typing import Optional

import cv2
import numpy as np

from extractors.geometry import ink_mask, to_grey
from extractors.seals import red_mask
from intake.ocr.base import OcrLine

_LABEL = re.compile(r"(签\s*字|签\s*名|签\s*章|法定代表人|法人代表|负责人|授权代表)")
# Strong labels name the act of signing; the others are roles that usually precede one.
_STRONG = re.compile(r"(签\s*字|签\s*名)")
_NO_LABEL = (False, None, 0.3)

BBox = tuple[float, float, float, float]


def _px_per_mm(shape: tuple[int, ...]) -> float:
    h, w = shape[:2]
    return float(np.clip(min(h, w) / 210.0, 72 / 25.4, 600 / 25.4))


def _label_end_x(line: OcrLine) -> float:
    """x where the label keyword (and a following bracket/colon) ends in the line.

    OCR often returns '法定代表人（签字）：张三' as one line whose box covers the
    signature, so only the label part of the box is treated as print.
    """
    text = line.text
    last = None
    for m in _LABEL.finditer(text):
        last = m
    if last is None:
        return line.box[2]
    end = last.end()
    while end < len(text) and text[end] in "）)】]:：\u3000 ．.、":
        end += 1
    x0, _, x1, _ = line.box
    return x0 + (x1 - x0) * end / max(1, len(text))


def _handwriting_mask(region_bgr: np.ndarray) -> np.ndarray:
    """Dark or blue ink, minus red ink and long straight rules."""
    grey = to_grey(region_bgr)
    dark = ink_mask(grey, darkness=0.7)
    hsv = cv2.cvtColor(region_bgr, cv2.COLOR_BGR2HSV)
    # Ballpoint/gel blue is often not dark enough for the grey test.
    blue = ((hsv[..., 0] >= 95) & (hsv[..., 0] <= 135) & (hsv[..., 1] >= 60) & (hsv[..., 2] >= 40)).astype(np.uint8) * 255
    mask = cv2.bitwise_or(dark, blue)
    red = cv2.dilate(red_mask(region_bgr, loose=True), np.ones((3, 3), np.uint8))
    mask[red > 0] = 0
    return mask


def _remove_rules(mask: np.ndarray, ppm: float) -> np.ndarray:
    """Drop printed underlines/table rules: long, thin, straight runs."""
    n = max(15, int(12 * ppm))
    horiz = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (n, 1)))
    vert = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, n)))
    rules = cv2.dilate(cv2.bitwise_or(horiz, vert), np.ones((3, 3), np.uint8))
    return cv2.bitwise_and(mask, cv2.bitwise_not(rules))


def _search_box(line: OcrLine, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """Right of the label (same row, generous height) and the band below it."""
    h, w = shape[:2]
    x0, y0, x1, y1 = line.box
    lh = max(8.0, y1 - y0)
    start = _label_end_x(line)
    rx0 = int(max(0, min(x0, start - lh)))
    rx1 = int(min(w, start + 0.45 * w))
    ry0 = int(max(0, y0 - 1.5 * lh))
    ry1 = int(min(h, y1 + 3.5 * lh))
    return rx0, ry0, rx1, ry1


def _score_ink(comp_mask: np.ndarray, region_bgr: np.ndarray, ppm: float) -> tuple[float, Optional[tuple[int, int, int, int]]]:
    """Confidence that the ink in `comp_mask` is a signature, and its bbox (region px)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(comp_mask, connectivity=8)
    if n <= 1:
        return 0.0, None
    min_side = 0.8 * ppm  # specks and dust are below ~0.8 mm
    keep = [
        i for i in range(1, n)
        if max(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]) >= min_side
        and stats[i, cv2.CC_STAT_AREA] >= 0.3 * ppm * ppm
    ]
    if not keep:
        return 0.0, None
    xs0 = min(stats[i, cv2.CC_STAT_LEFT] for i in keep)
    ys0 = min(stats[i, cv2.CC_STAT_TOP] for i in keep)
    xs1 = max(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH] for i in keep)
    ys1 = max(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT] for i in keep)
    bw, bh = (xs1 - xs0) / ppm, (ys1 - ys0) / ppm
    if bw < 5 or bh < 2.5:  # a name signature is at least ~5 mm wide
        return 0.0, None
    sel = np.isin(labels, keep)
    area = float(sel.sum())
    fill = area / max(1.0, float((xs1 - xs0) * (ys1 - ys0)))
    dist = cv2.distanceTransform(sel.astype(np.uint8) * 255, cv2.DIST_L2, 3)
    stroke_mm = 2.0 * float(np.median(dist[sel])) / ppm
    hsv = cv2.cvtColor(region_bgr, cv2.COLOR_BGR2HSV)
    blue_share = float(((hsv[..., 0] >= 95) & (hsv[..., 0] <= 135) & (hsv[..., 1] >= 60))[sel].mean())
    conf = 0.55
    if blue_share > 0.4:
        conf += 0.25  # blue pen: almost certainly handwriting
    if stroke_mm <= 0.9:
        conf += 0.1  # pen strokes are thin
    elif stroke_mm > 1.6:
        conf -= 0.25  # thick blobs: stamps, black boxes, shadows
    if fill > 0.45:
        conf -= 0.2  # solid marks, not strokes
    return float(np.clip(conf, 0.0, 0.95)), (int(xs0), int(ys0), int(xs1), int(ys1))


def find_signature(image_bgr: np.ndarray, lines: list[OcrLine]) -> tuple[bool, Optional[BBox], float]:
    """(present, bbox in page px, confidence).

    Without a signature label on the page: (False, None, 0.3) -- the check
    cannot say. With a label and no handwriting next to it: (False, None, ~0.7).
    """
    labels = [l for l in lines if _LABEL.search(l.text)]
    if not labels:
        return _NO_LABEL
    img = image_bgr if image_bgr.ndim == 3 else cv2.cvtColor(image_bgr, cv2.COLOR_GRAY2BGR)
    ppm = _px_per_mm(img.shape)
    best: tuple[float, Optional[BBox]] = (0.0, None)
    # Strong labels first: a signature next to "签字" beats one next to "负责人".
    labels.sort(key=lambda l: 0 if _STRONG.search(l.text) else 1)
    for label in labels:
        x0, y0, x1, y1 = _search_box(label, img.shape)
        if x1 - x0 < 10 or y1 - y0 < 10:
            continue
        region = img[y0:y1, x0:x1]
        mask = _handwriting_mask(region)
        # Printed text boxes are not signatures: the label's own keyword part,
        # and other confidently read lines of more than a short name.
        for other in lines:
            bx0, by0, bx1, by1 = other.box
            if other is label:
                bx1 = _label_end_x(label)
            elif other.confidence < 0.85 or len(other.text.strip()) <= 4:
                continue  # possibly the handwriting itself, read as text
            ix0, iy0 = int(max(bx0 - 2, x0)) - x0, int(max(by0 - 2, y0)) - y0
            ix1, iy1 = int(min(bx1 + 2, x1)) - x0, int(min(by1 + 2, y1)) - y0
            if ix1 > ix0 and iy1 > iy0:
                mask[iy0:iy1, ix0:ix1] = 0
        mask = _remove_rules(mask, ppm)
        conf, box = _score_ink(mask, region, ppm)
        if box is not None and conf > best[0]:
            best = (conf, (float(box[0] + x0), float(box[1] + y0), float(box[2] + x0), float(box[3] + y0)))
    if best[1] is None or best[0] < 0.5:
        return False, None, 0.7
    return True, best[1], round(best[0], 3)
