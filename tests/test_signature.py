"""Handwritten signature next to the signature label of a commitment letter."""
from __future__ import annotations


import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.signature import find_signature
from intake.ocr.base import OcrLine

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
A4 = (1654, 2339)  # 200 dpi
LABEL = "法定代表人（签字）："
BODY = "本公司郑重承诺：所提交的申报材料真实、准确、完整，不存在虚假记载、误导性陈述或重大遗漏。" * 8


def letter(signed: bool, seal: bool = True, ink=(140, 40, 20), underline: bool = True, pen_px: int = 3):
    """Commitment letter; returns (image, OCR lines as the engine would give them). `pen_px`: the
    signature's stroke width (3 px: a 0.4 mm ballpoint at 200 dpi)."""
    img = Image.new("RGB", A4, "white")
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(FONT, 36)
    per = 38
    lines = []
    for i in range(10):
        t = BODY[i * per:(i + 1) * per]
        d.text((150, 200 + i * 64), t, fill=(0, 0, 0), font=f)
        lines.append(OcrLine(t, (150.0, 200.0 + i * 64, 150.0 + 36 * len(t), 245.0 + i * 64), 0.98))
    x1 = 200 + int(d.textlength(LABEL, font=f))
    d.text((200, 1500), LABEL, fill=(0, 0, 0), font=f)
    lines.append(OcrLine(LABEL, (200.0, 1500.0, float(x1), 1545.0), 0.97))
    d.text((200, 1700), "日期：2020年5月20日", fill=(0, 0, 0), font=f)
    lines.append(OcrLine("日期：2020年5月20日", (200.0, 1700.0, 560.0, 1745.0), 0.97))
    page = cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR).copy()
    if underline:
        cv2.line(page, (x1, 1550), (x1 + 450, 1550), (0, 0, 0), 2)
    if signed:
        t = np.linspace(0, 1, 400)
        xs = x1 + 20 + 320 * t + 10 * np.sin(t * 41)
        ys = 1520 + 28 * np.sin(t * 23) + 14 * np.sin(t * 57 + 1)
        cv2.polylines(page, [np.stack([xs, ys], 1).astype(np.int32)], False, ink, pen_px, cv2.LINE_AA)
        loop = np.stack([x1 + 60 + 60 * np.cos(t * 6.3), 1525 + 30 * np.sin(t * 6.3)], 1)
        cv2.polylines(page, [loop.astype(np.int32)], False, ink, pen_px, cv2.LINE_AA)
    if seal:  # red seal overlapping the signature area, as stamped in practice
        cv2.circle(page, (x1 + 250, 1560), 165, (40, 40, 220), 10)
        cv2.circle(page, (x1 + 250, 1560), 40, (40, 40, 220), -1)
    return page, lines, x1


def test_signed_letter_has_signature():
    page, lines, x1 = letter(signed=True)
    present, bbox, conf = find_signature(page, lines)
    assert present and conf >= 0.6
    # The box covers the drawn strokes right of the label.
    assert bbox[0] >= x1 - 5 and bbox[0] <= x1 + 60 and bbox[2] >= x1 + 300
    assert 1450 <= bbox[1] <= 1520 and 1530 <= bbox[3] <= 1580


def test_black_ink_signature_without_seal_is_found():
    page, lines, _ = letter(signed=True, seal=False, ink=(20, 20, 20))
    present, _, conf = find_signature(page, lines)
    assert present and conf >= 0.5


@pytest.mark.parametrize("pen_px, blur", [(8, 0.0), (8, 2.0), (10, 0.0), (12, 0.0)])
def test_signature_in_a_thick_pen_is_found(pen_px, blur):
    # A 1.0 mm pen (sharp, or blurred by a phone photo or a copy), a 1.27 mm brush, a 1.5 mm
    # marker: where the stroke crosses itself it is thick enough to hold a 1.6 mm disc, and is still handwriting.
    page, lines, _ = letter(signed=True, seal=False, ink=(20, 20, 20), pen_px=pen_px)
    if blur:
        page = cv2.GaussianBlur(page, (0, 0), blur)
    present, bbox, conf = find_signature(page, lines)
    assert present and conf >= 0.5 and bbox[2] - bbox[0] >= 300


