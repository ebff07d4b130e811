"""Spec §4 orientation: pages scanned at 90/180/270 degrees are turned upright, skew removed."""
from pathlib import Path

import cv2
import numpy as np
import pytest
from conftest import A4, text_page
from PIL import Image, ImageDraw, ImageFont

from intake.orient import _orient_by_title, _orient_sparse, crop_line, make_upright, merge_lines

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


def _divider_page() -> np.ndarray:
    """A near-empty divider page: one title line and a page number."""
    img = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(img)
    draw.text((200, 700), "第二部分  企业近三年财务报表", font=ImageFont.truetype(FONT, 44), fill="black")
    draw.text((560, 1600), "— 3 —", font=ImageFont.truetype(FONT, 26), fill="black")
    return np.asarray(img)[:, :, ::-1].copy()


@pytest.mark.parametrize("rotation", [90, 180])
def test_near_empty_page_is_turned_by_its_one_line(engine, rotation):
    upright = make_upright(engine, _turn_clockwise(_divider_page(), rotation))
    assert upright.orientation.rotation == rotation
    assert upright.orientation.method == "few_lines"


def test_blank_page_stays_as_it_is(engine):
    upright = make_upright(engine, np.full((1754, 1240, 3), 250, np.uint8))
    assert upright.orientation.rotation == 0 and upright.skew == 0.0


def test_page_skewed_14_degrees_is_deskewed(engine, page):
    h, w = page.shape[:2]
    # Turned on a grown canvas, as a scanner sees a sheet put in at an angle: nothing cut off.
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -14, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += nw / 2 - w / 2
    matrix[1, 2] += nh / 2 - h / 2
    skewed = cv2.warpAffine(page, matrix, (nw, nh), borderValue=(245, 245, 245))
    upright = make_upright(engine, _turn_clockwise(skewed, 90))
    assert upright.orientation.rotation == 90
    assert upright.skew == pytest.approx(-14, abs=0.5)
    lines = engine.read_regions(upright.image, upright.quads)
    assert any("衡阳市恒通机械制造有限公司" in line.text for line in lines)


def test_phone_photo_is_flattened_before_it_is_turned(engine, page):
    from test_perspective import phone_photo

    a4 = cv2.resize(page, (1000, 1414))
    photo = phone_photo(cv2.rotate(a4, cv2.ROTATE_180), [(620, 120), (1420, 190), (1500, 1420), (560, 1380)])
    upright = make_upright(engine, photo)
    assert upright.perspective and upright.dpi
    assert upright.orientation.rotation == 180
    assert upright.image.shape[0] / upright.image.shape[1] == pytest.approx(297 / 210, rel=0.02)
    text = "".join(line.text for line in engine.read_regions(upright.image, upright.quads))
    assert "衡阳市恒通机械制造有限公司" in text


def test_photo_upside_down_is_turned_upright(engine):
    from test_photo_orientation import on_a4_sheet, site_photo

    upright = make_upright(engine, cv2.rotate(on_a4_sheet(site_photo()), cv2.ROTATE_180))
    assert upright.orientation.rotation == 180 and upright.orientation.method == "photo"


@pytest.mark.parametrize("rotation", [0, 180])
def test_blurred_page_is_not_turned_over_by_a_biased_classifier(engine, page, rotation):
    # Heavily blurred lines look "upside down" to PP-OCR's direction classifier in either
    # turn; a page is only turned over when its lines look upright once turned.
    blurred = cv2.GaussianBlur(page, (0, 0), 5)
    assert make_upright(engine, _turn_clockwise(blurred, rotation)).orientation.rotation == rotation


@pytest.mark.parametrize("rotation", [0, 180])
def test_blurred_washed_out_page_is_turned_by_how_surely_its_lines_read(engine, page, rotation):
    # An illegible copy, blurred and washed out: the classifier's vote is unsure, the
    # recogniser still reads the blurred lines far more surely the right way up.
    washed = np.clip(215 + (cv2.GaussianBlur(page, (0, 0), 5).astype(np.float32) - 215) * 0.6, 0, 255)
    assert make_upright(engine, _turn_clockwise(washed.astype(np.uint8), rotation)).orientation.rotation == rotation


