"""Seal recall on colour pages (issue 3, last round): an intaglio (白文) name
seal stamped twice, whose characters the second impression half fills; a
faded ring on a certificate with a dashed red border round the page; a seal
on a badly underexposed photo."""
from __future__ import annotations

import random

import cv2
import numpy as np
from conftest import text_page
from PIL import Image
from test_seal_art import mm, seal_layer, stamp, truth_box, uneven
from test_seal_faint import scanned, worn_page
from test_seal_recall import found_at, intaglio_layer

from extractors.seals import find_seals
from intake.evaluate import iou as box_iou

NAME = "衡阳市恒通机械制造有限公司"
RED = (200, 45, 60)


def _twice(layer: Image.Image, dx: int, dy: int, ghost: float = 0.5) -> Image.Image:
    """The seal stamped a second time, a little apart and lighter: its ink lies
    in the first impression's cut-out characters."""
    a = np.asarray(layer.getchannel("A")).astype(np.float32) / 255
    second = np.roll(a, (dy, dx), axis=(0, 1)) * ghost
    out = layer.copy()
    out.putalpha(Image.fromarray(((1 - (1 - a) * (1 - second)) * 255).astype(np.uint8)))
    return out


def test_intaglio_name_seal_stamped_twice_beside_the_company_seal_is_found():
    page = stamp(text_page(rows=20), uneven(seal_layer(NAME, rotate=8), seed=41, patchy=0.2), 100, 200)
    name = _twice(intaglio_layer("唐桂之印", 17, rgb=RED, rotate=-10), mm(0.8), mm(0.6))
    page = stamp(page, uneven(name, seed=42, patchy=0.15), 104, 222)
    page = scanned(page, 43, random.Random(43), grey=False)
    found_at(page, truth_box(100, 200, 42), "round")
    found_at(page, truth_box(104, 222, 17), "square")


def test_faded_ring_on_a_certificate_with_a_dashed_red_border_is_found():
    # A certificate's ornament: a pale red dashed line round the page. It is
    # no rule (the dashes break it) but one page-sized piece once the faint
    # ring's arcs and dots are grouped: it must not swallow them.
    page, box, _ = worn_page(1)
    h, w = page.shape[:2]
    for x in range(mm(12), w - mm(12), mm(4)):
        for y in (mm(12), h - mm(12)):
            cv2.line(page, (x, y), (x + mm(2.5), y), (150, 150, 225), mm(0.8))
    for y in range(mm(12), h - mm(12), mm(4)):
        for x in (mm(12), w - mm(12)):
            cv2.line(page, (x, y), (x, y + mm(2.5)), (150, 150, 225), mm(0.8))
    assert [s for s in find_seals(page) if box_iou(s.bbox, box) >= 0.5]


def test_seal_on_a_badly_underexposed_photo_is_found():
    # A phone photo in a dark room: paper at ~40 of 255, the seal's red lead
    # only ~15 levels, below every colour cut until the page is brightened.
    page = stamp(text_page(rows=20), uneven(seal_layer(NAME, rotate=20), seed=47, patchy=0.2), 100, 200)
    dark = (page.astype(np.float32) * np.array([0.14, 0.15, 0.17], np.float32)).astype(np.uint8)
    # By its red ink (the colourless shape pass is for greyscale copies).
    seal = found_at(dark, truth_box(100, 200, 42), "round", shape_pass=False)
    assert seal.source == "colour"
