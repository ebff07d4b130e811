"""Show-through on thin paper stays sharp; its text reads only in a mirror, so the page is blank
(spec §2 `blank`), while faint print that reads as it lies is kept."""
from __future__ import annotations

from functools import partial

import cv2
import numpy as np
import pytest
from conftest import A4, text_page

from extractors.blank import is_blank
from intake.ocr.show_through import reads_mirrored

MM = A4[0] / 210.0  # px per mm at 200 dpi


def faint_text(depth: float, mirrored: bool, blur_mm: float = 0.08, turn: int | None = None) -> np.ndarray:
    """Prose `depth` of the paper's brightness dark, barely softened, mirrored (the back of the
    sheet) or as printed; `turn`: a cv2.rotate code for a sheet scanned a quarter turned."""
    ink = (255 - text_page()[:, :, 0]).astype(np.float32) / 255.0
    ink = cv2.GaussianBlur(cv2.flip(ink, 1) if mirrored else ink, (0, 0), blur_mm * MM)
    page = 240 * (1 - depth * ink) + np.random.default_rng(3).normal(0, 1.5, ink.shape)
    page = np.clip(np.repeat(page[:, :, None], 3, axis=2), 0, 255).astype(np.uint8)
    return page if turn is None else cv2.rotate(page, turn)


@pytest.mark.parametrize("turn", [None, cv2.ROTATE_90_CLOCKWISE])
def test_sharp_show_through_is_blank(engine, turn):
    page = faint_text(0.06, mirrored=True, turn=turn)
    assert not is_blank(page)  # sharp as print: softness alone cannot tell
    assert is_blank(page, mirrored=partial(reads_mirrored, engine, page))


def test_faint_print_reading_as_it_lies_is_not_show_through(engine):
    page = faint_text(0.06, mirrored=False)
    assert not reads_mirrored(engine, page)
    assert not is_blank(page, mirrored=partial(reads_mirrored, engine, page))
