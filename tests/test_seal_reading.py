"""Seal text (spec §4 Seals): curved text unwarped (polar for round, elliptical
for oval), started at the gap, centre text read separately, square personal
seals read right column first, top to bottom; confidence reported."""
from __future__ import annotations

import pytest
from conftest import text_page
from test_seal_art import FONT, FONT_MING, RED, grey_copy, mm, seal_layer, stamp, uneven

from extractors.seals import company_similarity, find_seals, read_seal_text

NAME = "衡阳市恒通机械制造有限公司"


@pytest.fixture(scope="module")
def engine():
    from intake.ocr.rapid import RapidOcrEngine

    return RapidOcrEngine()


def _read(page, engine):
    found = find_seals(page)
    assert len(found) == 1, found
    return found[0], read_seal_text(page, found[0], engine)


def test_oval_finance_seal_text_is_unwarped_and_read(engine):
    lay = seal_layer("株洲精工硬质合金有限公司", "oval", 42, 30, centre_text="财务专用章", star=False, rotate=15)
    seal, (text, conf) = _read(stamp(text_page(rows=20), uneven(lay, seed=1), 120, 220), engine)
    assert seal.shape == "oval"
    assert company_similarity(text, "株洲精工硬质合金有限公司") >= 0.8 and conf >= 0.6
    assert text.endswith("财务专用章")  # the centre text, read on its own


@pytest.mark.parametrize("turn", [0, 140, -100])
def test_round_seal_text_is_read_from_the_gap_at_any_stamping_angle(engine, turn):
    page = stamp(text_page(rows=20), uneven(seal_layer(NAME, font=FONT_MING, rotate=turn), seed=2), 80, 200)
    _, (text, conf) = _read(page, engine)
    assert company_similarity(text, NAME) >= 0.85, text


def _with_security_code(layer, digits: str = "4304210098765", w_mm: float = 42):
    """The seal's 13-digit security code (防伪码) in small digits along the inside
    of the ring at its foot, where the name leaves its gap."""
    import math

    from PIL import Image, ImageDraw, ImageFont

    layer = layer.copy()
    W, H = layer.size
    cx, cy, r = W / 2, H / 2, mm(w_mm) / 2
    size = int(r * 0.09)
    font = ImageFont.truetype(FONT, size)
    for i, ch in enumerate(digits):
        a = math.radians(120 - 60 * i / (len(digits) - 1))
        rr = r - mm(1.1) - size * 0.9
        tile = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(tile).text((size, size), ch, fill=255, font=font, anchor="mm")
        tile = tile.rotate(90 - math.degrees(a), resample=Image.BICUBIC)
        at = (int(cx + rr * math.cos(a) - size), int(cy + rr * math.sin(a) - size))
        layer.paste(Image.new("RGBA", tile.size, (*RED, 255)), at, tile)
    return layer


@pytest.mark.parametrize("turn", [-120, 170])
def test_round_seal_is_read_from_the_foot_past_its_security_code(engine, turn):
    lay = _with_security_code(seal_layer(NAME, font=FONT_MING)).rotate(turn)
    _, (text, _) = _read(stamp(text_page(rows=20), uneven(lay, seed=9), 80, 200), engine)
    assert text.startswith("衡阳") and company_similarity(text, NAME) >= 0.85, text  # not …公司衡阳市…


@pytest.mark.parametrize("chars", ["王建国印", "欧阳修"])
def test_square_personal_seal_is_read_in_column_order(engine, chars):
    page = stamp(text_page(rows=10), uneven(seal_layer(chars, "square", 18, rotate=5), seed=3), 150, 240)
    seal, (text, conf) = _read(page, engine)
    assert seal.shape == "square"
    assert text == chars and conf >= 0.6


def test_greyscale_copy_seal_text_is_read_without_the_text_under_it(engine):
    page = stamp(text_page(rows=30), uneven(seal_layer(NAME, rotate=-20), seed=4, patchy=0.3), 110, 200)
    _, (text, _) = _read(grey_copy(page), engine)
    assert company_similarity(text, NAME) >= 0.8, text


def test_illegible_seal_reports_low_confidence_or_nothing(engine):
    lay = uneven(seal_layer(NAME), seed=5, patchy=1.0, gaps=4, low=0.0)
    page = stamp(text_page(rows=5), lay, 100, 150, strength=0.35)
    for seal in find_seals(page):
        text, conf = read_seal_text(page, seal, engine)
        assert text is None or conf < 0.9 or company_similarity(text, NAME) >= 0.6


class _Counting:
    """Wraps the engine and counts full reads (detection + recognition) and recognition-only calls."""

    def __init__(self, engine):
        self.engine, self.reads, self.regions = engine, 0, 0

    def read(self, image):
        self.reads += 1
        return self.engine.read(image)

    def read_regions(self, image, quads):
        self.regions += 1
        return self.engine.read_regions(image, quads)


def test_a_clear_seal_is_read_with_one_recognition_call_and_no_detection(engine):
    page = stamp(text_page(rows=20), uneven(seal_layer(NAME, font=FONT_MING, rotate=30), seed=6), 80, 200)
    seal = find_seals(page)[0]
    counting = _Counting(engine)
    text, conf = read_seal_text(page, seal, counting)
    assert company_similarity(text, NAME) >= 0.85, text
    assert counting.reads == 0 and counting.regions == 1


