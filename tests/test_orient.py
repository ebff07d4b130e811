"""Spec §4 orientation: pages scanned at 90/180/270 degrees are turned upright, skew removed."""
import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from intake.orient import make_upright

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
LINES = ["衡阳市种子企业基本情况表", "企业名称：衡阳市恒通机械制造有限公司", "统一社会信用代码：91430400MA4L1234X5",
         "法定代表人：王建国", "联系电话：0734-8857006", "所属行业：通用设备制造业"]


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    img = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 34)
    for i, text in enumerate(LINES):
        draw.text((120, 160 + 90 * i), text, font=font, fill="black")
    return np.asarray(img)[:, :, ::-1].copy()


def _turn_clockwise(image: np.ndarray, degrees: int) -> np.ndarray:
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(image, codes[degrees]) if degrees else image


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_page_scanned_turned_is_recognised_and_read_upright(engine, page, rotation):
    upright = make_upright(engine, _turn_clockwise(page, rotation))
    assert upright.orientation.rotation == rotation
    assert upright.image.shape[:2] == page.shape[:2]
    text = "".join(line.text for line in engine.read_regions(upright.image, upright.quads))
    assert "衡阳市恒通机械制造有限公司" in text


def test_skewed_page_is_deskewed_and_its_lines_follow(engine, page):
    h, w = page.shape[:2]
    skewed = cv2.warpAffine(page, cv2.getRotationMatrix2D((w / 2, h / 2), 2.5, 1.0), (w, h), borderValue=(255, 255, 255))
    upright = make_upright(engine, skewed)
    assert abs(upright.skew - 2.5) < 0.6
    lines = engine.read_regions(upright.image, upright.quads)
    title = next(line for line in lines if "基本情况表" in line.text)
    x0, y0, x1, y1 = title.box
    assert y1 - y0 < 60  # a level line, not a tilted band


def test_photo_without_text_stays_as_it_is(engine):
    rng = np.random.default_rng(3)
    photo = cv2.GaussianBlur(rng.integers(0, 255, (900, 1200, 3), dtype=np.uint8), (0, 0), 8)
    upright = make_upright(engine, photo)
    assert upright.orientation.rotation == 0 and upright.skew == 0.0


@pytest.mark.parametrize("rotation", [0, 180])
def test_prose_page_of_full_width_lines_is_not_taken_for_upside_down(engine, rotation):
    img = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 26)
    sentence = "公司坚持以市场为导向、以技术创新为动力，持续加大研发投入，产品远销国内外，"
    for i in range(24):
        draw.text((90, 140 + 52 * i), (sentence * 2)[i % 7 : i % 7 + 40], font=font, fill="black")
    prose = np.asarray(img)[:, :, ::-1].copy()
    assert make_upright(engine, _turn_clockwise(prose, rotation)).orientation.rotation == rotation
