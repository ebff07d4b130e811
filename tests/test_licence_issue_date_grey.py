"""A licence's issue date under the authority's round seal on a greyscale copy.

The seal's ring and ring text, grey like the print, run through the date row: the detector finds no
date there and the red removal leaves the seal. `reread_issue_date_row` reads the rows inside the seal
with the seal's paler ink thresholded away, and takes a date only where its readings agree.
"""
from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.normalize.dates import find_damaged_date
from extractors.seals import SealCandidate
from intake.ocr.date_row import reread_issue_date_row

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
TEXT_GREY = 30  # the printed text
SEAL_GREY, SEAL_SPREAD = 145, 20  # the copied seal's paler, uneven ink (mean and spread, as measured on a copy)
CENTRE, RADIUS = (330, 230), 150  # the seal, over 登记机关 and the date under it
RING_TEXT = "衡阳市市场监督管理局"


@pytest.fixture(scope="module")
def engine():
    from intake.ocr.rapid import RapidOcrEngine

    return RapidOcrEngine()


def _licence_foot(date_text: str | None) -> np.ndarray:
    """The foot of a grey licence copy: the scope's last line, 登记机关, the date, the seal over them."""
    page = Image.new("L", (660, 460), 250)
    draw = ImageDraw.Draw(page)
    text = ImageFont.truetype(FONT, 28)
    draw.text((40, 40), "经营范围：货物或技术进出口（国家禁止的除外）", font=text, fill=TEXT_GREY)
    draw.text((250, 170), "登 记 机 关", font=text, fill=TEXT_GREY)
    if date_text:  # centred under the label, as printed
        draw.text((CENTRE[0], 300), date_text, font=text, fill=TEXT_GREY, anchor="mm")
    ink = np.array(_seal_mask()) > 0
    noise = np.clip(np.random.default_rng(7).normal(SEAL_GREY, SEAL_SPREAD, ink.shape), 80, 200)
    foot = np.array(page)
    foot[ink] = np.minimum(foot[ink], noise[ink])  # ink over print: the darker shows
    return cv2.cvtColor(foot, cv2.COLOR_GRAY2BGR)


def _seal_mask() -> Image.Image:
    """A round seal's ink: its ring, a star and its text along the ring, down to the date row."""
    page = Image.new("L", (660, 460), 0)
    draw = ImageDraw.Draw(page)
    cx, cy = CENTRE
    draw.ellipse((cx - RADIUS, cy - RADIUS, cx + RADIUS, cy + RADIUS), outline=255, width=6)
    star = [(cx + (40 if i % 2 == 0 else 16) * math.sin(i * math.pi / 5),
             cy - (40 if i % 2 == 0 else 16) * math.cos(i * math.pi / 5)) for i in range(10)]
    draw.polygon(star, fill=255)
    font = ImageFont.truetype(FONT, 40)
    # From the lower left over the top to the lower right, as an authority's name runs.
    for k, char in enumerate(RING_TEXT):
        angle = math.radians(215 - k * 250 / (len(RING_TEXT) - 1))
        glyph = Image.new("L", (48, 48), 0)
        ImageDraw.Draw(glyph).text((4, 0), char, font=font, fill=255)
        glyph = glyph.rotate(math.degrees(angle) - 90, expand=True)
        x = cx + 0.78 * RADIUS * math.cos(angle) - glyph.width / 2
        y = cy - 0.78 * RADIUS * math.sin(angle) - glyph.height / 2
        page.paste(255, (int(x), int(y)), glyph)
    return page


def _seal() -> SealCandidate:
    """The seal as the seal stage finds it on a grey copy: by its outline, not its colour."""
    cx, cy = CENTRE
    return SealCandidate(bbox=(cx - RADIUS, cy - RADIUS, cx + RADIUS, cy + RADIUS), shape="round", confidence=0.9,
                         centre=(float(cx), float(cy)), axes=(float(RADIUS), float(RADIUS)), source="shape")


def _dates(lines) -> set:
    return {d for line in lines if (d := find_damaged_date(line.text)) is not None}


@pytest.mark.parametrize("date_text, expected", [("2020年1月10日", "2020-01-10"), ("二〇一九年十一月二十日", "2019-11-20")])
def test_issue_date_under_a_grey_seal_is_read(engine, date_text: str, expected: str) -> None:
    image = _licence_foot(date_text)
    lines = engine.read(image)
    found = reread_issue_date_row(engine, image, lines, [_seal()])
    assert expected in {d.isoformat() for d in _dates(found)}


def test_no_issue_date_is_made_up_under_a_grey_seal_without_one(engine) -> None:
    image = _licence_foot(None)
    lines = engine.read(image)
    assert not _dates(reread_issue_date_row(engine, image, lines, [_seal()]))