def test_seal_text_survives_jpeg_colour_blur_and_text_under_it(engine):
    import cv2

    page = stamp(text_page(rows=30), uneven(seal_layer(NAME, font=FONT_MING, rotate=-40), seed=7), 100, 200)
    ok, buf = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 30])
    page = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    _, (text, _) = _read(page, engine)
    assert company_similarity(text, NAME) >= 0.6, text  # intake/assemble.py SEAL_MATCH


def test_centre_text_is_appended_only_as_a_known_seal_word(engine):
    lay = seal_layer(NAME, centre_text="合同专用章", rotate=-25)
    _, (text, _) = _read(stamp(text_page(rows=10), uneven(lay, seed=8), 100, 200), engine)
    assert company_similarity(text, NAME) >= 0.8, text
    assert not text.endswith("章") or text.endswith("合同专用章")


def test_faded_seal_through_jpeg_is_read_by_its_brightness(engine):
    # Pale ink: its redness drowns in the JPEG's colour blocks, its darkness does not.
    import cv2

    lay = uneven(seal_layer(NAME, font=FONT_MING, rotate=20), seed=1, patchy=0.4)
    page = stamp(text_page(rows=20), lay, 100, 200, strength=0.25)
    ok, buf = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 50])
    _, (text, _) = _read(cv2.imdecode(buf, cv2.IMREAD_COLOR), engine)
    assert company_similarity(text, NAME) >= 0.95, text


def test_a_ring_unrolled_from_inside_the_name_is_read_again_from_its_head(engine, monkeypatch):
    # A faint character taken for the gap (the real one filled by a security code):
    # the strip starts inside the name, the reading wraps round (…有限公司衡阳市恒通…).
    from extractors.seals import read

    band = read._band

    def inside_the_name(ink, probe, geom):
        depths, start, _, found = band(ink, probe, geom)
        n = len(read._column_angles(geom[1], start, sum(depths[:2]) / 2))
        return depths, start + 125.0, (0, n - 1), found

    monkeypatch.setattr(read, "_band", inside_the_name)
    page = stamp(text_page(rows=20), uneven(seal_layer(NAME, font=FONT_MING, rotate=10), seed=2), 80, 200)
    _, (text, _) = _read(page, engine)
    assert text.startswith("衡阳") and company_similarity(text, NAME) >= 0.85, text


@pytest.mark.parametrize("branch", ["中国工商银行股份有限公司衡阳分行", "衡阳市恒通机械制造有限公司营业部"])
def test_a_branch_seal_keeps_its_reading_with_one_recognition_call(engine, branch):
    # The branch's name after the legal form is no name wrapped round the ring.
    page = stamp(text_page(rows=20), uneven(seal_layer(branch, font=FONT_MING, rotate=20), seed=2), 80, 200)
    seal = find_seals(page)[0]
    counting = _Counting(engine)
    text, _ = read_seal_text(page, seal, counting)
    assert text == branch and counting.regions == 1


@pytest.mark.parametrize("reading, head", [
    ("机械制造有限公司衡阳市恒通", "衡阳市恒通"),      # the ring unrolled from inside the name
    ("机械制造有限公司衡南", "衡南"),                  # ... its place half read
    ("制造有限公司街阳市恒通机械", "街阳市恒通机械"),  # ... its place misread
    ("中国工商银行股份有限公司衡阳分行", None),        # a branch, a body of the company
    ("衡阳市恒通机械制造有限公司办事处", None),
    ("衡阳市恒通机械制造有限公司4304210098765", None),  # the security code
    ("衡阳市恒通机械制造有限公司合同专用章", None),
])
def test_only_a_name_head_after_the_legal_form_is_a_wrapped_reading(reading, head):
    from extractors.seals.read import _wrap_at

    at = _wrap_at(reading)
    assert (reading[at:] if at is not None else None) == head


def test_ring_lines_above_the_text_are_cut_from_the_strip():
    # A double-lined seal (or a ring fitted a little off) leaves a line across the
    # strip above the name, clear of it: the recogniser's line height is the text's.
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    from extractors.seals.read import _text_rows

    img = Image.new("L", (520, 60), 255)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 3, 519, 5), fill=0)
    draw.text((10, 14), NAME, fill=0, font=ImageFont.truetype(FONT, 36))
    strip = np.asarray(img)
    cut = _text_rows(strip)
    assert (cut < 128).mean(axis=1).max() < 0.45  # no line left
    assert (cut < 128).sum() >= 0.9 * (strip[8:] < 128).sum()  # all the characters kept
    plain = strip.copy()
    plain[:8] = 255
    assert _text_rows(plain).shape == strip.shape  # no line: nothing cut



@pytest.mark.parametrize("seed, turn", [(3, -35), (5, 60)])
def test_a_seal_unrolled_over_too_deep_a_band_is_read_again_over_a_narrower_one(engine, monkeypatch, seed, turn):
    # The text band fitted over the ring and deep into the star (an ellipse a little
    # off, print or a ring line taken for text): the characters are small in the
    # recogniser's line height and the first reading is poor or nothing; the
    # narrower bands of the retries read the name.
    from extractors.seals import read

    depths = read._text_depths

    def too_deep(ink, centre, axes, angle):
        d_out, d_in = depths(ink, centre, axes, angle)
        return d_out - 0.1 * min(axes), d_in + 0.5 * min(axes)

    monkeypatch.setattr(read, "_text_depths", too_deep)
    lay = uneven(seal_layer(NAME, font=FONT_MING, rotate=turn), seed=seed, patchy=0.3)
    _, (text, _) = _read(stamp(text_page(rows=20), lay, 100, 200), engine)
    assert company_similarity(text, NAME) >= 0.9, text
