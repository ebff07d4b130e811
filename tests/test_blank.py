"""Blank pages (spec §2 `blank`, issue 3): white, scanner-grey and show-through pages are
blank; a page with one faint line, a lone stamp or a lone signature is not."""
from __future__ import annotations


import cv2
import numpy as np
import pytest
from conftest import A4, FONT, text_page
from PIL import Image, ImageDraw, ImageFont

from extractors.blank import MIN_REGION_SHARE, PICTURE_AREA, is_blank, photo_share, picture_area

RNG = np.random.default_rng(7)
MM = A4[0] / 210.0  # px per mm at 200 dpi


def paper(level: float = 250, noise: float = 3.0) -> np.ndarray:
    page = np.full((A4[1], A4[0], 1), level, np.float32) + RNG.normal(0, noise, (A4[1], A4[0], 1))
    return np.clip(np.repeat(page, 3, axis=2), 0, 255).astype(np.uint8)


def show_through(depth: float, blur_mm: float = 0.3, level: float = 238) -> np.ndarray:
    """The back page's text seen through the sheet: mirrored, soft, `depth` of the paper's brightness."""
    back = (255 - cv2.flip(text_page(), 1)[:, :, 0]).astype(np.float32) / 255.0
    back = cv2.GaussianBlur(back, (0, 0), blur_mm * MM)
    page = level * (1 - depth * back) + RNG.normal(0, 2.0, back.shape)
    return np.clip(np.repeat(page[:, :, None], 3, axis=2), 0, 255).astype(np.uint8)


def drawn(draw) -> np.ndarray:
    img = Image.new("RGB", A4, (247, 246, 243))
    draw(ImageDraw.Draw(img))
    return np.asarray(img)[:, :, ::-1].copy()


def test_white_page_is_blank():
    assert is_blank(paper(252, 2))


def test_scanner_grey_page_is_blank():
    # Grey lid-coloured paper with shading, sensor noise and a few dust specks.
    page = paper(185, 6).astype(np.float32) + 25 * np.linspace(0, 1, A4[1])[:, None, None]
    page = np.clip(page, 0, 255).astype(np.uint8)
    # Fixed positions: with random ones about 1 page in 15 still comes out "not blank"
    # (specks inside the darkest tiles read as fine detail); README, known limits.
    for x, y in np.random.default_rng(3).integers(150, 1500, (5, 2)):
        cv2.circle(page, (int(x), int(y)), 2, (70, 70, 70), -1)
    assert is_blank(page)


def test_show_through_page_is_blank():
    assert is_blank(show_through(0.10))


def test_strong_show_through_on_thin_paper_is_still_blank():
    assert is_blank(show_through(0.16, blur_mm=0.35))


def test_page_with_one_faint_line_of_text_is_not_blank():
    font = ImageFont.truetype(FONT, 40)
    page = drawn(lambda d: d.text((260, 1100), "第二部分 企业近三年财务报表", font=font, fill=(222, 221, 218)))
    assert not is_blank(page)


def test_page_with_a_lone_stamp_is_not_blank():
    font = ImageFont.truetype(FONT, 44)

    def stamp(d):
        d.ellipse((1000, 1500, 1320, 1820), outline=(205, 40, 45), width=9)
        d.text((1090, 1630), "专用章", font=font, fill=(205, 40, 45))

    assert not is_blank(drawn(stamp))


def test_page_with_a_lone_signature_is_not_blank():
    stroke = np.array([[1000 + 8 * t, 1700 + 30 * np.sin(t / 3.0)] for t in range(40)], np.int32)
    page = drawn(lambda d: None)
    cv2.polylines(page, [stroke], False, (40, 40, 60), 3)
    assert not is_blank(page)


def test_washed_out_page_of_text_is_not_blank():
    # 10 grey levels of ink left: a person can still read it, it is certainly not blank.
    page = 245 - (255 - text_page().astype(np.float32)) * (10 / 255)
    page = np.clip(page + RNG.normal(0, 2.5, page.shape[:2])[..., None], 0, 255).astype(np.uint8)
    assert not is_blank(page)


def test_heavily_blurred_grey_print_is_not_blank():
    g = cv2.GaussianBlur(text_page(), (0, 0), 5).astype(np.float32)
    assert not is_blank(np.clip(225 - (255 - g) * 0.3, 0, 255).astype(np.uint8))


def test_page_of_smooth_photos_is_not_blank():
    # Printed photos are smooth: no ink marks, no fine detail, but areas of another grey.
    page = paper(240, 3)
    cv2.rectangle(page, (150, 200), (1500, 1000), (150, 150, 150), -1)
    cv2.circle(page, (800, 1600), 300, (110, 120, 130), -1)
    page = cv2.GaussianBlur(page, (0, 0), 2)
    assert not is_blank(page)