def test_unsigned_letter_has_no_signature():
    page, lines, _ = letter(signed=False)
    present, bbox, conf = find_signature(page, lines)
    assert not present and bbox is None and conf >= 0.6


def test_seal_alone_is_not_a_signature():
    page, lines, _ = letter(signed=False, seal=True, underline=False)
    assert find_signature(page, lines)[0] is False


def test_page_without_label_cannot_tell():
    page, lines, _ = letter(signed=True)
    body_only = [l for l in lines if "签" not in l.text and "法定代表人" not in l.text and "日期" not in l.text]
    assert find_signature(page, body_only) == (False, None, 0.3)


SIGN_OFF = OcrLine("企业名称（盖章）：衡阳市恒通机械有限公司", (200.0, 1600.0, 960.0, 1645.0), 0.98)


@pytest.mark.parametrize("signed, ink", [
    (True, (140, 40, 20)),  # blue pen: handwriting whatever its label
    (True, (20, 20, 20)),  # black pen: as dark as the unread label's print, but taller than a row of it
    (False, (140, 40, 20)),
])
def test_signature_by_the_sign_off_is_judged_where_the_ocr_dropped_its_label(signed, ink):
    page, lines, x1 = letter(signed=signed, ink=ink)
    present, bbox, conf = find_signature(page, [l for l in lines if l.text != LABEL] + [SIGN_OFF])
    assert present is signed and conf >= 0.5
    if signed:
        assert bbox[0] >= x1 - 5 and bbox[2] >= x1 + 300


def test_signature_read_as_text_on_the_label_line_is_still_found():
    # OCR sometimes merges the label and the handwriting into one low-confidence line.
    page, lines, x1 = letter(signed=True, seal=False)
    merged = [l for l in lines if l.text != LABEL]
    merged.append(OcrLine(LABEL + "张三", (200.0, 1480.0, float(x1 + 360), 1565.0), 0.62))
    present, bbox, _ = find_signature(page, merged)
    assert present and bbox[2] >= x1 + 300


def test_signed_letter_with_real_ocr():
    from intake.ocr.rapid import RapidOcrEngine

    page, _, x1 = letter(signed=True)
    crop = page[1300:1900]
    lines = [
        OcrLine(l.text, (l.box[0], l.box[1] + 1300, l.box[2], l.box[3] + 1300), l.confidence)
        for l in RapidOcrEngine().read(crop)
    ]
    assert any("签字" in l.text or "法定代表人" in l.text for l in lines)
    present, bbox, _ = find_signature(page, lines)
    assert present and bbox[2] >= x1 + 300


def _stamped(page: np.ndarray, centre: tuple[int, int], seed: int = 3) -> np.ndarray:
    """The generator's company seal (40 mm) stamped at `centre`."""
    import random

    from samples.seal import PX_PER_MM, seal_image

    im = seal_image(random.Random(seed), "衡阳市恒通机械制造有限公司", 40.0)
    k = (A4[0] / 210.0) / PX_PER_MM
    lay = np.asarray(im.resize((int(im.width * k), int(im.height * k)), Image.LANCZOS)).astype(np.float32)
    h, w = lay.shape[:2]
    y0, x0 = centre[1] - h // 2, centre[0] - w // 2
    a, ink = lay[..., 3:4] / 255, lay[..., 2::-1]
    region = page[y0:y0 + h, x0:x0 + w].astype(np.float32)
    page[y0:y0 + h, x0:x0 + w] = (region * (1 - a) + ink * a).clip(0, 255).astype(np.uint8)
    return page


def _grey_copy(page: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)


def test_seal_on_a_greyscale_copy_is_not_a_signature():
    page, lines, x1 = letter(signed=False, seal=False, underline=False)
    page = _grey_copy(_stamped(page, (x1 + 120, 1560)))
    assert find_signature(page, lines)[0] is False


def test_signature_under_a_seal_on_a_greyscale_copy_is_found():
    page, lines, x1 = letter(signed=True, seal=False, ink=(20, 20, 20), underline=False)
    page = _grey_copy(_stamped(page, (x1 + 180, 1525)))
    present, bbox, _ = find_signature(page, lines)
    assert present and bbox[0] < x1 + 180 < bbox[2]


