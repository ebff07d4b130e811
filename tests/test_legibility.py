"""Legibility: score, legible flag and reasons (spec §4 Legibility).

The verdict is a reader's: a page a person can still read is legible, even where
the OCR gives up. Thresholds follow the human criterion of the legibility ladder
(samples/degrade.py: blur <= 0.125 em read, > 0.175 em not; >= 7 px per em read,
< 5 not; >= 12 grey levels of contrast read, < 6 not; ...); the text here is
34 px (4.3 mm) at 200 dpi.
"""
from __future__ import annotations

import time

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.legibility import _CUT_TOUCHING, _cut_off, assess, measure
from intake.ocr.base import OcrLine

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
A4 = (1654, 2339)  # 200 dpi
TEXT = ("本公司郑重承诺：所提交的申报材料真实、准确、完整，不存在虚假记载、误导性陈述或重大遗漏。"
        "公司近三年无重大安全生产事故和环境污染事件，依法纳税，信用良好。") * 15


def text_page(rows: int = 25, x: int = 150) -> np.ndarray:
    img = Image.new("RGB", A4, "white")
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(FONT, 34)
    per = (A4[0] - 300) // 34
    for i in range(rows):
        d.text((x, 200 + i * 62), TEXT[i * per:(i + 1) * per], fill=(0, 0, 0), font=f)
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def degrade(img: np.ndarray, sigma: float = 0.0, contrast: float = 1.0) -> np.ndarray:
    g = img.astype(np.float32)
    if sigma > 0:
        g = cv2.GaussianBlur(g, (0, 0), sigma)
    g = 128 + (g - 128) * contrast
    return np.clip(g, 0, 255).astype(np.uint8)


def jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


@pytest.fixture(scope="module")
def engine():
    from intake.ocr.rapid import RapidOcrEngine

    return RapidOcrEngine()


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return text_page()


def ocr_lines(engine, img: np.ndarray) -> list[OcrLine]:
    """OCR the top part only: enough lines for the confidence, a third of the time."""
    return engine.read(img[:800])


def test_clean_page_is_legible(page, engine):
    leg = assess(page, ocr_lines(engine, page), 200)
    assert leg.legible and leg.score >= 0.9 and leg.reasons == []


def test_mildly_blurred_page_stays_legible(page, engine):
    img = np.clip(degrade(page, 1.5).astype(np.float32) + np.random.default_rng(0).normal(0, 6, page.shape), 0, 255)
    img = jpeg(img.astype(np.uint8), 40)
    leg = assess(img, ocr_lines(engine, img), 200)
    assert leg.legible and "blur" not in leg.reasons


def test_blurred_page_with_reduced_contrast_stays_legible(page):
    # sigma 2.5 px and half contrast: still read by OCR at ~0.97.
    leg = assess(degrade(page, 2.5, 0.5), [], 200)
    assert leg.legible


def test_150_dpi_scan_stays_legible(page, engine):
    small = cv2.resize(page, None, fx=0.75, fy=0.75, interpolation=cv2.INTER_AREA)
    small = jpeg(small, 60)
    leg = assess(small, ocr_lines(engine, small), 150)
    assert leg.legible and "low_resolution" not in leg.reasons


def test_slightly_blurred_page_a_person_can_read_is_legible(page, engine):
    # sigma 3.5 px = 0.44 mm = 0.1 em, at half contrast: the OCR struggles, a person reads it.
    img = degrade(page, 3.5, 0.5)
    leg = assess(img, ocr_lines(engine, img), 200)
    assert leg.legible and leg.score >= 0.5


def test_heavily_blurred_page_is_illegible(page, engine):
    img = degrade(page, 6.5, 0.5)  # 0.83 mm = 0.19 em
    leg = assess(img, ocr_lines(engine, img), 200)
    assert not leg.legible
    assert "blur" in leg.reasons
    assert leg.score < 0.5


@pytest.mark.parametrize("sigma", [5.0, 6.0])
def test_very_heavy_blur_is_illegible_even_at_full_contrast(page, sigma):
    leg = assess(degrade(page, sigma), [], 200)
    assert not leg.legible and "blur" in leg.reasons