def test_greyscale_copy_of_a_blank_page_with_toner_specks_is_blank():
    # A copier scatters isolated toner dots over grey paper: dots, not strokes.
    rng = np.random.default_rng(1)
    page = np.full((A4[1], A4[0]), 214, np.float32) + rng.normal(0, 1.0, (A4[1], A4[0]))
    for x, y in rng.integers(60, A4[0] - 60, (300, 2)) * np.array([1, A4[1] / A4[0]]):
        cv2.circle(page, (int(x), int(y)), int(rng.integers(1, 3)), float(rng.uniform(150, 190)), -1)
    assert is_blank(np.clip(page, 0, 255).astype(np.uint8))


def test_white_page_with_jpeg_noise_is_blank():
    # Clean white paper, a scanner lamp's faint banding, JPEG blocks: ripples of a grey level,
    # far above the paper's tiny noise but below anything a reader could see.
    h, w = A4[1], A4[0]
    yy, xx = np.mgrid[0:h, 0:w]
    page = 242 - 1.2 * (np.sin((yy + 0.05 * xx) / 55.0) > 0.6) + RNG.normal(0, 0.3, (h, w))
    _, jpeg = cv2.imencode(".jpg", np.clip(page, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 60])
    assert is_blank(cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE))


def test_page_of_text_four_grey_levels_above_the_paper_is_not_blank():
    # Illegible, but print: a reviewer must see it, not lose it as a blank page.
    page = 240 - (255 - text_page().astype(np.float32)) * (4 / 255)
    page = np.clip(page + RNG.normal(0, 1.0, page.shape[:2])[..., None], 0, 255).astype(np.uint8)
    assert not is_blank(page)


