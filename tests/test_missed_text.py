"""The second look for short marks the line detector missed (real recognition)."""
from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pathlib import Path

from intake.ocr.missed import MIN_CONFIDENCE, _read_tiled, find_faint_values, find_missed_boxes, read_missed

DATA = Path(__file__).parent / "data"
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
ROWS = [("企业名称", "衡阳市恒通机械制造有限公司"), ("从业人员（人）", "95"), ("授权发明专利（项）", "1"),
        ("是否上云", "是")]


def _form(table: bool = True, patents: str = "1", patents_grey: int = 0, signature: bool = False) -> np.ndarray:
    font = ImageFont.truetype(FONT, 34)
    img = Image.new("RGB", (1654, 700), "white")
    draw = ImageDraw.Draw(img)
    for i, (label, value) in enumerate(ROWS):
        patents_row = label.startswith("授权发明专利")
        value = patents if patents_row else value
        y = 100 + 90 * i
        if table:
            draw.rectangle([100, y, 1500, y + 90], outline="black", width=3)
            draw.line([700, y, 700, y + 90], fill="black", width=3)
        draw.text((130, y + 25), label, font=font, fill="black")
        draw.text((740, y + 25), value, font=font, fill=(patents_grey,) * 3 if patents_row else "black")
    if signature:  # ink darker than any print, as a pen's or a seal's: it sets the page's darkest marks
        draw.rectangle([1100, 480, 1400, 560], fill="black")
    return np.asarray(img)[:, :, ::-1].copy()  # BGR, as the pipeline holds pages


def test_lone_digit_in_a_table_cell_missed_by_the_detector_is_read(engine) -> None:
    image = _form()
    lines = engine.read(image)
    detected_without_the_digit = [line for line in lines if line.text != "1"]
    found = read_missed(engine, image, detected_without_the_digit)
    assert [line.text for line in found] == ["1"]
    x0, y0, x1, y1 = found[0].box
    assert 730 <= x0 and x1 <= 780 and 280 <= y0 and y1 <= 370  # the value cell of 授权发明专利


def test_lone_zero_missed_by_the_detector_is_read_as_a_zero(engine) -> None:
    # Cropped tight, the lone "0" is a ring the recogniser is unsure of; a text line high it is
    # a zero again ("0", or "。" as the extractor knows it: printed zeros look small beside CJK).
    image = _form(patents="0")
    in_the_cell = lambda line: line.box[0] > 700 and 280 <= line.box[1] <= 370  # noqa: E731
    lines = [line for line in engine.read(image) if not in_the_cell(line)]
    found = read_missed(engine, image, lines)
    assert [line.text for line in found] in (["0"], ["。"])
    x0, y0, x1, y1 = found[0].box
    assert 730 <= x0 and x1 <= 780 and 280 <= y0 and y1 <= 370


def test_faint_digit_in_the_value_cell_of_a_count_label_is_read(engine) -> None:
    # Printed grey on a page whose darkest marks are a signature: under the page-wide ink threshold.
    image = _form(patents="2", patents_grey=150, signature=True)
    in_the_cell = lambda box: box[0] > 700 and 280 <= box[1] <= 370  # noqa: E731
    lines = [line for line in engine.read(image) if not in_the_cell(line.box)]
    assert not any(in_the_cell(box) for box in find_missed_boxes(image, lines))
    found = [line for line in read_missed(engine, image, lines) if in_the_cell(line.box)]
    assert [line.text for line in found] == ["2"]


def test_an_empty_value_cell_gets_no_reading(engine) -> None:
    image = _form(patents="", signature=True)
    in_the_cell = lambda box: box[0] > 700 and 280 <= box[1] <= 370  # noqa: E731
    assert find_faint_values(image, engine.read(image)) == []
    assert not any(in_the_cell(line.box) for line in read_missed(engine, image, engine.read(image)))


def test_nothing_is_added_where_every_line_was_detected(engine) -> None:
    image = _form()
    assert read_missed(engine, image, engine.read(image)) == []


def test_page_without_a_table_gets_no_second_look(engine) -> None:
    image = _form(table=False)
    lines = [line for line in engine.read(image) if line.text != "1"]
    assert find_missed_boxes(image, lines) == []


def _degraded(image: np.ndarray, paper: int, ink: int, grain: float, margin: int = 0) -> np.ndarray:
    """The form as a poor scan: paper and ink greys squeezed together, grain, a bright margin."""
    rng = np.random.default_rng(7)
    grey = image.astype(np.float32) / 255.0
    out = ink + grey * (paper - ink) + rng.normal(0, grain, grey.shape)
    if margin:
        out[:, :margin] = 235
    return np.clip(out, 0, 255).astype(np.uint8)


def _lone_digit_found(engine, image: np.ndarray) -> bool:
    lines = [line for line in engine.read(image) if line.text != "1"]
    return [line.text for line in read_missed(engine, image, lines)] == ["1"]


def test_lone_digit_is_read_on_a_grainy_low_contrast_scan(engine) -> None:
    assert _lone_digit_found(engine, _degraded(_form(), paper=233, ink=205, grain=2.5))


def test_lone_digit_is_read_on_a_dark_sheet_with_a_bright_margin(engine) -> None:
    assert _lone_digit_found(engine, _degraded(_form(), paper=91, ink=25, grain=1.5, margin=60))


def test_lone_digit_is_read_where_the_table_is_a_little_askew(engine) -> None:
    image = _form()
    h, w = image.shape[:2]
    turned = cv2.warpAffine(image, cv2.getRotationMatrix2D((w / 2, h / 2), 1.5, 1.0), (w, h),
                            borderValue=(255, 255, 255))
    assert _lone_digit_found(engine, turned)


def test_a_lone_serif_one_the_recogniser_is_unsure_of_is_read_side_by_side(engine) -> None:
    # A "1" in a grainy grey table cell of a scanned form, cropped as the second look crops it.
    crop = cv2.imread(str(DATA / "lone_one_in_a_grey_cell.png"))
    [(text, confidence)] = engine.recognise_crops([crop])
    assert confidence < MIN_CONFIDENCE
    [(text, confidence)] = _read_tiled(engine, [crop])
    assert text == "1" and confidence >= MIN_CONFIDENCE
