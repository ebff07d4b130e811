"""A faded page a person still reads: its lines are detected again on a contrast-stretched
copy (intake/ocr/faded.py), and the recogniser reads them from the page as scanned."""
from __future__ import annotations

import cv2
import numpy as np
from conftest import text_page
from test_blurred_ocr import CELLS, form_page, read

from intake.ocr.faded import detect_faded, ink_contrast, read_faded
from intake.orient import make_upright

PAPER = 242.0  # a light copy's paper


def faded(img: np.ndarray, ink_levels: float, soft_px: float = 0.0) -> np.ndarray:
    """The page washed out until its darkest ink lies `ink_levels` grey levels below the paper,
    its strokes softened by `soft_px` (a light copy's)."""
    page = img.astype(np.float32)
    dark, paper = float(page.min()), float(np.median(page))
    out = np.clip(PAPER - (paper - page) * (ink_levels / (paper - dark)), 0, 255).astype(np.uint8)
    return cv2.GaussianBlur(out, (0, 0), soft_px) if soft_px else out


def test_values_of_a_faded_form_a_person_reads_are_found(engine):
    # 20 grey levels of soft ink: read without trouble (samples/degrade.py), lost by the detector and
    # by the orientation step's own look at pale pages.
    page = faded(form_page(), 20, soft_px=0.8)
    first = make_upright(engine, page, flatten=False)
    again = detect_faded(engine, first.image, first.quads)
    before, after = read(engine, first.image, first.quads), read(engine, first.image, again)
    found = [value for _, value in CELLS if value in after]
    assert len(found) >= 5, after
    assert len(found) > sum(value in before for _, value in CELLS)


def test_each_faded_line_keeps_its_surer_reading(engine):
    page = faded(form_page(), 20, soft_px=0.8)
    quads = detect_faded(engine, page, make_upright(engine, page, flatten=False).quads)
    plain = {line.box: line.confidence for line in engine.read_regions(page, quads)}
    lines = read_faded(engine, page, quads)
    assert len(lines) >= len(plain)
    assert all(line.confidence >= plain.get(line.box, 0.0) for line in lines)
    assert sum(value in "".join(line.text for line in lines) for _, value in CELLS) >= 5


def test_ink_contrast_is_the_spread_between_paper_and_the_darkest_text(engine):
    assert ink_contrast(faded(text_page(rows=6), 20)) < 30
    assert ink_contrast(text_page(rows=6)) > 150


def test_a_page_in_dark_print_keeps_the_lines_it_had(engine):
    page = text_page(rows=3)
    quads = np.float32([[[150, 200 + i * 62], [1500, 200 + i * 62], [1500, 240 + i * 62], [150, 240 + i * 62]]
                        for i in range(3)])
    assert detect_faded(engine, page, quads) is quads


def test_a_bare_sheet_keeps_its_no_lines(engine):
    rng = np.random.default_rng(0)
    sheet = np.clip(rng.normal(240, 1.5, (1200, 850, 3)), 0, 255).astype(np.uint8)  # paper grain only
    none = np.zeros((0, 4, 2), np.float32)
    assert detect_faded(engine, sheet, none) is none