def _titled_page(title: str, title_at: tuple[int, int], title_px: int, extra: list[str], body_at: tuple[int, int],
                 body_px: int, pitch: int) -> np.ndarray:
    """A page of a large title over lines of body text."""
    img = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(img)
    draw.text(title_at, title, font=ImageFont.truetype(FONT, title_px), fill="black")
    font = ImageFont.truetype(FONT, body_px)
    for i, text in enumerate(LINES[1:] + extra):
        draw.text((body_at[0], body_at[1] + pitch * i), text, font=font, fill="black")
    return np.asarray(img)[:, :, ::-1].copy()


def _licence_too_blurred_to_read() -> np.ndarray:
    """A licence copied so badly that no line can be read: only the large title still shows as a line."""
    page = _titled_page("营业执照", (420, 180), 100, ["住所：衡阳市高新区解放大道", "成立日期：2015年03月12日"], (160, 520), 26, 70)
    blurred = cv2.GaussianBlur(page.astype(np.float32), (0, 0), 9)
    return np.clip(blurred * 0.5 + 127, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_page_too_blurred_to_read_is_turned_by_its_title(engine, rotation):
    # No line reads, but the title is the largest line and sits at the top, as a reviewer sees it
    # (or, found again with the page's ink stretched, reads the right way up).
    orientation = make_upright(engine, _turn_clockwise(_licence_too_blurred_to_read(), rotation)).orientation
    assert orientation.rotation == rotation and orientation.method in ("layout", "few_lines")


class _UnsureEngine:
    """The real detector, but a direction classifier that calls every line upside down in
    either turn and a recogniser equally unsure in both: what very blurred print does to them."""

    def __init__(self, engine):
        self.engine = engine

    def text_quads(self, image):
        return self.engine.text_quads(image)

    def upside_down_share(self, image, quads):
        return 0.8

    def recognise_crops(self, crops):
        return [("口", 0.5) for _ in crops]


def _certificate() -> np.ndarray:
    return _titled_page("外观设计专利证书", (330, 200), 72, ["专利号：ZL 2019 3 0123456.7", "授权公告日：2019年11月05日"],
                        (220, 420), 28, 75)


@pytest.mark.parametrize("rotation", [0, 180])
def test_page_neither_classifier_nor_recogniser_can_turn_is_turned_by_its_title(engine, rotation):
    upright = make_upright(_UnsureEngine(engine), _turn_clockwise(_certificate(), rotation))
    assert upright.orientation.rotation == rotation


def test_a_lone_line_of_body_text_near_the_foot_does_not_turn_a_pale_page():
    # A date or a footer, the only line found on a washed-out sheet: no title, no top.
    date_line = np.array([[300, 1080], [600, 1080], [600, 1100], [300, 1100]], np.float32)
    assert _orient_by_title([date_line], (1280, 905)) is None


def test_washed_out_statement_keeping_a_few_lines_is_detected_again_with_its_ink_stretched(engine):
    # A statement page washed out to ~40 grey levels: the detector keeps 4 of its ~60 lines as
    # scanned, and finds them all once the paper is levelled and the ink stretched.
    page = cv2.imread(str(Path(__file__).parent / "data" / "pale_statement.jpg"))
    upright = make_upright(engine, page)
    assert upright.orientation.rotation == 0
    assert len(upright.quads) >= 50


def _over_exposed_licence(body_grey: int = 222) -> np.ndarray:
    """An over-exposed copy: the bold title and the copy stamp stay dark, the body text fades to a few
    tens of grey levels."""
    img = Image.new("L", (1654, 2339), 246)
    draw = ImageDraw.Draw(img)
    draw.text((520, 150), "营业执照", font=ImageFont.truetype(FONT, 120), fill=40)
    draw.text((480, 1900), "此复印件与原件一致", font=ImageFont.truetype(FONT, 60), fill=40)
    font = ImageFont.truetype(FONT, 26)
    for i in range(22):
        draw.text((150, 360 + 58 * i), (LINES[i % len(LINES)] + "，经营范围：信息技术开发、技术咨询")[:44], font=font, fill=body_grey)
    page = np.asarray(img).astype(np.float32) + np.random.default_rng(0).normal(0, 2.0, (2339, 1654))
    return cv2.cvtColor(np.clip(page, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)


def test_over_exposed_page_whose_title_stays_dark_is_detected_again_with_its_ink_stretched(engine):
    # The dark lines alone are found as scanned (and the page's darkest marks are not pale): the
    # faded lines beside them are what the second look is for.
    upright = make_upright(engine, _over_exposed_licence())
    assert len(upright.quads) >= 20


def test_show_through_stretched_is_not_taken_for_lines_of_text(engine):
    # The back page's text, mirrored and diffused by the paper: stretched, the detector boxes it,
    # but its strokes are soft, and a blank back side keeps no lines.
    back = (255 - cv2.flip(text_page(), 1)[:, :, 0]).astype(np.float32) / 255.0
    back = cv2.GaussianBlur(back, (0, 0), 0.3 * A4[0] / 210)
    page = 238 * (1 - 0.12 * back) + np.random.default_rng(1).normal(0, 2.0, back.shape)
    page = cv2.cvtColor(np.clip(page, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    assert len(make_upright(engine, page).quads) == 0


def _blurred_table(blur_mm: float = 0.9) -> np.ndarray:
    """A one-table page (研发费用明细表) blurred about a millimetre: the detector merges each column of
    cells into one box."""
    img = Image.new("L", A4, 250)
    draw = ImageDraw.Draw(img)
    draw.text((560, 130), "研发费用明细表", font=ImageFont.truetype(FONT, 64), fill=20)
    font = ImageFont.truetype(FONT, 34)
    rows = [("序号", "费用项目", "金额"), ("1", "人员人工费用", "6,827,176.25"), ("2", "直接投入费用", "3,318,237.40"),
            ("3", "折旧费用", "2,495,433.19"), ("4", "无形资产摊销", "1,245,819.67"), ("5", "其他相关费用", "713,752.12")]
    for i, row in enumerate(rows):
        y = 330 + 100 * i
        draw.line((150, y, 1500, y), fill=60, width=3)
        for x, text in zip((190, 330, 1180), row):
            draw.text((x, y + 30), text, font=font, fill=20)
    page = cv2.GaussianBlur(np.asarray(img, np.float32), (0, 0), blur_mm * 200 / 25.4)
    page += np.random.default_rng(0).normal(0, 2.0, page.shape)
    return cv2.cvtColor(np.clip(page, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)


@pytest.mark.parametrize("blur_mm, rotation", [(0.9, 0), (0.9, 90), (1.2, 0)])
def test_blurred_table_is_turned_by_its_lines_not_by_its_columns_of_merged_cells(engine, blur_mm, rotation):
    # At 1.2 mm the title is the only line left, against two columns of merged cells: more blocks than
    # lines, but thicker than any printed line.
    assert make_upright(engine, _turn_clockwise(_blurred_table(blur_mm), rotation)).orientation.rotation == rotation


def _landscape_certificate_with_scanner_footer() -> np.ndarray:
    """A landscape certificate scanned in portrait (its content turned a quarter), with the scanner's
    own footer printed across the portrait page: one thin line against the certificate's thick ones."""
    img = Image.new("L", A4[::-1], 255)
    draw = ImageDraw.Draw(img)
    draw.text((700, 200), "高新技术企业证书", font=ImageFont.truetype(FONT, 96), fill=0)
    body = ImageFont.truetype(FONT, 48)
    for i, text in enumerate(LINES[1:]):
        draw.text((300, 480 + 120 * i), text, font=body, fill=0)
    page = cv2.rotate(np.asarray(img), cv2.ROTATE_90_CLOCKWISE)
    footer = Image.fromarray(np.ascontiguousarray(page))
    ImageDraw.Draw(footer).text((100, 2300), "扫描件 2020-06-15 10:32 第3页 共12页", font=ImageFont.truetype(FONT, 13), fill=0)
    return cv2.cvtColor(np.asarray(footer), cv2.COLOR_GRAY2BGR)


def test_scanner_footer_across_a_turned_certificate_does_not_hide_its_lines(engine):
    # The footer is thinner than the certificate's lines, but one box against six: it is no table's rows.
    assert make_upright(engine, _landscape_certificate_with_scanner_footer()).orientation.rotation == 90


def _under_exposed(page: np.ndarray, paper: int = 26, ink: int = 10) -> np.ndarray:
    """A page photographed ~3 stops under: paper and print a few grey levels apart near black."""
    grey = page[:, :, 0].astype(np.float32) / 255.0
    dark = ink + (paper - ink) * grey + np.random.default_rng(0).normal(0, 1.5, grey.shape)
    return cv2.cvtColor(np.clip(dark, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)


@pytest.mark.parametrize("rotation", [0, 180])
def test_under_exposed_page_is_detected_again_with_its_ink_stretched_and_turned_by_its_lines(engine, rotation):
    # Its print is contrasty in ratio to the paper, not in grey levels: too faint for the detector as taken.
    orientation = make_upright(engine, _turn_clockwise(_under_exposed(text_page()), rotation)).orientation
    assert (orientation.rotation, orientation.method) == (rotation, "text")


def test_a_line_only_the_first_look_found_is_kept_beside_the_stretched_looks_lines():
    # A bold, blurred title is found as scanned and lost once stretched; the body lines are the reverse.
    title = np.array([[365, 107], [542, 107], [542, 156], [365, 156]], np.float32)
    body = np.array([[169, 208], [223, 208], [223, 229], [169, 229]], np.float32)
    same_body = body + 2
    merged = merge_lines(np.stack([body]), np.stack([title, same_body]))
    assert len(merged) == 2 and any(np.array_equal(q, title) for q in merged)


def test_a_tilted_line_is_cut_out_level():
    img = Image.new("L", (900, 500), 255)
    ImageDraw.Draw(img).text((150, 220), "企业近三年财务报表及审计报告", font=ImageFont.truetype(FONT, 44), fill=0)
    line = np.array([[145, 215], [780, 215], [780, 275], [145, 275]], np.float32)
    matrix = cv2.getRotationMatrix2D((450, 250), 10, 1.0)  # fed in 10 degrees askew
    tilted = cv2.warpAffine(np.asarray(img), matrix, (900, 500), borderValue=255)
    crop = crop_line(tilted, line @ matrix[:, :2].T.astype(np.float32) + matrix[:, 2].astype(np.float32))
    assert crop.shape[0] < 80  # the line's own height, not the band a slanted line's bounding box spans
    ink_rows = np.nonzero((crop < 128).any(axis=1))[0]
    assert np.ptp(ink_rows) < 55


def test_skewed_near_empty_page_on_grey_paper_is_turned_by_its_one_line(engine):
    page = (_turn_clockwise(_divider_page(), 270).astype(np.float32) * 0.8).astype(np.uint8)
    h, w = page.shape[:2]
    skewed = cv2.warpAffine(page, cv2.getRotationMatrix2D((w / 2, h / 2), 10, 1.0), (w, h), borderValue=(204, 204, 204))
    orientation = make_upright(engine, skewed).orientation
    assert (orientation.rotation, orientation.method) == (270, "few_lines")


class _ShapesReadAsCharactersEngine:
    """What the detector and recogniser make of a photo's shapes: squarish boxes, each read in one
    turn as a single character, surely."""

    def __init__(self):
        self.calls = 0

    def text_quads(self, image):
        return [[[468, 539], [673, 539], [673, 813], [468, 813]], [[218, 542], [393, 542], [393, 753], [218, 753]]]

    def upside_down_share(self, image, quads):
        return 0.0

    def recognise_crops(self, crops):
        self.calls += 1
        return [("中", 0.9) if self.calls == 2 else ("口", 0.3) for _ in crops]


def test_shapes_in_a_photo_read_as_characters_do_not_turn_the_sheet():
    from test_photo_orientation import on_a4_sheet, site_photo

    orientation = make_upright(_ShapesReadAsCharactersEngine(), on_a4_sheet(site_photo())).orientation
    assert orientation.rotation == 0


def test_sheet_too_soft_to_tell_from_show_through_is_turned_by_the_title_its_stretched_copy_shows(engine):
    # A washed-out, soft licence turned 270: the detector finds nothing as scanned; stretched, its lines
    # could be the back's show-through, so they are not the page's lines, but its large title is at one end.
    sheet = np.full((905, 1280, 3), 228, np.uint8)
    title = [[[180, 280], [230, 280], [230, 590], [180, 590]]]
    body = [[[x, 470], [x + 25, 470], [x + 25, 770], [x, 770]] for x in range(330, 660, 50)]
    soft = np.asarray(title + body, np.float32)
    rotation, _, method, _, quads = _orient_sparse(engine, sheet, np.empty((0, 4, 2), np.float32), soft)
    assert (rotation, method, len(quads)) == (270, "layout", 0)
