"""Worn, crowded and double-stamped seals the detector used to miss, and the
red things on a page it used to take for seals (issue 3): a faded intaglio
name seal left as a pale patch, a bold oval over print on a copy, a name
frame stamped twice, an intaglio name seal across a ring on a copy, a faded
ring below a licence's emblem, a faded ring in pale speckle over a whole
sheet; not seals: the bold red title of an honour certificate, rings in the
pink backdrop of a product photo, a QR code on a tinted licence."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from conftest import text_page
from PIL import Image, ImageDraw, ImageFont
from test_seal_art import grey_copy, mm, seal_layer, stamp, truth_box, uneven
from test_seal_recall import found_at, intaglio_layer

from extractors.seals import find_seals

NAME = "衡阳市恒通机械制造有限公司"
BOLD = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
DATA = Path(__file__).parent / "data"


def test_faded_intaglio_name_seal_left_as_a_pale_patch_is_found():
    # The pad was nearly dry: a patchy pink square beside the company seal,
    # its characters barely lighter than the rest of it.
    page = stamp(text_page(rows=0), uneven(seal_layer(NAME), seed=41, patchy=0.2), 80, 150)
    patch = uneven(intaglio_layer("欧静春印", 20, rgb=(215, 35, 40), rotate=6), seed=42, patchy=0.9, low=0.1)
    page = stamp(page, patch, 118, 152, strength=0.08)
    seal = found_at(page, truth_box(118, 152, 20), "square", iou=0.4)
    assert seal.confidence <= 0.6  # pale: never as sure as a crisp seal


def test_name_frame_stamped_twice_on_a_copy_is_found():
    # The stamp bounced: two frames a millimetre apart, a signature across them.
    page = text_page(rows=0)
    for dx, dy in ((0.0, 0.0), (1.0, 0.8)):
        page = stamp(page, seal_layer("邓洋杰印", "square", 18), 100 + dx, 150 + dy, strength=0.7)
    cv2.polylines(page, [np.array([[mm(90), mm(152)], [mm(97), mm(146)], [mm(103), mm(151)], [mm(99), mm(148)]],
                                  np.int32)], False, (30, 30, 30), mm(0.5))
    found_at(grey_copy(page), truth_box(100.5, 150.4, 19), "square", iou=0.5)


def test_red_title_of_an_honour_certificate_is_not_a_seal():
    # 荣誉证书 in bold red, 14 mm characters: each a solid square-ish glyph with white in it.
    img = Image.fromarray(cv2.cvtColor(text_page(rows=0, bg=246), cv2.COLOR_BGR2RGB))
    ImageDraw.Draw(img).text((mm(45), mm(40)), "荣 誉 证 书", fill=(200, 40, 45),
                             font=ImageFont.truetype(BOLD, mm(14)))
    page = cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)
    page = cv2.GaussianBlur(page, (0, 0), 1.2)  # a soft scan fills the glyphs' white in
    assert find_seals(page) == []


def test_rings_in_the_pink_backdrop_of_a_product_photo_are_not_seals():
    # A photo on the page: a pale pink backdrop whose red lead sits right at
    # the colour cut, so the cut turns the photo's soft grain into speckle,
    # where ring votes gather.
    rng = np.random.default_rng(5)
    page = text_page(rows=0)
    x0, y0, x1, y1 = mm(30), mm(80), mm(180), mm(180)
    grain = cv2.GaussianBlur(rng.normal(0, 1, (y1 - y0, x1 - x0)).astype(np.float32), (0, 0), 3)
    grain *= 3 / grain.std()
    backdrop = np.empty((y1 - y0, x1 - x0, 3), np.float32)
    backdrop[:] = (162, 165, 187)
    backdrop += grain[..., None] * np.array([1.0, 1.0, 0.6], np.float32)
    backdrop[..., 2] += 1.5 * rng.normal(0, 1, grain.shape).astype(np.float32)
    page[y0:y1, x0:x1] = backdrop.clip(0, 255).astype(np.uint8)
    page = cv2.imdecode(cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 85])[1], cv2.IMREAD_COLOR)
    assert find_seals(page) == []


def _on_a4(crop: np.ndarray, x0: int, y0: int) -> np.ndarray:
    """A crop of a real page put back where it was on an A4 sheet at 200 dpi, the rest plain paper."""
    paper = int(np.percentile(crop, 90))
    page = np.full((2339, 1654), paper, np.uint8)
    page[y0:y0 + crop.shape[0], x0:x0 + crop.shape[1]] = crop
    return cv2.cvtColor(page, cv2.COLOR_GRAY2BGR)


def test_bold_oval_over_a_statement_heading_on_a_copy_is_found():
    # A financial seal across a balance sheet's heading on a copy: its bold
    # name and the print under it make the text band nearly as dense as the
    # ring, which is traced all round, right on its ellipse.
    crop = cv2.imread(str(DATA / "oval_over_print_copy.png"), cv2.IMREAD_GRAYSCALE)
    found_at(_on_a4(crop, 300, 190), (357, 249, 659, 521), "oval", iou=0.5)


def test_intaglio_name_seal_across_a_company_ring_on_a_copy_finds_both():
    # The name seal is stamped over the ring's side, off its centre, under a
    # line of print: the ring and the print crowd three sides of the block.
    page = text_page(rows=0)
    page = stamp(page, seal_layer(NAME, "round", 40), 100, 150, strength=0.8)
    page = stamp(page, intaglio_layer("欧静英", 21, rgb=(200, 30, 40)), 107, 145)
    img = Image.fromarray(cv2.cvtColor(page, cv2.COLOR_BGR2RGB))
    ImageDraw.Draw(img).text((mm(60), mm(131)), "申报单位（盖章）：" + NAME, fill=(20, 20, 20),
                             font=ImageFont.truetype(BOLD, mm(5)))
    copy = grey_copy(cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR))
    found_at(copy, truth_box(100, 150, 40), "round", iou=0.6)
    found_at(copy, truth_box(107, 145, 21), "square", iou=0.6)


def test_faded_ring_below_a_licence_emblem_is_found():
    # A licence copy: the red-and-gold national emblem at the top leaves pale
    # red pieces of seal size too; the company's faded ring below, crossed
    # by a red 仅供申报使用 stamp, is searched all the same.
    ring = cv2.imread(str(DATA / "faded_ring_on_a_licence.webp"))
    emblem = cv2.imread(str(DATA / "licence_emblem.jpg"))
    page = np.empty((2339, 1654, 3), np.uint8)
    page[:] = np.median(ring.reshape(-1, 3), axis=0).astype(np.uint8)
    page[1287:1287 + ring.shape[0], 290:290 + ring.shape[1]] = ring
    page[223:223 + emblem.shape[0], 722:722 + emblem.shape[1]] = emblem
    found_at(page, (350, 1347, 648, 1645), "round", iou=0.6)


def _on_sheet(crop: np.ndarray, x0: int, y0: int, size: tuple[int, int]) -> np.ndarray:
    """A crop of a real colour page put back where it was, the rest of the sheet its median colour."""
    page = np.empty((*size, 3), np.uint8)
    page[:] = np.median(crop.reshape(-1, 3), axis=0).astype(np.uint8)
    page[y0:y0 + crop.shape[0], x0:x0 + crop.shape[1]] = crop
    return page


def test_faded_ring_in_pale_speckle_over_the_whole_sheet_is_found():
    # A photo of a tinted sheet: the colour cut turns its grain into pale red
    # speckle everywhere, which joins every piece into one region far bigger
    # than a seal; the faded ring (a name seal stamped across its side) is
    # where the longest arcs are.
    crop = cv2.imread(str(DATA / "faded_ring_in_pale_speckle.jpg"))
    found_at(_on_sheet(crop, 450, 900, (1912, 1499)), (733, 1178, 985, 1434), "round", iou=0.6)


def test_qr_code_on_a_tinted_licence_is_not_a_seal():
    # Black modules fill half its square; the licence's pink tint round them
    # passes the pale-red tests.
    crop = cv2.imread(str(DATA / "qr_code_on_a_tinted_licence.jpg"))
    assert find_seals(_on_sheet(crop, 1150, 100, (2339, 1654))) == []
