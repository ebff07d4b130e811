"""Signature verdicts where the OCR lost the signature label, or missed a row of print near it."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.signature import find_signature
from intake.ocr.base import OcrLine

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
A4 = (1654, 2339)  # 200 dpi
BODY = "本公司郑重承诺：所提交的申报材料真实、准确、完整，不存在虚假记载、误导性陈述或重大遗漏。" * 8
NAME = "企业名称（盖章）：衡阳市恒通机械有限公司"
LABEL = "法定代表人（签字）："
DATE = "日期：2020年5月20日"
ROWS = {"label": 1500, "name": 1640, "date": 1780}  # the sign-off block, its label above the name line


def _text(draw: ImageDraw.ImageDraw, font, x: int, y: int, text: str) -> OcrLine:
    draw.text((x, y), text, fill=(0, 0, 0), font=font)
    return OcrLine(text, (float(x), float(y), x + draw.textlength(text, font=font), y + 45.0), 0.97)


def letter(signed: bool, ink=(20, 20, 20), tall: bool = True) -> tuple[np.ndarray, dict[str, OcrLine], int]:
    """A commitment letter; returns (page, its OCR lines by row, x where the label ends). The
    signature is a pen scribble right of the label: `tall` as a name written by hand (~10 mm), else
    a flat flourish no taller than the print."""
    img = Image.new("RGB", A4, "white")
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(FONT, 36)
    per = 38
    rows = {f"body{i}": _text(d, f, 150, 200 + i * 64, BODY[i * per:(i + 1) * per]) for i in range(10)}
    for key, text in (("label", LABEL), ("name", NAME), ("date", DATE)):
        rows[key] = _text(d, f, 300, ROWS[key], text)
    page = cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR).copy()
    x1 = int(rows["label"].box[2])
    if signed:
        t = np.linspace(0, 1, 400)
        height = 30 if tall else 8
        xs = x1 + 20 + 300 * t + 10 * np.sin(t * 41)
        ys = ROWS["label"] + 22 + height * np.sin(t * 23) + height / 2 * np.sin(t * 57 + 1)
        cv2.polylines(page, [np.stack([xs, ys], 1).astype(np.int32)], False, ink, 3, cv2.LINE_AA)
    return page, rows, x1


def _without(rows: dict[str, OcrLine], *lost: str) -> list[OcrLine]:
    return [line for key, line in rows.items() if key not in lost]


@pytest.mark.parametrize("ink", [(20, 20, 20), (140, 40, 20)])
def test_signature_by_the_sign_off_is_found_where_the_ocr_lost_its_label(ink):
    # A black pen is as dark as the unread label's print, but a name written by hand stands taller than it.
    page, rows, x1 = letter(signed=True, ink=ink)
    present, bbox, conf = find_signature(page, _without(rows, "label"))
    assert present and conf >= 0.5
    assert bbox[0] >= x1 - 5 and bbox[2] >= x1 + 280


def test_unsigned_letter_is_unsigned_where_the_ocr_lost_its_label():
    # The unread label's characters are print-sized: the rows round the sign-off hold no handwriting.
    page, rows, _ = letter(signed=False)
    present, bbox, conf = find_signature(page, _without(rows, "label"))
    assert not present and bbox is None and conf >= 0.5


def test_flat_blue_flourish_by_the_sign_off_is_a_signature():
    # No print is blue: a flourish no taller than the print is still the pen's.
    page, rows, _ = letter(signed=True, ink=(140, 40, 20), tall=False)
    assert find_signature(page, _without(rows, "label"))[0] is True


def test_date_row_places_the_sign_off_where_the_name_line_is_lost_too():
    page, rows, _ = letter(signed=True)
    present, _, conf = find_signature(page, _without(rows, "label", "name"))
    assert present and conf >= 0.5


def test_no_signature_over_a_date_row_alone_is_no_verdict():
    # A date row (or a line ending in 公司) may be the body's: only the stamp note makes 'unsigned' sure.
    page, rows, _ = letter(signed=False)
    assert find_signature(page, _without(rows, "label", "name")) == (False, None, 0.3)


def test_row_of_print_the_ocr_missed_under_the_label_is_no_signature():
    # The name line under a seal went unread; it lies in the label's search box, below its row.
    page, rows, _ = letter(signed=False)
    assert find_signature(page, _without(rows, "name")) == (False, None, 0.7)


def test_flat_signature_on_the_label_row_is_still_found():
    # On the label's own row a signature needs no height: a flat one is kept.
    page, rows, x1 = letter(signed=True, tall=False)
    present, bbox, _ = find_signature(page, list(rows.values()))
    assert present and bbox[0] >= x1 - 5


def test_page_without_any_sign_off_line_cannot_tell():
    page, rows, _ = letter(signed=True)
    assert find_signature(page, _without(rows, "label", "name", "date")) == (False, None, 0.3)


def _grey_seal(page: np.ndarray, centre: tuple[int, int]):
    """A round seal of a greyscale copy over the sign-off rows, as the seal stage finds it by shape."""
    from extractors.seals import SealCandidate

    r = 20.0 * A4[0] / 210.0
    cv2.circle(page, centre, int(r), (110, 110, 110), 8, cv2.LINE_AA)
    cv2.circle(page, centre, int(0.25 * r), (110, 110, 110), -1, cv2.LINE_AA)
    return SealCandidate(bbox=(centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r), shape="round",
                         confidence=0.9, centre=centre, axes=(r, r), source="shape")


@pytest.mark.parametrize("signed", [False, True])
def test_greyscale_seal_over_the_sign_off_leaves_an_unseen_signature_unjudged(signed):
    # Its print goes with the strokes over it, and no label row says where the rest would be:
    # no handwriting seen there is no verdict; handwriting seen still is a signature.
    page, rows, x1 = letter(signed=signed)
    seal = _grey_seal(page, (x1 + 420, ROWS["name"]))
    present, _, conf = find_signature(page, _without(rows, "label"), [seal])
    assert (present, conf >= 0.5) == ((True, True) if signed else (False, False))