def test_blur_estimate_grows_with_sigma(page):
    values = [measure(degrade(page, s), [], 200).blur_mm for s in (0, 1.5, 3, 4.5)]
    assert all(a < b for a, b in zip(values, values[1:]))
    assert values[0] < 0.15 and 0.35 < values[2] < 0.45


def test_72_dpi_scan_of_normal_text_stays_legible(page):
    tiny = cv2.resize(page, None, fx=0.36, fy=0.36, interpolation=cv2.INTER_AREA)  # 12 px per character
    assert assess(tiny, [], 72).legible


def test_low_resolution_is_flagged(page):
    tiny = cv2.resize(page, None, fx=0.13, fy=0.13, interpolation=cv2.INTER_AREA)  # 4 px per character
    leg = assess(tiny, [], 26)
    assert "low_resolution" in leg.reasons and not leg.legible


def test_overexposed_page_is_flagged(page):
    washed = np.clip(page.astype(np.float32) * 0.25 + 200, 0, 255).astype(np.uint8)
    leg = assess(washed, [], 200)
    assert "overexposed" in leg.reasons and not leg.legible


def test_dark_page_that_can_still_be_read_is_legible_but_reported(page):
    dark = (page.astype(np.float32) * 0.3).astype(np.uint8)  # -1.7 stops
    leg = assess(dark, [], 200)
    assert "underexposed" in leg.reasons and leg.legible


def test_underexposed_page_is_flagged(page):
    dark = np.round(page.astype(np.float32) * 0.018).astype(np.uint8)  # -5.8 stops: 4 grey levels left
    leg = assess(dark, [], 200)
    assert "underexposed" in leg.reasons and not leg.legible


def test_low_ocr_confidence_is_reported(page):
    lines = [OcrLine("某某", (0, 0, 10, 10), 0.45) for _ in range(8)]
    leg = assess(page, lines, 200)
    assert "low_ocr_confidence" in leg.reasons and not leg.legible


def test_photo_without_text_is_legible_and_not_blamed_on_ocr():
    rng = np.random.default_rng(0)
    photo = cv2.GaussianBlur(rng.integers(0, 255, (A4[1], A4[0], 3), dtype=np.uint8), (0, 0), 2)
    cv2.rectangle(photo, (300, 400), (1300, 1500), (30, 60, 200), -1)
    cv2.circle(photo, (800, 1800), 300, (200, 200, 30), -1)
    leg = assess(photo, [], 200)
    assert leg.legible and "low_ocr_confidence" not in leg.reasons


def test_text_cut_off_at_the_edge_is_reported():
    img = text_page(x=1200)  # every line runs off the right edge
    leg = assess(img, [], 200)
    assert "cut_off" in leg.reasons
    assert "cut_off" not in assess(text_page(), [], 200).reasons


def _printed_characters() -> np.ndarray:
    """Ink mask of an A4 working copy: 20 rows of whole characters, printed margins all round."""
    mask = np.zeros((1200, 850), np.uint8)
    for row in range(20):
        for col in range(30):
            x, y = 120 + col * 20, 120 + row * 50
            mask[y:y + 14, x:x + 14] = 255
    return mask


def test_scanner_edge_shadow_speckled_along_the_border_is_not_text_cut_off():
    # A sheet's edge shadow fades into the page: where it crosses the ink threshold, grain
    # leaves one-pixel slivers along the border, which are not pieces of cut characters.
    ppm = 4.0  # working copy of an A4 page, pixels per mm
    mask = _printed_characters()
    for y in range(10, 1100, 50):
        mask[y:y + 3 + y % 11, 0] = 255  # the shadow's speckled rim
    touching, narrow = _cut_off(mask, ppm)
    assert touching == 0 and not narrow
    cut = np.roll(mask, -114, axis=1)  # the same page cropped through its first column of text
    cut[:, -120:] = 0
    for y in range(120, 1120, 50):
        cut[y:y + 14, :8] = 255  # each line's first character cut by the edge, the line going on beside it
    assert _cut_off(cut, ppm)[0] >= 10


