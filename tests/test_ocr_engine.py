"""The RapidOCR engine on lines already detected: a short crop the direction classifier
wants to turn over is read both ways, the surer reading kept."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import FONT
from PIL import Image, ImageDraw, ImageFont


@pytest.mark.parametrize("digits", ["99", "699", "9"])
def test_a_cell_of_nines_is_not_read_turned_over_as_sixes(engine, digits):
    # PP-OCR's direction classifier calls "99" upside down (0.8-0.9): turned, it reads a sure "66".
    size = 28
    img = Image.new("RGB", (300, 120), "white")
    ImageDraw.Draw(img).text((100, 30), digits, font=ImageFont.truetype(FONT, size), fill="black")
    right = 100 + size * 0.6 * len(digits) + 8
    quad = np.array([[[95, 28], [right, 28], [right, 64], [95, 64]]], np.float32)
    (line,) = engine.read_regions(np.asarray(img)[:, :, ::-1].copy(), quad)
    assert line.text == digits


def test_boxes_grown_wider_for_one_detection_only(engine):
    img = Image.new("RGB", (600, 120), "white")
    ImageDraw.Draw(img).text((40, 40), "衡阳市种子企业基本情况表", font=ImageFont.truetype(FONT, 32), fill="black")
    page = np.asarray(img)[:, :, ::-1].copy()
    default = _height(engine.text_quads(page))
    assert _height(engine.text_quads(page, unclip_ratio=2.0)) > default
    assert _height(engine.text_quads(page)) == default  # the detector's own setting is back


def _height(quads: list[np.ndarray]) -> float:
    return float(np.ptp(quads[0][:, 1]))
