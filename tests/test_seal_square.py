"""Square personal name seals (张伟之印, 李明印: 15-22 mm, stamped beside a
signature and often touching the company's round seal) and seals on dim
photographs of a page: the cases the detector used to miss."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from conftest import FONT, text_page
from PIL import Image, ImageDraw, ImageFont
from test_seal_art import RED, BROWN, grey_copy, mm, seal_layer, signature, stamp, truth_box, uneven
from test_seal_recall import intaglio_layer

from extractors.seals import find_seals
from extractors.seals.greyscale import frames_by_sides
from intake.evaluate import iou as box_iou

NAME = "衡阳市恒通机械制造有限公司"


def _found(page, box, shape=None, iou=0.5, **kw):
    found = find_seals(page, **kw)
    hits = [s for s in found if box_iou(s.bbox, box) >= iou]
    assert hits, f"no seal at {box}: {find_seals(page, min_confidence=0.0)}"
    if shape:
        assert hits[0].shape == shape
    return hits[0]


def _bold(layer: Image.Image, px: int) -> Image.Image:
    """Fatter strokes: a heavy stamp, or a copy's blur, thickens every line."""
    a = np.asarray(layer).copy()
    a[..., 3] = cv2.dilate(a[..., 3], np.ones((px, px), np.uint8))
    a[..., :3] = a[..., :3].max(axis=(0, 1))
    return Image.fromarray(a, "RGBA")


def test_greyscale_copy_square_name_seal_with_bold_characters_is_found():
    # Four big bold characters fill the frame: the inside is half ink.
    lay = _bold(seal_layer("张伟之印", "square", 20, rotate=5), mm(0.5))
    page = signature(text_page(rows=0), 25, 150, 25, seed=3, bgr=(20, 20, 20))
    page = stamp(page, uneven(lay, seed=21, patchy=0.2), 80, 150)
    seal = _found(grey_copy(page), truth_box(80, 150, 20), "square")
    assert seal.source == "shape"


def test_faded_square_name_seal_with_stray_ink_beside_its_frame_is_found():
    # A pale 17 mm frame with red dots and a short red stroke stuck to it: the
    # blob's rectangle is larger than the frame, whose sides fall inside its
    # border band, and too small for the ring search.
    page = stamp(text_page(rows=0), uneven(seal_layer(NAME), seed=22), 70, 150)
    page = stamp(page, uneven(seal_layer("李明印", "square", 17), seed=23, patchy=0.5), 150, 150, strength=0.35)
    for dx, dy in ((-10.0, 3), (-10.2, -4)):
        cv2.circle(page, (mm(150 + dx), mm(150 + dy)), mm(0.7), (175, 160, 225), -1)
    cv2.line(page, (mm(150 - 5), mm(150 + 9.6)), (mm(150 + 6), mm(150 + 10.2)), (175, 160, 225), mm(0.5))
    _found(page, truth_box(70, 150, 42), "round")
    _found(page, truth_box(150, 150, 17), "square")


def test_pale_square_name_seal_touching_the_company_seal_is_found():
    # A crisp company seal and a pale name seal whose frame lies across its ring.
    page = stamp(text_page(rows=0), uneven(seal_layer(NAME), seed=24, patchy=0.2), 100, 150)
    page = stamp(page, uneven(seal_layer("王明印", "square", 20, rotate=-4), seed=25, patchy=0.4), 126, 152,
                 strength=0.3)
    _found(page, truth_box(100, 150, 42), "round")
    _found(page, truth_box(126, 152, 20), "square")


def test_seal_on_a_dim_photograph_of_the_page_is_found():
    # A phone photo in poor light: grey-beige paper (~150 of 255), the seal darker still.
    page = stamp(text_page(rows=0), uneven(seal_layer(NAME, rotate=15), seed=26), 100, 200)
    dim = (page.astype(np.float32) * np.array([0.5, 0.56, 0.57], np.float32)).astype(np.uint8)
    # By its red ink (the colourless shape pass is for greyscale copies).
    seal = _found(dim, truth_box(100, 200, 42), "round", shape_pass=False)
    assert seal.source == "colour" and seal.metrics["paper"] >= 0.8


