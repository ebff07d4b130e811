"""A blurred page a person still reads: its lines are detected again on a sharpened copy
(intake/ocr/blurred.py), and the recogniser reads them from the page as scanned."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from conftest import A4, text_page
from PIL import Image, ImageDraw, ImageFont

from intake.ocr.blurred import detect_blurred
from intake.orient import make_upright

SONG = "/usr/share/fonts/truetype/arphic/uming.ttc"  # forms are printed in light Song strokes
CELLS = [("申报单位", "衡阳市恒信精密机械有限公司"), ("所属行业", "通用设备制造业"),
         ("企业联系人", "李建国"), ("法定代表人", "王秀英"), ("从业人员（人）", "215"),
         ("上年度营业收入（元）", "38650000.00")]


def form_page() -> np.ndarray:
    """A form's label/value table at 200 dpi: 3.6 mm Song text in ruled cells, values centred."""
    img = Image.new("RGB", A4, (236, 236, 236))
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(SONG, 28)
    top, row, left, mid, right = 300, 90, 100, 500, 1550
    for i, (label, value) in enumerate(CELLS):
        y = top + i * row
        d.rectangle((left, y, right, y + row), outline=(40, 40, 40), width=3)
        d.line((mid, y, mid, y + row), fill=(40, 40, 40), width=3)
        d.text((left + 30, y + 28), label, font=f, fill=(30, 30, 30))
        width = d.textlength(value, font=f)
        d.text(((mid + right - width) / 2, y + 28), value, font=f, fill=(30, 30, 30))
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def blurred(img: np.ndarray, sigma_mm: float) -> np.ndarray:
    return cv2.GaussianBlur(img, (0, 0), sigma_mm * 200 / 25.4)


def read(engine, img: np.ndarray, quads: np.ndarray) -> str:
    return "".join(line.text for line in engine.read_regions(img, quads))


def test_values_of_a_blurred_form_a_person_reads_are_found(engine):
    page = blurred(form_page(), 0.44)  # 0.12 em: still read without trouble (samples/degrade.py)
    first = make_upright(engine, page, flatten=False)
    again = detect_blurred(engine, first.image, first.quads, 200)
    before, after = read(engine, first.image, first.quads), read(engine, first.image, again)
    found = [value for _, value in CELLS if value in after]
    assert len(found) >= 5, after
    assert len(found) > sum(value in before for _, value in CELLS)


@pytest.mark.parametrize("sigma_mm", [0.0, 0.15, 0.25, 0.9])
def test_a_sharp_page_and_one_past_reading_keep_the_lines_they_had(engine, sigma_mm):
    # Up to 0.25 mm the first detection loses nothing (ladder: 98 % of the text read either way);
    # at 0.9 mm nobody reads the page, and more lines would only be more garbage.
    page = blurred(text_page(rows=6), sigma_mm) if sigma_mm else text_page(rows=6)
    quads = np.float32([[[150, 200 + i * 62], [1500, 200 + i * 62], [1500, 240 + i * 62], [150, 240 + i * 62]]
                        for i in range(6)])
    assert detect_blurred(engine, page, quads, 200) is quads