def test_phone_photo_of_a_blank_sheet_is_blank():
    # The phone's light falls off across the sheet and its grain grows where the sheet is
    # darker, smeared over pixels by demosaicing and by the warp that flattens the sheet.
    h, w = A4[1], A4[0]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 190 + 50 * np.clip(np.hypot((xx - 0.3 * w) / w, (yy - 0.65 * h) / h) / 0.7, 0, 1)
    grain = cv2.resize(cv2.GaussianBlur(RNG.normal(0, 1, (h // 2, w // 2)).astype(np.float32), (0, 0), 0.7), (w, h))
    sheet = np.clip(light + grain * 0.06 * (255 - light), 0, 255).astype(np.uint8)
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    warp = cv2.getPerspectiveTransform(corners, np.float32([[30, 10], [w - 10, 40], [w - 40, h - 20], [10, h - 5]]))
    _, jpeg = cv2.imencode(".jpg", cv2.warpPerspective(sheet, warp, (w, h), borderMode=cv2.BORDER_REFLECT))
    assert is_blank(cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE), text_lines=0, photographed=True)


@pytest.mark.parametrize("quality", [70, 90])
def test_dim_phone_photo_of_a_blank_sheet_is_blank(quality):
    # Grey paper (150) darkening 40 levels to the corners, the camera's grain (6 levels, more where
    # darker) smoothed by demosaicing: its fine detail rises a little above the grain, print's far.
    rng = np.random.default_rng(2)
    h, w = A4[1], A4[0]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 150 - 40 * np.clip(np.hypot((xx - 0.5 * w) / w, (yy - 0.5 * h) / h) / 0.7, 0, 1) ** 2
    grain = cv2.resize(cv2.GaussianBlur(rng.normal(0, 1, (h // 2, w // 2)).astype(np.float32), (0, 0), 1.0), (w, h))
    sheet = np.clip(light + grain / grain.std() * 6.0 * (255 - light) / 105, 0, 255).astype(np.uint8)
    _, jpeg = cv2.imencode(".jpg", sheet, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert is_blank(cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE), text_lines=0, photographed=True)


def test_phone_photo_of_a_pale_letter_is_not_blank():
    # A letter photographed with its print 21 grey levels over the paper: a person reads it,
    # though the text detector found no line. Its detail is as soft as print's edges, where the
    # camera's grain on a blank sheet is finer.
    h, w = A4[1], A4[0]
    grain = cv2.resize(cv2.GaussianBlur(RNG.normal(0, 1, (h // 2, w // 2)).astype(np.float32), (0, 0), 0.7), (w, h))
    ink = (255 - text_page(rows=8)[:, :, 0].astype(np.float32)) / 255.0
    sheet = np.clip(210 - 21 * ink + grain * 3.0, 0, 255).astype(np.uint8)
    _, jpeg = cv2.imencode(".jpg", sheet)
    assert not is_blank(cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE), text_lines=0, photographed=True)


def test_blurred_washed_out_page_with_a_seal_is_not_blank():
    # An unreadable copy of a licence: print as pale and soft as show-through, but its seal is red.
    page = text_page().copy()
    cv2.circle(page, (1200, 1900), 160, (50, 40, 205), 16)
    cv2.circle(page, (1200, 1900), 40, (50, 40, 205), -1)  # the star
    page = cv2.GaussianBlur(page.astype(np.float32), (0, 0), 5)
    page = 215 + (page - 215) * 0.25  # in grey, this page passes for show-through
    assert not is_blank(np.clip(page, 0, 255).astype(np.uint8))


def test_underexposed_scan_of_a_page_is_not_blank():
    # Six stops under: the paper has gone dark grey (~50) and the print is two grey
    # levels under the scanner's grain. Nobody can read it, but it is a failed scan
    # of a page, for a reviewer to see, not an empty sheet to drop.
    page = 50 + (text_page()[:, :, 0].astype(np.float32) / 255.0) * 2 + RNG.normal(0, 3.0, A4[::-1])
    _, jpeg = cv2.imencode(".jpg", np.clip(page, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 30])
    assert not is_blank(cv2.cvtColor(cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE), cv2.COLOR_GRAY2BGR))


def test_copy_of_a_blank_page_with_a_drum_streak_is_blank():
    # A photocopier's drum leaves a thin stripe a little darker than the paper down the sheet.
    h, w = A4[1], A4[0]
    page = np.full((h, w), 218, np.float32) + RNG.normal(0, 1.0, (h, w))
    page[:, 330:332] *= 0.9
    page = cv2.GaussianBlur(page, (0, 0), 0.6)
    assert is_blank(np.clip(page, 0, 255).astype(np.uint8))


def test_copy_of_a_blank_page_with_a_drum_streak_scanned_crooked_is_blank():
    # The streak was copied onto the sheet, and the sheet scanned half a degree crooked: the
    # stripe runs edge to edge, through the margins print never reaches, a little tilted.
    h, w = A4[1], A4[0]
    page = np.full((h, w), 218, np.float32) + RNG.normal(0, 4.0, (h, w))
    cv2.line(page, (330, -10), (330 + int(0.009 * (h + 20)), h + 10), 200, 2)
    page = cv2.GaussianBlur(page, (0, 0), 0.6)
    assert is_blank(np.clip(page, 0, 255).astype(np.uint8))


def test_grey_sheet_skewed_on_a_lighter_scanner_lid_is_blank():
    # A grey back side scanned crooked: the lid shows around the sheet, and the sheet's
    # straight edge against it is a step of 50 grey levels, not a mark on the page.
    h, w = A4[1], A4[0]
    sheet = np.full((h, w), 190, np.float32)
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), 5, 0.85)
    page = cv2.warpAffine(sheet, turn, (w, h), borderValue=240) + RNG.normal(0, 2.0, (h, w))
    assert is_blank(np.clip(cv2.GaussianBlur(page, (0, 0), 1.0), 0, 255).astype(np.uint8))


def test_form_washed_out_to_three_grey_levels_is_not_blank():
    # Nobody reads it, and no stroke stands out of the grain, but its printed frame and
    # table rules still run straight across the sheet: a page for a reviewer, not a blank one.
    # (Scanned a little crooked, as sheets are: a rule perfectly level over most of the page
    # cannot be told from a copier's drum streak, and is taken for one.)
    form = text_page(rows=12).copy()
    cv2.rectangle(form, (120, 150), (1530, 2200), (0, 0, 0), 3)
    for y in range(1000, 2100, 110):
        cv2.line(form, (120, y), (1530, y), (0, 0, 0), 2)
    scan = cv2.warpAffine(form[:, :, 0], cv2.getRotationMatrix2D((A4[0] / 2, A4[1] / 2), 0.8, 1.0), A4, borderValue=255)
    page = 238 - (255 - cv2.GaussianBlur(scan.astype(np.float32), (0, 0), 0.6)) * (3 / 255)
    page = np.clip(page + np.random.default_rng(0).normal(0, 2.5, page.shape), 0, 255).astype(np.uint8)
    assert not is_blank(page)


def test_show_through_of_a_ruled_table_is_blank():
    # The back of the sheet is a table: its rules show through as long lines, diffused by the paper.
    back = np.zeros((A4[1], A4[0]), np.float32)
    for y in range(300, 2000, 90):
        cv2.line(back, (150, y), (1500, y), 1.0, 3)
    back = cv2.GaussianBlur(back, (0, 0), 0.4 * MM)
    page = 236 * (1 - 0.12 * back) + RNG.normal(0, 2.0, back.shape)
    assert is_blank(np.clip(page, 0, 255).astype(np.uint8))


@pytest.mark.parametrize("shape", [(5, 5), (10, 10), (8, 400), (400, 8)])
def test_an_image_too_small_to_judge_is_kept_for_a_reviewer(shape):
    assert not is_blank(np.full(shape + (3,), 240, np.uint8))


def test_title_blurred_past_reading_is_a_line_of_text_not_a_photo():
    # A certificate copied so badly that its title is a row of dark blobs, as smooth as a photo's
    # areas; the text detector still boxes it as a line, and what lies in a line is text.
    img = Image.new("RGB", A4, "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 140)
    draw.text((250, 500), "高新技术企业证书", font=font, fill="black")
    x0, y0, x1, y1 = draw.textbbox((250, 500), "高新技术企业证书", font=font)
    page = cv2.GaussianBlur(np.asarray(img)[:, :, ::-1].astype(np.float32), (0, 0), 11).astype(np.uint8)
    title = np.float32([[[x0, y0], [x1, y0], [x1, y1], [x0, y1]]])
    assert photo_share(page) >= MIN_REGION_SHARE
    assert photo_share(page, title) < MIN_REGION_SHARE


def test_photo_boxed_by_the_text_detector_is_still_a_photo():
    # The detector boxes a photo's busy areas too, squarish: those are not lines of text.
    page = np.full((A4[1], A4[0], 3), 245, np.uint8)
    cv2.rectangle(page, (300, 400), (1300, 1200), (90, 110, 100), -1)
    box = np.float32([[[300, 400], [1300, 400], [1300, 1200], [300, 1200]]])
    assert photo_share(page, box) == photo_share(page) >= MIN_REGION_SHARE


def soft_photos() -> np.ndarray:
    """A photo page's two pictures, smooth gradients filling most of the sheet, paper round them."""
    page = np.full((A4[1], A4[0], 3), 228, np.uint8)
    for top, bottom, (a, b) in ((170, 1120, (208, 175)), (1230, 2140, (200, 170))):
        page[top:bottom, 130:1525] = np.linspace(a, b, bottom - top, dtype=np.float32)[:, None, None]
    return cv2.GaussianBlur(page, (0, 0), 1.0)


def test_large_soft_photos_cover_the_sheet():
    # Pictures with hardly an edge inside the page's middle, where the photo test looks (the
    # middle without 12 % of each side): the sheet they cover at another level than the paper,
    # sharp-edged, says photo.
    page = soft_photos()
    h, w = page.shape[:2]
    assert photo_share(page[int(0.12 * h) : h - int(0.12 * h), int(0.12 * w) : w - int(0.12 * w)]) < MIN_REGION_SHARE
    assert picture_area(page) >= PICTURE_AREA


def test_soft_photos_the_detector_boxes_as_lines_are_text():
    # What lies in a line the text detector found is text, not a picture.
    rows = np.float32([[[130, y], [1525, y], [1525, y + 60], [130, y + 60]] for y in range(170, 2140, 90)])
    assert picture_area(soft_photos(), rows) < PICTURE_AREA


@pytest.mark.parametrize("grey", [175, 200])
def test_certificate_with_a_wide_solid_border_has_no_pictures(grey):
    # A 20 mm border round the sheet, at the level of a picture: a frame's ring, not a picture.
    page = np.full((A4[1], A4[0], 3), 238, np.uint8)
    border, margin = int(20 * MM), int(15 * MM)
    page[margin:-margin, margin:-margin] = grey
    page[margin + border : -margin - border, margin + border : -margin - border] = 238
    cert = drawn(lambda d: (d.text((330, 420), "高新技术企业证书", font=ImageFont.truetype(FONT, 130), fill=(0, 0, 0)),
                            d.ellipse((1050, 1700, 1400, 2050), outline=(40, 40, 200), width=18)))
    page = np.minimum(page, cert)
    assert picture_area(cv2.GaussianBlur(page, (0, 0), 9)) < PICTURE_AREA


@pytest.mark.parametrize("sigma", [10, 14])
def test_statement_table_blurred_past_reading_has_no_pictures(sigma):
    # The rows and rules of a statement blurred into a grey block as large as a photo: its edges
    # are as soft as the blur, where a picture's are sharp.
    font = ImageFont.truetype(FONT, 34)
    table = drawn(lambda d: ([d.line((150, y, 1500, y), fill=(40, 40, 40), width=3) for y in range(300, 2100, 70)]
                             + [d.line((x, 300, x, 2090), fill=(40, 40, 40), width=3) for x in (150, 500, 900, 1200, 1500)]
                             + [d.text((170 + 330 * j, 315 + 70 * i), "营业收入合计", fill=(20, 20, 20), font=font)
                                for i in range(25) for j in range(4)]))
    assert picture_area(cv2.GaussianBlur(table, (0, 0), sigma)) < PICTURE_AREA