def test_scanner_border_beside_a_page_with_printed_margins_is_not_text_cut_off():
    # A dark band of scanner border or binding shadow, speckled by grain, along one edge of a
    # page whose text keeps its printed margin: the marks on the edge are not cut characters.
    ppm = 4.0
    mask = _printed_characters()
    rng = np.random.default_rng(3)
    for y in rng.integers(0, 1190, 40):
        mask[y:y + 8, 850 - int(rng.integers(3, 9)):] = 255  # grain blobs of the band, on the edge
    assert _cut_off(mask, ppm)[0] == 0


def test_rim_of_a_flattened_sheet_beside_its_edge_is_not_text_cut_off():
    # A phone photo flattened to its sheet keeps the sheet's rim a millimetre inside the
    # image's edge, broken into thin pieces: a line along the edge, not characters by it.
    ppm = 4.0
    mask = _printed_characters()
    for y in range(200, 900, 25):
        mask[y:y + 4 + y % 7, 4:6] = 255  # the rim, two pixels (0.5 mm) thick
    assert _cut_off(mask, ppm) == (0, False)
    mask[120:1120, :100] = 0
    for y in range(120, 1120, 50):
        mask[y:y + 14, 4:18] = 255  # whole characters a millimetre from the edge: a crop between columns
    assert _cut_off(mask, ppm)[1]


def test_shadow_rim_cut_by_the_deskewed_image_edge_is_not_text_cut_off():
    # Deskewing turns a sheet's edge shadow a little across the image: its fading rim, cut by
    # the image's edge, is pieces all as shallow as the least counted (0.5 mm). A crop through a
    # row of characters leaves pieces of many depths, some a stroke's length into the page.
    ppm = 4.0
    mask = np.roll(_printed_characters(), -60, axis=0)  # text 15 mm under the top edge
    mask[-60:] = 0
    for x in range(20, 830, 12):
        mask[:2, x:x + 3 + x % 7] = 255  # the rim's pieces, two pixels deep
    assert _cut_off(mask, ppm)[0] == 0
    for x in range(120, 720, 20):
        mask[:2 + x % 9, x:x + 14] = 255  # a row of characters cut by the edge
    assert _cut_off(mask, ppm)[0] >= _CUT_TOUCHING


def test_blank_page_is_not_called_illegible():
    leg = assess(np.full((A4[1], A4[0], 3), 250, np.uint8), [], 200)
    assert leg.legible and leg.reasons == []


def test_sparse_page_with_dark_ink_is_not_overexposed():
    # A few lines on an otherwise empty page: p1 of the page is paper, not ink.
    sparse = text_page(rows=2)
    leg = assess(sparse, [], 200)
    assert "overexposed" not in leg.reasons and leg.legible


def test_heavily_blurred_low_contrast_page_is_illegible(page):
    g = cv2.GaussianBlur(page, (0, 0), 5).astype(np.float32)
    grey = np.clip(225 - (255 - g) * 0.3, 0, 255).astype(np.uint8)
    assert not assess(grey, [], 200).legible


def test_sharp_page_the_ocr_reads_little_of_is_reported_but_not_rejected(page):
    # A person reads a sharp, dark page whatever the OCR made of it.
    title_only = [OcrLine("营业执照", (416, 317, 878, 444), 0.99)]
    verdict = assess(page, title_only, 200.0, expected_chars=100)
    assert verdict.legible and "little_text" in verdict.reasons


def test_burnt_out_page_that_lost_its_text_is_illegible(page):
    # Overexposed: the paper is clipped white and the text's strokes went with it.
    washed = np.clip(page.astype(np.float32) * 0.3 + 200, 0, 255)
    washed[washed > 240] = 255
    verdict = assess(washed.astype(np.uint8), [OcrLine("营业执照", (416, 317, 878, 444), 0.99)], 200.0, expected_chars=100)
    assert not verdict.legible and "overexposed" in verdict.reasons


def test_text_noise_a_person_reads_through_is_legible(page):
    noisy = np.clip(page.astype(np.float32) + np.random.default_rng(1).normal(0, 60, page.shape[:2])[..., None], 0, 255)
    assert assess(noisy.astype(np.uint8), [], 200).legible


def test_heavy_noise_is_illegible(page):
    noisy = np.clip(page.astype(np.float32) + np.random.default_rng(1).normal(0, 200, page.shape[:2])[..., None], 0, 255)
    leg = assess(noisy.astype(np.uint8), [], 200)
    assert not leg.legible and "noise" in leg.reasons