def test_signature_inside_the_label_line_box_is_found():
    # The recogniser dropped the handwriting but its line box spans it, twice a line high.
    page, lines, x1 = letter(signed=True, seal=False)
    swollen = [l for l in lines if l.text != LABEL] + [OcrLine(LABEL, (200.0, 1480.0, float(x1 + 360), 1575.0), 0.9)]
    present, bbox, _ = find_signature(page, swollen)
    assert present and bbox[2] >= x1 + 300


def _printed(page: np.ndarray, text: str, at: tuple[int, int]) -> np.ndarray:
    """`page` with `text` printed in black at `at` (the page's print size)."""
    img = Image.fromarray(cv2.cvtColor(page, cv2.COLOR_BGR2RGB))
    ImageDraw.Draw(img).text(at, text, fill=(0, 0, 0), font=ImageFont.truetype(FONT, 36))
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR).copy()


def test_print_the_ocr_dropped_between_two_boxes_of_a_row_is_not_a_signature():
    page, lines, x1 = letter(signed=False, seal=False, underline=False)
    page = _printed(page, "承诺单位（盖章）：衡阳市恒通机械制造有限公司", (200, 1440))
    # The seal over "衡阳市恒通" made the OCR drop it: two boxes with a gap.
    lines += [OcrLine("承诺单位（盖章）：", (200.0, 1440.0, 524.0, 1480.0), 0.98),
              OcrLine("机械制造有限公司", (704.0, 1440.0, 992.0, 1480.0), 0.97)]
    assert find_signature(page, lines)[0] is False


def _short_signature(page: np.ndarray, x1: int, broken: bool = False) -> None:
    """A signature of a few strokes, small enough to sit inside a seal's ring; `broken`: its
    line cut into pieces, as where the seal's ink crosses it."""
    t = np.linspace(0, 1, 300)
    xs = x1 + 30 + 200 * t + 8 * np.sin(t * 37)
    ys = 1525 + 22 * np.sin(t * 19) + 10 * np.sin(t * 51 + 1)
    points = np.stack([xs, ys], 1).astype(np.int32)
    pieces = [points[k:k + 9] for k in range(0, len(points), 12)] if broken else [points]
    cv2.polylines(page, pieces, False, (25, 25, 25), 3, cv2.LINE_AA)


@pytest.mark.parametrize("broken", [False, True])
def test_signature_written_across_the_ring_of_a_seal_on_a_greyscale_copy_is_found(broken):
    # The strokes run over the ring's letters and the star: no part of them clear of the seal's print.
    page, lines, x1 = letter(signed=False, seal=False, underline=False)
    _short_signature(page, x1, broken)
    page = _grey_copy(_stamped(page, (x1 + 100, 1525)))
    assert find_signature(page, lines)[0] is True


def _stamped_art(page: np.ndarray, centre: tuple[int, int], spec, seed: int) -> np.ndarray:
    """`page` stamped at `centre` with the generator's seal art for `spec`, at the page's scale."""
    import random

    from samples.sealart import PX_PER_MM, render

    im, _ = render(spec, random.Random(seed))
    k = (A4[0] / 210.0) / PX_PER_MM
    lay = np.asarray(im.resize((int(im.width * k), int(im.height * k)), Image.LANCZOS)).astype(np.float32)
    h, w = lay.shape[:2]
    y0, x0 = centre[1] - h // 2, centre[0] - w // 2
    a, ink = lay[..., 3:4] / 255, lay[..., 2::-1]
    page[y0:y0 + h, x0:x0 + w] = (page[y0:y0 + h, x0:x0 + w] * (1 - a) + ink * a).clip(0, 255).astype(np.uint8)
    return page


def _stamped_with_inner_ring(page: np.ndarray, centre: tuple[int, int]) -> np.ndarray:
    """A worn official seal (42 mm) with large letters and a thin line inside its border."""
    from samples.sealart import SealSpec

    return _stamped_art(page, centre, SealSpec("round", "湖南华盛科技股份有限公司", 42.0, 42.0, inner_ring=True), 1)


@pytest.mark.parametrize("signed", [False, True])
def test_seal_whose_inner_ring_touches_its_letters_is_not_taken_for_a_signature(signed):
    # Inner ring and letters make one shape that reaches across the radius, as a pen stroke does.
    from extractors.seals import find_seals

    page, lines, x1 = letter(signed=False, seal=False, underline=False)
    if signed:
        _short_signature(page, x1)
    page = _grey_copy(_stamped_with_inner_ring(page, (x1 + 120, 1540)))
    assert find_signature(page, lines, find_seals(page))[0] is signed