def test_square_name_seal_over_text_on_white_paper_is_still_found():
    # Control for the paper level: white paper with black print is paper, as before.
    page = stamp(text_page(rows=20), uneven(seal_layer("张伟之印", "square", 20), seed=27), 100, 200)
    seal = _found(page, truth_box(100, 200, 20), "square")
    assert seal.source == "colour"



def _crowded_frame(ppm: float, side_mm: float = 18.0, turn: float = 5.0, seed: int = 0) -> np.ndarray:
    """A mask of a thin square frame whose inside is about as dense as its
    sides (bold characters over a ring's text and a signature), crossed by an arc."""
    n, c, s = int(60 * ppm), 30 * ppm, side_mm * ppm
    mask = np.zeros((n, n), np.uint8)
    cv2.polylines(mask, [cv2.boxPoints(((c, c), (s, s), turn)).astype(np.int32)], True, 255, max(2, round(0.5 * ppm)))
    inner = np.zeros_like(mask)
    cv2.fillPoly(inner, [cv2.boxPoints(((c, c), (0.75 * s, 0.75 * s), turn)).astype(np.int32)], 255)
    strokes, rng = np.zeros_like(mask), np.random.default_rng(seed)
    while (strokes[inner > 0] > 0).mean() < 0.55:
        x, y = rng.integers(int(c - 0.4 * s), int(c + 0.4 * s), 2)
        dx, dy = rng.integers(-int(0.2 * s), int(0.2 * s), 2)
        cv2.line(strokes, (int(x), int(y)), (int(x + dx), int(y + dy)), 255, max(2, int(ppm)))
    mask |= strokes & cv2.dilate(inner, np.ones((5, 5), np.uint8))
    cv2.ellipse(mask, (int(c - 0.6 * s), int(c - 0.6 * s)), (int(20 * ppm),) * 2, 0, 0, 90, 255, max(2, int(ppm)))
    return mask


def test_frame_with_four_straight_sides_and_a_crowded_inside_is_a_seal_in_red_ink():
    # Red ink is seal ink: four sides straight end to end make a frame, however dense its inside.
    frames = frames_by_sides(_crowded_frame(4.0), 4.0, [5.0], colour=True)
    assert frames and frames[0][1] == "square" and frames[0][3]["text_d"] > 0.5


def test_crowded_square_of_print_on_a_copy_needs_a_frame_denser_than_its_inside():
    # On a copy all print is ink: a table cell full of text has four straight sides too.
    assert frames_by_sides(_crowded_frame(4.0), 4.0, [5.0], colour=False) == []


def test_seal_in_the_shade_of_an_unevenly_lit_photo_is_found():
    # The light falls off down the sheet: the paper round the seal at the
    # bottom is under half as bright as at the top, darker than the page's paper cut.
    page = stamp(text_page(rows=10), uneven(seal_layer(NAME, rgb=BROWN, ring_mm=0.6), seed=51, patchy=0.2), 100, 240)
    light = np.linspace(1.0, 0.47, page.shape[0], dtype=np.float32)[:, None, None]
    noise = np.random.default_rng(0).normal(0, 4, page.shape)
    photo = np.clip(page.astype(np.float32) * light + noise, 0, 255).astype(np.uint8)
    seal = _found(photo, truth_box(100, 240, 42), "round", min_confidence=0.5)
    assert seal.metrics["paper"] >= 0.8



