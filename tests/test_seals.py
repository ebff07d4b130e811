"""Red seals: detection, shape, removal for OCR, curved text and company match (spec §4 Seals)."""
from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from conftest import A4, FONT, text_page
from PIL import Image, ImageDraw, ImageFont

from extractors.seals import company_similarity, find_seals, read_seal_text, red_mask, remove_red

FONT_MING = "/usr/share/fonts/truetype/arphic/uming.ttc"
COMPANY = "衡阳市恒通机械制造有限公司"


def _multiply(page: np.ndarray, layer: Image.Image) -> np.ndarray:
    """Ink over paper: multiply blend, so black text under the seal stays black."""
    base = page.astype(np.float32)
    lay = np.asarray(layer).astype(np.float32)
    a = lay[..., 3:4] / 255.0
    ink = lay[..., 2::-1] / 255.0  # RGBA -> BGR
    return (base * (1 - a + a * ink)).astype(np.uint8)


def draw_round_seal(page: np.ndarray, cx: int, cy: int, r: int, name: str = COMPANY,
                    font: str = FONT, rgb=(220, 30, 30), rotate: float = 0.0, ry: int | None = None) -> np.ndarray:
    """Round (or oval with ry) seal: ring, name char by char on the upper arc,
    each char turned tangentially (clockwise reading from the lower left), star."""
    ry = ry or r
    layer = Image.new("RGBA", (A4[0], A4[1]), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    col = (*rgb, 255)
    thick = max(6, r // 17)
    d.ellipse((cx - r, cy - ry, cx + r, cy + ry), outline=col, width=thick)
    span, csize = 240.0, int(min(r, ry) * 0.30)
    f = ImageFont.truetype(font, csize)
    for i, ch in enumerate(name):
        a = -span / 2 + span * (i + 0.5) / len(name) + rotate
        t = math.radians(a)
        x = cx + (r - thick - csize * 0.62) * math.sin(t)
        y = cy - (ry - thick - csize * 0.62) * math.cos(t)
        tile = Image.new("RGBA", (csize * 2, csize * 2), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((csize // 2, csize // 2), ch, fill=col, font=f)
        layer.alpha_composite(tile.rotate(-a, resample=Image.BICUBIC), (int(x - csize), int(y - csize)))
    pts = []
    for k in range(10):
        rad = (r * 0.28) if k % 2 == 0 else r * 0.11
        t = math.radians(k * 36 - 90 + rotate)
        pts.append((cx + rad * math.cos(t), cy + rad * math.sin(t)))
    d.polygon(pts, fill=col)
    return _multiply(page, layer)


def draw_square_seal(page: np.ndarray, x: int, y: int, size: int, chars: str = "王建国印") -> np.ndarray:
    layer = Image.new("RGBA", (A4[0], A4[1]), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    col = (220, 30, 30, 255)
    d.rectangle((x, y, x + size, y + size), outline=col, width=max(3, size // 25))
    f = ImageFont.truetype(FONT, int(size * 0.38))
    pos = [(0.52, 0.06), (0.52, 0.5), (0.08, 0.06), (0.08, 0.5)]  # right column first
    for ch, (px, py) in zip(chars, pos):
        d.text((x + size * px, y + size * py), ch, fill=col, font=f)
    return _multiply(page, layer)


def fade(img: np.ndarray, amount: float) -> np.ndarray:
    """Fade coloured ink toward white (old stamp pad, light scan)."""
    f = img.astype(np.float32)
    sat = (f.max(axis=2, keepdims=True) - f.min(axis=2, keepdims=True)) / 255.0
    w = np.clip(sat * 3, 0, 1) * amount
    return (f * (1 - w) + 255 * w).astype(np.uint8)


def product_photo(seed: int) -> np.ndarray:
    """A busy photo page: red objects (solid, shaded, framed, rings) on coloured ground."""
    rng = np.random.default_rng(seed)
    h, w = A4[1], A4[0]
    yy, xx = np.mgrid[0:h, 0:w]
    img = np.zeros((h, w, 3), np.uint8)
    img[..., 0] = (120 + 60 * np.sin(xx / 300)).astype(np.uint8)
    img[..., 1] = (140 + 40 * np.cos(yy / 250)).astype(np.uint8)
    img[..., 2] = 160
    for _ in range(25):
        c = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        ax = (int(rng.integers(60, 260)), int(rng.integers(60, 260)))
        col = (int(rng.integers(0, 60)), int(rng.integers(0, 60)), int(rng.integers(150, 255)))
        cv2.ellipse(img, c, ax, float(rng.integers(0, 180)), 0, 360, col, -1)
        if rng.random() < 0.5:
            cv2.ellipse(img, c, (int(ax[0] * 0.7), int(ax[1] * 0.7)), 0, 0, 360, (200, 200, 210), int(rng.integers(3, 20)))
    for _ in range(10):
        x, y = int(rng.integers(0, w - 300)), int(rng.integers(0, h - 300))
        cv2.rectangle(img, (x, y), (x + int(rng.integers(80, 300)), y + int(rng.integers(80, 300))),
                      (20, 20, 210), int(rng.choice([-1, 8])))
    for _ in range(6):
        cv2.circle(img, (int(rng.integers(200, w - 200)), int(rng.integers(200, h - 200))),
                   int(rng.integers(100, 200)), (25, 25, 200), int(rng.integers(10, 40)))
    img = np.clip(img + rng.normal(0, 10, img.shape), 0, 255).astype(np.uint8)
    return cv2.GaussianBlur(img, (0, 0), 1.5)


@pytest.fixture(scope="module")
def sealed_page() -> np.ndarray:
    return draw_round_seal(text_page(), 1200, 1500, 170)


@pytest.fixture(scope="module")
def engine():
    from intake.ocr.rapid import RapidOcrEngine

    return RapidOcrEngine()


def _inside(bbox, x: float, y: float) -> bool:
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


# ---------------------------------------------------------------- detection


def test_round_red_seal_is_found(sealed_page):
    seals = find_seals(sealed_page)
    assert len(seals) == 1
    s = seals[0]
    assert s.shape == "round" and s.confidence >= 0.7
    # bbox in full-resolution pixels around the drawn circle (r = 170 at 1200,1500)
    assert s.bbox == pytest.approx((1030, 1330, 1370, 1670), abs=12)
    assert _inside(s.bbox, 1200, 1500)


@pytest.mark.parametrize("amount", [0.6, 0.8])
def test_faded_seal_is_found(sealed_page, amount):
    seals = find_seals(fade(sealed_page, amount))
    assert len(seals) == 1 and seals[0].shape == "round" and seals[0].confidence >= 0.5


def test_rotated_seal_in_the_other_font_is_found():
    page = draw_round_seal(text_page(), 600, 1700, 160, font=FONT_MING, rotate=35)
    seals = find_seals(page)
    assert len(seals) == 1 and seals[0].shape == "round"


def test_oval_seal_is_oval():
    page = draw_round_seal(text_page(), 800, 1800, 190, name="湖南华联瓷业股份有限公司", ry=125)
    seals = find_seals(page)
    assert len(seals) == 1 and seals[0].shape == "oval"


def test_square_personal_seal_is_square():
    page = draw_square_seal(text_page(), 1100, 1900, 160)  # 20 mm
    seals = find_seals(page)
    assert len(seals) == 1 and seals[0].shape == "square" and seals[0].confidence >= 0.5


def test_two_seals_on_one_page_are_both_found():
    page = draw_round_seal(text_page(), 450, 1900, 170)
    page = draw_square_seal(page, 1150, 1850, 170)
    shapes = sorted(s.shape for s in find_seals(page))
    assert shapes == ["round", "square"]


def test_page_without_seal_has_none():
    assert find_seals(text_page()) == []


def test_red_heading_and_rule_are_not_seals():
    img = Image.fromarray(cv2.cvtColor(text_page(), cv2.COLOR_BGR2RGB))
    d = ImageDraw.Draw(img)
    d.text((180, 20), "衡阳市工业和信息化局文件", fill=(220, 30, 30), font=ImageFont.truetype(FONT, 110))
    d.line((100, 170, 1550, 170), fill=(220, 30, 30), width=6)
    d.text((700, 2200), "红色强调", fill=(220, 30, 30), font=ImageFont.truetype(FONT, 60))
    assert find_seals(cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)) == []


def test_emblem_without_ring_structure_is_not_a_confident_seal():
    page = text_page()
    # Emblem-like: solid red disc with gold pattern, as on a business licence.
    cv2.circle(page, (827, 400), 110, (30, 30, 200), -1)
    cv2.circle(page, (827, 400), 100, (40, 180, 230), 4)
    cv2.rectangle(page, (772, 400), (882, 436), (40, 180, 230), -1)
    assert all(s.confidence < 0.5 for s in find_seals(page, min_confidence=0.0))


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_product_photo_is_not_a_seal(seed):
    assert find_seals(product_photo(seed)) == []


# ---------------------------------------------------------------- removal


def test_remove_red_erases_the_seal_and_keeps_black_text(sealed_page):
    clean = remove_red(sealed_page)
    assert not red_mask(clean).any()
    x0, y0, x1, y1 = (1030, 1330, 1370, 1670)
    plain = text_page()
    # Black text under the seal stays dark where it was dark.
    text_px = plain[y0:y1, x0:x1].min(axis=2) < 80
    assert text_px.sum() > 100
    assert np.median(clean[y0:y1, x0:x1][text_px].max(axis=1)) < 100
    # Paper around it is paper again.
    assert np.median(clean[y0:y1, x0:x1][~text_px]) > 230


def test_remove_red_leaves_a_page_without_red_unchanged():
    page = text_page(rows=5)
    assert np.array_equal(remove_red(page), page)


# ---------------------------------------------------------------- seal text


def test_seal_text_matches_company(sealed_page, engine):
    seal = find_seals(sealed_page)[0]
    text, conf = read_seal_text(sealed_page, seal, engine)
    assert text is not None and conf > 0.5
    assert company_similarity(text, COMPANY) >= 0.7


def test_rotated_faded_seal_text_matches_company(engine):
    name = "株洲精工硬质合金有限公司"
    page = fade(draw_round_seal(text_page(), 600, 1700, 160, name=name, font=FONT_MING, rotate=-30), 0.6)
    seal = find_seals(page)[0]
    text, _ = read_seal_text(page, seal, engine)
    assert company_similarity(text, name) >= 0.7


def test_square_seal_text_is_read_in_column_order(engine):
    page = draw_square_seal(text_page(rows=3), 1100, 1900, 160)
    seal = find_seals(page)[0]
    text, conf = read_seal_text(page, seal, engine)
    assert text == "王建国印" and conf > 0.5


def test_company_similarity():
    assert company_similarity("衡阳市恒通机械制造有限公司", COMPANY) == 1.0
    # Seal-type words and punctuation do not count against the match.
    assert company_similarity("衡阳市恒通机械制造有限公司 合同专用章", COMPANY) == 1.0
    assert company_similarity("衡日市恒通机械制造有限公司", COMPANY) >= 0.85
    assert company_similarity("有限公司", COMPANY) < 0.5
    assert company_similarity("湖南华联瓷业股份有限公司", COMPANY) < 0.6
    assert company_similarity(None, COMPANY) == 0.0


def test_seal_over_a_red_page_frame_is_found_and_emblem_is_not():
    # Business licence: red double frame round the page, a small red emblem at
    # the top inside it, the authority's seal overlapping the frame at the bottom right.
    page = text_page(rows=10)
    h, w = page.shape[:2]
    for inset in (60, 75):
        cv2.rectangle(page, (inset, inset), (w - inset, h - inset), (40, 40, 210), 4)
    cv2.circle(page, (w // 2, 160), 70, (30, 30, 200), -1)
    cv2.circle(page, (w // 2, 160), 40, (60, 200, 230), -1)
    page = draw_round_seal(page, w - 250, h - 200, 160, name="衡阳市市场监督管理局")
    found = find_seals(page, min_confidence=0.5)
    assert len(found) == 1
    cx, cy = found[0].centre
    assert abs(cx - (w - 250)) < 30 and abs(cy - (h - 200)) < 30


def test_faint_seal_on_washed_out_scan_is_found_with_capped_confidence():
    page = draw_round_seal(text_page(rows=10), 1100, 1800, 160)
    washed = np.clip(page.astype(np.float32) * 0.15 + 200, 0, 255).astype(np.uint8)
    found = find_seals(washed)
    assert len(found) == 1 and found[0].confidence <= 0.6