def test_page_yielding_its_usual_text_is_not_penalised(page, engine):
    lines = ocr_lines(engine, page)
    assert assess(page, lines, 200.0, expected_chars=100).legible


@pytest.mark.parametrize("sigma", [3.6, 3.2])
def test_blurred_page_the_ocr_reads_little_of_is_illegible(page, sigma):
    # Blur past where reading gets hard (0.15 em), or a little past easy reading (0.13 em),
    # measured on strokes thinner than the blur, which read narrower than it is: the page's
    # text missing from the OCR's yield settles it.
    blurred = cv2.GaussianBlur(page, (0, 0), sigma)
    title_only = [OcrLine("营业执照", (416, 317, 878, 444), 0.9)]
    read = [OcrLine("本公司坚持专业化精细化特色化新颖化发展道路", (150, 200 + 62 * i, 1500, 240 + 62 * i), 0.9) for i in range(6)]
    assert not assess(blurred, title_only, 200.0, expected_chars=100).legible
    assert assess(blurred, read, 200.0, expected_chars=100).legible


def test_blur_within_easy_reading_is_legible_however_little_was_read(page):
    title_only = [OcrLine("营业执照", (416, 317, 878, 444), 0.9)]
    assert assess(cv2.GaussianBlur(page, (0, 0), 2.8), title_only, 200.0, expected_chars=100).legible


def test_pale_soft_page_the_ocr_reads_little_of_is_illegible_just_short_of_the_blur_limit(page):
    # A licence copied pale and soft (the illegible licence of a dossier): no stroke stands out
    # as ink, and the blur measures a little short of easy reading's limit (0.12 em), as thin
    # strokes do. Its text missing from the OCR's yield settles it; read whole, it is legible.
    soft = np.clip(215 + (cv2.GaussianBlur(page.astype(np.float32), (0, 0), 3.0) - 215) * 0.35, 0, 255).astype(np.uint8)
    title_only = [OcrLine("营业执照", (416, 317, 878, 444), 0.9)]
    read = [OcrLine("本公司坚持专业化精细化特色化新颖化发展道路", (150, 200 + 62 * i, 1500, 240 + 62 * i), 0.9) for i in range(6)]
    assert not assess(soft, title_only, 200.0, expected_chars=100).legible
    assert assess(soft, read, 200.0, expected_chars=100).legible


@pytest.mark.parametrize("sigma", [3.4, 3.5])
def test_short_page_read_whole_just_past_easy_reading_is_legible(sigma):
    # A letter's sign-off page: three rows, all read with confidence, fewer characters than
    # its type usually carries; blurred a little past easy reading (0.129-0.135 em). Scanned on
    # grey-white paper, as a copy or a photo is (white paper and so little ink would be burnt out).
    short = degrade(text_page(rows=3), sigma, contrast=0.9)
    read = [OcrLine(TEXT[i * 11:(i + 1) * 11], (150, 200 + 62 * i, 1500, 240 + 62 * i), 0.95) for i in range(3)]
    assert sum(len(l.text) for l in read) < 40
    assert assess(short, read, 200.0, expected_chars=80).legible


@pytest.mark.parametrize("sigma", [3.6, 4.0, 4.4])
def test_short_page_read_whole_a_little_soft_is_legible(sigma):
    # A letter's sign-off alone on its page: two rows, 19 characters all read with confidence,
    # blurred short of easy reading's limit (0.09-0.12 em). Its little ink is still ink: the
    # OCR's yield short of its type's usual is the page's, not the blur's.
    img = Image.new("RGB", A4, (232, 232, 232))
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    d.text((900, 1500), "承诺单位（盖章）：", fill=(30, 30, 30), font=font)
    d.text((900, 1560), "2020年5月20日", fill=(30, 30, 30), font=font)
    short = cv2.GaussianBlur(cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR), (0, 0), sigma)
    read = [OcrLine("承诺单位（盖章）：", (900, 1500, 1170, 1532), 0.95), OcrLine("2020年5月20日", (900, 1560, 1110, 1592), 0.95)]
    assert assess(short, read, 200.0, expected_chars=120).legible