def test_name_seal_stamped_across_a_signature_on_a_copy_is_found():
    # The pen strokes run into the frame from the left and fuse with it, the
    # bold characters touch the frame inside: no outline of the frame's own,
    # and the outline it is part of is twice as long as the seal.
    page = signature(text_page(rows=0), 62, 150, 28, seed=5, bgr=(20, 20, 20))
    lay = _bold(seal_layer("蒋华波印", "square", 17, rotate=4, ring_mm=0.6), mm(0.5))
    page = stamp(page, uneven(lay, seed=31, patchy=0.2), 100, 150)
    seal = _found(grey_copy(page), truth_box(100, 150, 17), "square")
    assert seal.source == "shape"


def test_thin_broken_frame_of_a_name_seal_across_a_ring_is_found():
    # Brown ink, a thin frame broken every 1.5 mm where the pad was dry, across the company's ring.
    page = stamp(text_page(rows=0), uneven(seal_layer(NAME, rgb=BROWN), seed=32, patchy=0.2), 100, 150)
    a = np.asarray(seal_layer("朱波平", "square", 17, rgb=BROWN, rotate=-4, ring_mm=0.5)).copy()
    a[..., 3][(np.indices(a.shape[:2]).sum(axis=0) // mm(0.5)) % 3 == 0] = 0  # dry streaks
    page = stamp(page, Image.fromarray(a, "RGBA"), 115, 152)
    _found(page, truth_box(115, 152, 17), "square", iou=0.5)


@pytest.mark.parametrize("name,size,bold", [("张伟之印", 16, 0.7), ("张伟之印", 16, 0.9), ("蒋华波印", 16, 0.7),
                                             ("蒋华波印", 20, 0.9), ("欧阳建国", 20, 0.9)])
def test_bold_name_seal_on_a_copy_keeps_its_thin_margin(name, size, bold):
    # A heavy stamp's 1-2 mm frame line and fat characters leave only a sliver
    # of blank margin inside the line: still a frame, unlike a QR code's edge.
    page = stamp(text_page(rows=0), _bold(seal_layer(name, "square", size), mm(bold)), 100, 150)
    _found(grey_copy(page), truth_box(100, 150, size), "square")


def test_blurred_qr_code_on_a_copy_has_no_frame():
    # A copy's blur joins a QR code's modules into a dense square with straight
    # edges: four sides, but none of a stamped frame's blank margin inside them.
    ppm, rng = 4.0, np.random.default_rng(1)
    cells = (rng.random((25, 25)) < 0.65).astype(np.uint8) * 255
    for fy, fx in ((0, 0), (0, 18), (18, 0)):  # finder patterns
        cells[fy:fy + 7, fx:fx + 7] = 255
        cells[fy + 1:fy + 6, fx + 1:fx + 6] = 0
        cells[fy + 2:fy + 5, fx + 2:fx + 5] = 255
    mask = np.zeros((int(40 * ppm),) * 2, np.uint8)
    o, side = int(9 * ppm), int(22 * ppm)
    mask[o:o + side, o:o + side] = cv2.resize(cells, (side, side), interpolation=cv2.INTER_NEAREST)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((4, 4), np.uint8))
    assert frames_by_sides(mask, ppm, [0.0], colour=False) == []


@pytest.mark.parametrize("turn", [-12, 8])
def test_pale_name_seal_across_the_ring_text_is_found_by_its_sides(turn):
    # A pale frame stamped across the company seal's text: in the faint mask it
    # is fused with the ring's characters (no outline of its own), but its four
    # straight sides are pale ink, not the crisp red of the ring.
    page = stamp(text_page(rows=0), uneven(seal_layer(NAME), seed=24, patchy=0.2), 100, 150)
    page = stamp(page, uneven(seal_layer("朱洋英印", "square", 18, rotate=turn), seed=25, patchy=0.4), 118, 152,
                 strength=0.22)
    _found(page, truth_box(100, 150, 42), "round")
    _found(page, truth_box(118, 152, 18), "square")


def _pale_title(text: str, size_mm: float) -> Image.Image:
    """A row of bold red heading characters (RGBA, ink alpha 1)."""
    f = ImageFont.truetype(FONT, mm(size_mm))
    lay = Image.new("RGBA", (mm(size_mm * (len(text) + 0.6)), mm(size_mm * 1.6)), (0, 0, 0, 0))
    ImageDraw.Draw(lay).text((lay.width / 2, lay.height / 2), text, fill=(*RED, 255), font=f, anchor="mm",
                             stroke_width=mm(0.3), stroke_fill=(*RED, 255))
    return lay


@pytest.mark.parametrize("text,size,strength", [("回国", 16, 0.22), ("回国", 16, 0.35), ("固", 20, 0.22),
                                                ("固", 20, 0.35), ("国", 18, 0.22), ("回", 16, 0.35)])
def test_pale_boxy_title_characters_across_the_ring_are_no_name_seal(text, size, strength):
    # A boxy glyph of pale red print (回, 固, 国) laid across the company seal's
    # text has four straight pale sides too, but strokes across its middle both
    # ways (no gutter between characters), or, where a box is found inside it,
    # strokes running on past the box.
    page = stamp(text_page(rows=0), uneven(seal_layer(NAME), seed=24, patchy=0.2), 100, 150)
    page = stamp(page, _pale_title(text, size), 118, 152, strength=strength)
    assert [s for s in find_seals(page) if s.shape == "square"] == []


@pytest.mark.parametrize("name", ["李明", "张伟之印"])
def test_pale_two_and_four_character_name_seals_across_the_ring_are_found(name):
    page = stamp(text_page(rows=0), uneven(seal_layer(NAME), seed=24, patchy=0.2), 100, 150)
    page = stamp(page, uneven(seal_layer(name, "square", 18, rotate=3), seed=25, patchy=0.4), 114, 136,
                 strength=0.25)
    _found(page, truth_box(114, 136, 18), "square")


@pytest.mark.parametrize("turn", [0, -6])
def test_intaglio_name_seal_fused_with_the_ring_on_a_copy_is_found(turn):
    # A solid grey block stamped against the company seal's ring on a copy: the
    # ring's arc fuses with its side and draws the block out long; the seal is
    # the square at the other end.
    page = stamp(text_page(rows=0), uneven(seal_layer(NAME), seed=31, patchy=0.2), 100, 150)
    page = signature(page, 106, 152, 30, seed=4, bgr=(20, 20, 20))
    page = stamp(page, intaglio_layer("王桂之印", 18, rgb=(200, 30, 40), rotate=turn), 131, 152, strength=0.6)
    _found(grey_copy(page), truth_box(131, 152, 18), "square")


def test_small_name_seal_on_a_page_deskewed_onto_a_grown_canvas_is_found_at_the_pages_own_scale():
    # A page turned back 14 degrees lies on a canvas a third larger than the sheet: taken for A4,
    # the canvas makes a 13 mm name seal look 10 mm, smaller than any.
    page = stamp(text_page(rows=0), seal_layer(NAME, "round", 40), 100, 200)
    page = stamp(page, uneven(intaglio_layer("张伟之印", 13, rotate=-5), seed=32, patchy=0.1), 120, 202)
    pad = mm(35)
    grown = cv2.copyMakeBorder(page, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    box = tuple(v + pad for v in truth_box(120, 202, 13))
    _found(grown, box, "square", page_ppm=200 / 25.4)


def test_name_seal_stamped_inside_the_ring_over_its_star_is_found():
    # The frame lies wholly inside the company seal's ring, its side fused with
    # the star: no outline of its own and no ink sticking out of the ring to
    # give its turn. A hand stamp is set about upright: its sides are looked
    # for at the page's own turn.
    page = stamp(text_page(rows=0), uneven(seal_layer(NAME), seed=24, patchy=0.2), 100, 150)
    page = stamp(page, uneven(seal_layer("赵红建印", "square", 15, rotate=10), seed=25, patchy=0.2), 107, 150)
    _found(page, truth_box(100, 150, 42), "round")
    _found(page, truth_box(107, 150, 15), "square")