def test_the_seal_stages_seals_are_used_on_a_greyscale_copy():
    from extractors.seals import find_seals

    for signed in (False, True):
        page, lines, x1 = letter(signed=False, seal=False, underline=False)
        if signed:
            _short_signature(page, x1)
        page = _grey_copy(_stamped(page, (x1 + 160, 1495)))
        found = find_seals(page)
        assert found and all(s.source == "shape" for s in found)
        assert find_signature(page, lines, found)[0] is signed


def test_label_whose_head_a_seal_hid_still_says_where_to_look():
    # The OCR kept only "字）：" of "法定代表人（签字）：": the rest was under the seal.
    page, lines, x1 = letter(signed=True, seal=False)
    tail = [l for l in lines if l.text != LABEL] + [OcrLine("字）：", (float(x1 - 100), 1500.0, float(x1), 1545.0), 0.95)]
    present, bbox, _ = find_signature(page, tail)
    assert present and bbox[2] >= x1 + 300
    page, lines, x1 = letter(signed=False, seal=False)
    tail = [l for l in lines if l.text != LABEL] + [OcrLine("字）：", (float(x1 - 100), 1500.0, float(x1), 1545.0), 0.95)]
    assert find_signature(page, tail) == (False, None, 0.7)


def test_label_read_as_its_middle_alone_still_says_where_to_look():
    # A greyscale seal's ring over "法定" and "签字：" left the OCR "代表人" of the label.
    page, lines, x1 = letter(signed=True, seal=False)
    middle = [l for l in lines if l.text != LABEL] + [OcrLine("代表人", (280.0, 1500.0, 390.0, 1545.0), 0.98)]
    present, bbox, _ = find_signature(page, middle)
    assert present and bbox[2] >= x1 + 300


def test_label_read_as_its_tail_alone_still_says_where_to_look():
    # A seal over "法定代" and "（签字）：" left the OCR "表人" of the label.
    page, lines, x1 = letter(signed=True, seal=False)
    tail = [l for l in lines if l.text != LABEL] + [OcrLine("表人", (308.0, 1500.0, 380.0, 1545.0), 0.99)]
    present, bbox, _ = find_signature(page, tail)
    assert present and bbox[2] >= x1 + 300


def test_seal_the_colour_test_leaves_on_an_underexposed_photo_is_not_a_signature():
    from extractors.seals import SealCandidate

    page, lines, x1 = letter(signed=False, seal=False, underline=False)
    centre = (x1 + 120, 1560)
    stamped = _stamped(page, centre).astype(np.float32)
    # A dim photo: the red ink dark and greyed, past what the colour test takes out.
    page = ((0.5 * stamped.mean(axis=2, keepdims=True) + 0.5 * stamped) * 0.3).astype(np.uint8)
    r = 20.0 * A4[0] / 210.0  # the 40 mm seal's radius in px
    seal = SealCandidate(bbox=(centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r), shape="round",
                         confidence=0.95, centre=centre, axes=(r, r), source="colour")
    assert find_signature(page, lines, [seal])[0] is False


def test_unsigned_letter_whose_name_and_date_are_filled_in_blue_pen_is_not_signed():
    # The label line dropped by the OCR; the company name and the date written in by a blue pen.
    page, lines, _ = letter(signed=False)
    img = Image.fromarray(cv2.cvtColor(page, cv2.COLOR_BGR2RGB))
    d = ImageDraw.Draw(img)
    f, hand = ImageFont.truetype(FONT, 36), ImageFont.truetype(FONT, 40)
    blue = (30, 50, 160)
    d.rectangle((195, 1695, 800, 1760), fill="white")
    rows = []
    for y, head, filled in ((1600, "企业名称（盖章）：", "衡阳市恒通机械有限公司"), (1700, "日期：", "2020年5月20日")):
        d.text((200, y), head, fill=(0, 0, 0), font=f)
        x = 200 + d.textlength(head, font=f)
        d.text((x, y - 4), filled, fill=blue, font=hand)
        rows.append(OcrLine(head + filled, (200.0, float(y), x + d.textlength(filled, font=hand), y + 45.0), 0.95))
    page = cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)
    present, _, _ = find_signature(page, [l for l in lines if l.text != LABEL and "日期" not in l.text] + rows)
    assert present is not True


