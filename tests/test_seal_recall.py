"""Seal recall on the hard cases of issue 3: intaglio (白文) name seals fused with
a ring, a signature or text; framed name seals with a signature across the
frame on a copy; oval seals on greyscale copies whose Hough centre is off; ring
tracking that repeats exactly; and what those searches must not take for seals
(bold title characters, a dial in a photo)."""
from __future__ import annotations

import cv2
import numpy as np
from conftest import FONT, text_page
from PIL import Image, ImageDraw, ImageFont
from test_seal_art import BROWN, grey_copy, mm, seal_layer, signature, stamp, table_page, truth_box, uneven

from extractors.seals import find_seals
from extractors.seals.greyscale import track_ring
from intake.evaluate import iou as box_iou

NAME = "衡阳市恒通机械制造有限公司"
MAGENTA = (205, 40, 85)


def found_at(page, box, shape=None, iou=0.5, **kw):
    hits = [s for s in find_seals(page, **kw) if box_iou(s.bbox, box) >= iou]
    assert hits, f"no seal at {box}: {find_seals(page, min_confidence=0.0)}"
    if shape:
        assert hits[0].shape == shape
    return hits[0]


def intaglio_layer(name: str, size_mm: float = 18, rgb=MAGENTA, rotate: float = 0.0) -> Image.Image:
    """A 白文 name seal: a solid square of ink, a solid margin, the characters cut out white."""
    side, margin = mm(size_mm), mm(1.5)
    W = int(side * 1.2)
    alpha = Image.new("L", (W, W), 0)
    d = ImageDraw.Draw(alpha)
    x0 = (W - side) // 2
    d.rectangle((x0, x0, x0 + side, x0 + side), fill=255)
    inner = side - 2 * margin
    f = ImageFont.truetype(FONT, int(inner / 2 * 0.9))
    for i, ch in enumerate(name[:4]):  # right column first, top to bottom
        c, r = divmod(i, 2)
        cx = x0 + margin + inner * (0.75 - 0.5 * c)
        cy = x0 + margin + inner * (0.25 + 0.5 * r)
        d.text((cx, cy), ch, fill=0, font=f, anchor="mm")
    lay = Image.new("RGBA", (W, W), (*rgb, 0))
    lay.putalpha(alpha)
    return lay.rotate(rotate, resample=Image.BICUBIC) if rotate else lay


def test_square_seal_touching_a_ring_is_found():
    # An intaglio name seal stamped across the company seal's ring, over text:
    # one red blob with the ring, no outline of its own, no frame to find.
    page = stamp(text_page(rows=20), uneven(seal_layer(NAME, rotate=8), seed=31, patchy=0.2), 100, 200)
    page = stamp(page, uneven(intaglio_layer("张伟之印", 18, rotate=-5), seed=32, patchy=0.15), 126, 196)
    found_at(page, truth_box(100, 200, 42), "round")
    found_at(page, truth_box(126, 196, 18), "square")


def test_intaglio_square_seal_over_a_signature_on_a_greyscale_copy_is_found():
    # On the copy the block is mid-grey: the stroke-scale ink mask hollows it out.
    page = signature(text_page(rows=0), 40, 150, 40, seed=5, bgr=(20, 20, 20))
    page = stamp(page, uneven(intaglio_layer("李明之印", 20, rgb=BROWN, rotate=4), seed=33, patchy=0.2), 80, 152)
    seal = found_at(grey_copy(page), truth_box(80, 152, 20), "square")
    assert seal.source == "shape"


def test_greyscale_square_seal_with_a_signature_across_its_frame_is_found():
    # The signature fuses with the frame's outer edge; the frame's inner edge
    # is indented by the characters touching it: only its hull is square.
    lay = uneven(seal_layer("贺明磊印", "square", 16, rotate=2, ring_mm=1.2), seed=34, patchy=0.15)
    page = stamp(text_page(rows=0), lay, 100, 150)
    page = signature(page, 56, 149, 40, seed=8, bgr=(20, 20, 20))
    found_at(grey_copy(page), truth_box(100, 150, 16), "square")


def test_greyscale_oval_seal_across_a_table_is_found():
    # The table's text and rules pull the Hough centre of an oval off; the
    # ring is found from the paper walled in by it and re-centred on its fit.
    lay = uneven(seal_layer(NAME, "oval", 42, 30, centre_text="财务专用章", star=False, rotate=-8), seed=35,
                 patchy=0.2)
    page = stamp(table_page(), lay, 100, 240)
    found_at(grey_copy(page), truth_box(100, 240, 42, 30), "oval", iou=0.6)


def test_greyscale_oval_seal_along_a_table_rule_is_found():
    # The oval's top runs along a rule and goes with it: the ring falls apart
    # into arcs, each too small to be searched for a ring on its own.
    lay = uneven(seal_layer(NAME, "oval", 42, 30, centre_text="财务专用章", star=False), seed=44, patchy=0.2)
    page = stamp(table_page(cell_mm=(30, 18)), lay, 95, 211.2)
    found_at(grey_copy(page), truth_box(95, 211.2, 42, 30), "oval", iou=0.6)


def test_ring_track_near_the_crop_edge_is_repeatable():
    # Polar samples beyond the crop must read as paper, not as whatever memory held.
    mask = np.zeros((120, 120), np.uint8)
    cv2.circle(mask, (100, 60), 50, 255, 3)
    runs = [track_ring(mask, (100.0, 60.0), 50.0) for _ in range(5)]
    for xs, ys, support in runs[1:]:
        assert np.array_equal(xs, runs[0][0]) and np.array_equal(ys, runs[0][1]) and support == runs[0][2]


def test_bold_title_characters_on_a_greyscale_copy_are_not_seals():
    # 营业执照 in heavy 14 mm characters: solid squares with white gaps, but the
    # gaps open to the paper and there is no solid margin.
    img = Image.fromarray(cv2.cvtColor(text_page(rows=10), cv2.COLOR_BGR2RGB))
    d = ImageDraw.Draw(img)
    d.text((mm(40), mm(20)), "营业执照", fill=(40, 40, 40), font=ImageFont.truetype(FONT, mm(14)),
           stroke_width=mm(0.8), stroke_fill=(40, 40, 40))
    page = grey_copy(cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR))
    assert find_seals(page, shape_pass=True) == []


def test_ring_with_nothing_written_along_it_is_not_a_seal():
    # A dial or a washer in a grey photo: a thin ring and a hub, an empty text band.
    page = text_page(rows=5)
    photo = np.full((mm(80), mm(100)), 160, np.uint8)
    cv2.circle(photo, (mm(50), mm(40)), mm(20), 60, mm(1.0))
    cv2.circle(photo, (mm(50), mm(40)), mm(8), 60, -1)
    h, w = photo.shape
    page[mm(120):mm(120) + h, mm(55):mm(55) + w] = photo[..., None]
    assert find_seals(page, shape_pass=True) == []