@pytest.mark.parametrize("signed", [False, True])
def test_label_whose_note_a_seal_cut_short_is_print_not_a_signature(signed):
    # A seal over "签字）：" left the OCR "法定代表人（多": the rest of the note is print, unread.
    page, lines, x1 = letter(signed=signed, seal=False, underline=False)
    read_to = 200 + (x1 - 200) * 7 / 10  # seven of the label's ten characters
    short = [l for l in lines if l.text != LABEL] + [OcrLine("法定代表人（多", (200.0, 1500.0, read_to, 1545.0), 0.89)]
    assert find_signature(page, short)[0] is signed


def _stamped_name_seal(page: np.ndarray, centre: tuple[int, int]) -> np.ndarray:
    """A name seal in negative (16 mm): a block of ink with the name's letters left white."""
    from samples.sealart import SealSpec

    return _stamped_art(page, centre, SealSpec("square", "马静桂", 16.0, 16.0, negative=True), 2)


@pytest.mark.parametrize("seals", [None, []])
@pytest.mark.parametrize("signed", [False, True])
def test_greyscale_name_seal_beside_the_label_is_not_a_signature_nor_hides_one(signed, seals):
    # On a greyscale copy the name seal is a block of grey ink the strokes run into; `seals=[]`:
    # the seal stage ran and missed it, so no seal search here looks for it either.
    page, lines, x1 = letter(signed=False, seal=False, underline=False)
    if signed:
        _short_signature(page, x1)
    page = _grey_copy(_stamped_name_seal(page, (x1 + 250, 1530)))
    assert find_signature(page, lines, seals)[0] is signed


def test_bare_label_without_a_bracket_is_followed_by_its_signature():
    # "签字：" alone, no bracketed note to run on past the reading; a short signature right after it.
    page, lines, _ = letter(signed=False, seal=False, underline=False)
    page = _printed(page, "签字：", (200, 1800))
    t = np.linspace(0, 1, 200)
    xs, ys = 318 + 60 * t, 1822 + 18 * np.sin(t * 9)
    cv2.polylines(page, [np.stack([xs, ys], 1).astype(np.int32)], False, (20, 20, 20), 3, cv2.LINE_AA)
    lines = [l for l in lines if l.text != LABEL] + [OcrLine("签字：", (200.0, 1800.0, 308.0, 1845.0), 0.97)]
    present, bbox, _ = find_signature(page, lines)
    assert present and bbox[0] < 330


@pytest.mark.parametrize("signed", [False, True])
def test_dark_brown_seals_ring_letters_are_not_a_signature_and_a_pen_under_it_still_is(signed):
    from extractors.seals import SealCandidate

    page, lines, x1 = letter(signed=False, seal=False, underline=False)
    centre = (x1 + 60, 1560)
    white = np.full_like(page, 255)
    stamp = 255 - _stamped(white, centre)[..., 0:1].astype(np.float32)  # the seal's ink share
    brown = np.array([45, 70, 105], np.float32)  # BGR: a dark-brown pad, past the colour test
    page = (page * (1 - stamp / 255) + brown * stamp / 255).clip(0, 255).astype(np.uint8)
    if signed:
        _short_signature(page, x1)
    r = 20.0 * A4[0] / 210.0  # the 40 mm seal's radius in px
    seal = SealCandidate(bbox=(centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r), shape="round",
                         confidence=0.95, centre=centre, axes=(r, r), source="colour")
    assert find_signature(page, lines, [seal])[0] is signed


def _jpeg(page: np.ndarray, quality: int = 75) -> np.ndarray:
    """`page` after a JPEG round trip: chroma subsampling smears a thin stroke's colour into the paper."""
    return cv2.imdecode(cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, quality])[1], cv2.IMREAD_COLOR)


@pytest.mark.parametrize("jpeg", [False, True])
@pytest.mark.parametrize("ink", [(70, 80, 140), (60, 70, 110), (45, 70, 105)])  # BGR: dark red, darker, brown
@pytest.mark.parametrize("paper", [(255, 255, 255), (226, 240, 234)])
@pytest.mark.parametrize("signed", [False, True])
def test_blurred_dark_seals_ring_letters_are_not_a_signature_on_any_paper(signed, paper, ink, jpeg):
    # A blurred scan leaves the ring letters' soft edges past the colour test, paler and less red
    # than their ink, on a white or a tinted sheet: their hue against the paper still tells the seal.
    from extractors.seals import SealCandidate

    page, lines, x1 = letter(signed=False, seal=False, underline=False)
    centre = (x1 + 60, 1560)
    stamp = (255 - _stamped(np.full_like(page, 255), centre)[..., 0:1].astype(np.float32)) / 255
    page = (page * (1 - stamp) + np.array(ink, np.float32) * stamp).clip(0, 255).astype(np.uint8)
    if signed:
        _short_signature(page, x1)
    page = cv2.GaussianBlur((page * (np.array(paper, np.float32) / 255)).astype(np.uint8), (0, 0), 3.0)
    if jpeg:
        page = _jpeg(page)
    r = 20.0 * A4[0] / 210.0
    seal = SealCandidate(bbox=(centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r), shape="round",
                         confidence=0.95, centre=centre, axes=(r, r), source="colour")
    assert find_signature(page, lines, [seal])[0] is signed


def test_sharp_dark_red_seals_ring_letters_after_a_jpeg_round_trip_are_not_a_signature():
    from extractors.seals import SealCandidate

    page, lines, x1 = letter(signed=False, seal=False, underline=False)
    centre = (x1 + 60, 1560)
    stamp = (255 - _stamped(np.full_like(page, 255), centre)[..., 0:1].astype(np.float32)) / 255
    page = _jpeg((page * (1 - stamp) + np.array([60, 70, 110], np.float32) * stamp).clip(0, 255).astype(np.uint8))
    r = 20.0 * A4[0] / 210.0
    seal = SealCandidate(bbox=(centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r), shape="round",
                         confidence=0.95, centre=centre, axes=(r, r), source="colour")
    assert find_signature(page, lines, [seal])[0] is False


@pytest.mark.parametrize("signed", [False, True])
def test_name_seal_characters_the_ocr_read_are_no_row_of_print_over_the_signature(signed):
    # The OCR reads two of a red name seal's characters ("庆杨") in a print-sized box beside a
    # signature written a little above the label's line: they are the seal's, not a row of print
    # whose band would wipe out the strokes beside them.
    from extractors.seals import SealCandidate
    from samples.sealart import SealSpec

    page, lines, x1 = letter(signed=False, seal=False, underline=False)
    if signed:
        t = np.linspace(0, 1, 300)
        stroke = np.stack([x1 + 30 + 200 * t + 8 * np.sin(t * 37), 1478 + 20 * np.sin(t * 19) + 8 * np.sin(t * 51)], 1)
        cv2.polylines(page, [stroke.astype(np.int32)], False, (140, 40, 20), 3, cv2.LINE_AA)
    centre, r = (x1 + 330, 1480), 8.0 * A4[0] / 210.0  # the 16 mm seal's half side in px
    page = _stamped_art(page, centre, SealSpec("square", "杨辉庆", 16.0, 16.0), 2)
    seal = SealCandidate(bbox=(centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r), shape="square",
                         confidence=0.95, centre=centre, axes=(r, r), source="colour")
    read = OcrLine("庆杨", (centre[0] - 45.0, 1448.0, centre[0] + 45.0, 1503.0), 0.89)
    assert find_signature(page, lines + [read], [seal])[0] is signed


def test_typed_name_under_its_own_name_seal_is_print_not_a_signature():
    # A typed name just under the label ("杨辉庆") with the name seal stamped on it: the OCR reads the
    # black name inside the seal's box; the seal's red goes, the print under it is still print.
    from extractors.seals import SealCandidate
    from samples.sealart import SealSpec

    page, lines, x1 = letter(signed=False, seal=False, underline=False)
    at = (x1 + 40, 1580)
    page = _printed(page, "杨辉庆", at)
    read = OcrLine("杨辉庆", (at[0], at[1], at[0] + 108.0, at[1] + 45.0), 0.95)
    centre, r = (at[0] + 54, at[1] + 22), 8.0 * A4[0] / 210.0  # the 16 mm seal's half side in px
    page = _stamped_art(page, centre, SealSpec("square", "杨辉庆", 16.0, 16.0), 2)
    seal = SealCandidate(bbox=(centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r), shape="square",
                         confidence=0.95, centre=centre, axes=(r, r), source="colour")
    assert find_signature(page, lines + [read], [seal])[0] is False


def test_stroke_that_takes_no_colour_from_the_paper_is_no_seal_ink():
    # A pale stroke in a lit patch of a dim photo is ink against its own patch, yet no darker than the
    # paper in any colour: that says nothing of a seal's hue, so the stroke stays.
    from extractors.seals import SealCandidate
    from extractors.signature import _drop_ring_letters

    region = np.full((400, 400, 3), 200, np.uint8)  # the dim sheet
    region[150:250, 300:400] = 250  # a lit patch on the seal's ring
    mask = np.zeros(region.shape[:2], np.uint8)
    cv2.line(mask, (320, 170), (380, 230), 255, 3)
    region[mask > 0] = 215  # paler than the lit patch, not than the sheet
    seal = SealCandidate(bbox=(50.0, 50.0, 350.0, 350.0), shape="round", confidence=0.95, centre=(200.0, 200.0),
                         axes=(150.0, 150.0), source="colour")
    kept = mask.copy()
    _drop_ring_letters(mask, region, (0, 0), [seal])
    assert np.array_equal(mask, kept)


def _pale_sealed_letter(signed: bool, pen: tuple[int, int, int]) -> tuple[np.ndarray, list[OcrLine], list]:
    """A letter with a pale red company seal stamped over the label's row, as the seal stage finds it (at
    its pale seal's confidence: its print past the colour test), and a flat signature along the seal's
    lower ring band, clear of the letters: no stroke of it reaches across the ring."""
    from extractors.seals import SealCandidate
    from extractors.signature import PALE_SEAL

    page, lines, x1 = letter(signed=False, seal=False, underline=False)
    r = 20.0 * A4[0] / 210.0  # the 40 mm seal's radius in px
    centre = (x1 + 150, 1525 - int(0.72 * r))
    stamp = (255 - _stamped(np.full_like(page, 255), centre)[..., 0:1].astype(np.float32)) / 255
    page = (page * (1 - stamp) + np.array([170, 170, 235], np.float32) * stamp).clip(0, 255).astype(np.uint8)
    if signed:
        t = np.linspace(0, 1, 300)
        stroke = np.stack([centre[0] - 80 + 160 * t + 6 * np.sin(t * 37),
                           centre[1] + 0.8 * r + 9 * np.sin(t * 29) + 5 * np.sin(t * 61 + 1)], 1)
        cv2.polylines(page, [stroke.astype(np.int32)], False, pen, 3, cv2.LINE_AA)
    seal = SealCandidate(bbox=(centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r), shape="round",
                         confidence=PALE_SEAL, centre=centre, axes=(r, r), source="colour")
    return _jpeg(page), lines, [seal]


@pytest.mark.parametrize("pen", [(140, 40, 20), (25, 25, 25)])  # BGR: blue, black
@pytest.mark.parametrize("signed", [False, True])
def test_signature_across_company_seal_is_found_by_its_pens_hue(signed, pen):
    # Inside the seal's print zones the strokes keep to its ring band, as its letters do: only
    # their colour (a pen's, not the seal's red) tells them from its print.
    page, lines, seals = _pale_sealed_letter(signed, pen)
    assert find_signature(page, lines, seals)[0] is signed


def test_seal_print_on_a_greyscale_copy_takes_no_pens_hue():
    # A greyscale copy shows no seal's hue: its print is not told from a pen's by colour.
    page, lines, seals = _pale_sealed_letter(False, (25, 25, 25))
    assert find_signature(_grey_copy(page), lines, seals)[0] is False


@pytest.mark.parametrize("signed", [False, True])
def test_label_whose_note_the_ocr_misread_is_print_not_a_signature(signed):
    # A blurred "（签字）" read "（荟字）": the note is still the label's print.
    page, lines, x1 = letter(signed=signed, seal=False, underline=False)
    misread = [l for l in lines if l.text != LABEL] + [OcrLine("法定代表人（荟字）：", (200.0, 1500.0, float(x1), 1545.0), 0.92)]
    assert find_signature(page, misread)[0] is signed
