"""Seals the detector missed or made up on fresh dossiers (issue 3, seed 9915):
a blurred seal whose ring, text and star run together in the faint mask, a
pale name seal stamped inside a crisp company ring; not a seal: the bold
title of a licence printed in warm black, which leads the paper's red a
little but is dark."""
from __future__ import annotations

import cv2
import numpy as np
from conftest import text_page
from PIL import Image, ImageDraw, ImageFont
from test_seal_art import mm, seal_layer, stamp, truth_box, uneven
from test_seal_recall import intaglio_layer

from extractors.seals import blocks, find_seals
from extractors.seals.colour import faint_red_mask
from extractors.seals.detect import _blobs, _by_own_lead
from extractors.seals.model import px_per_mm, shrink
from intake.evaluate import iou

BOLD = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def test_blurred_ring_run_into_a_disc_is_cut_back_to_its_ring():
    # A soft scan: at the faint mask's low cuts ring, text and star are one
    # solid disc, which no ring test passes. Cut at half its own top red
    # lead, the ring (the widest stroke) comes back with the text inside.
    page = stamp(text_page(rows=30), seal_layer("衡阳市国家税务局", ring_mm=1.3), 100, 200, strength=0.45)
    small = shrink(cv2.GaussianBlur(page, (0, 0), 0.9 * 200 / 25.4), 2)
    ppm = px_per_mm(small.shape)
    disc = faint_red_mask(small)
    found = _by_own_lead(_blobs(disc, ppm, 1.2), disc, small, ppm, 1.0, small.shape, 0.005, 150.0)
    box = tuple(v / 2 for v in truth_box(100, 200, 42))
    assert [c.shape for c in found if iou(c.bbox, box) >= 0.6] == ["round"]


def test_pale_name_seal_stamped_inside_a_crisp_company_ring_is_found():
    # Stamped over the star: nothing of it lies outside the ring's box, and
    # the strict mask holds only dots of it.
    page = stamp(text_page(rows=0), seal_layer("衡阳市海蓝电气股份有限公司"), 100, 150)
    page = stamp(page, uneven(seal_layer("郭伟超印", "square", 17, rotate=3), seed=7, patchy=0.3), 100, 152,
                 strength=0.25)
    found = find_seals(page)
    assert any(c.shape == "round" and iou(c.bbox, truth_box(100, 150, 42)) >= 0.6 for c in found)
    assert any(c.shape == "square" and iou(c.bbox, truth_box(100, 152, 17)) >= 0.6 for c in found)


def test_bold_title_in_warm_black_is_no_pale_seal_block():
    # Bold glyphs blur into square blocks that lead a grey sheet's red by a
    # few levels, like a faded intaglio seal's patch, but they are dark.
    img = Image.fromarray(cv2.cvtColor(text_page(rows=0, bg=238), cv2.COLOR_BGR2RGB))
    ink = (60, 40, 35)
    for k, ch in enumerate("营业执照"):
        ImageDraw.Draw(img).text((mm(40 + 34 * k), mm(45)), ch, fill=ink, font=ImageFont.truetype(BOLD, mm(16)),
                                 stroke_width=mm(0.9), stroke_fill=ink)
    page = shrink(cv2.GaussianBlur(cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR), (0, 0), 1.5), 2)
    free = np.full(page.shape[:2], 255, np.uint8)
    assert blocks.pale_red_blocks(page, px_per_mm(page.shape), free) == []


def test_two_blurred_seals_on_one_page_are_both_cut_back_to_their_rings():
    # Both closings find each disc: the squarer disc found twice must not take both slots.
    page = stamp(text_page(rows=30), seal_layer("衡阳市国家税务局", ring_mm=1.3), 60, 200, strength=0.45)
    page = stamp(page, seal_layer("衡阳市海蓝电气股份有限公司", "oval", 42, 36, ring_mm=1.3), 150, 200, strength=0.45)
    small = shrink(cv2.GaussianBlur(page, (0, 0), 0.9 * 200 / 25.4), 2)
    ppm = px_per_mm(small.shape)
    disc = faint_red_mask(small)
    blobs = _blobs(disc, ppm, 1.2) + _blobs(disc, ppm, 3.0)
    found = _by_own_lead(blobs, disc, small, ppm, 1.0, small.shape, 0.005, 150.0)
    for box in (truth_box(60, 200, 42), truth_box(150, 200, 42, 36)):
        assert any(iou(c.bbox, tuple(v / 2 for v in box)) >= 0.6 for c in found), box


def test_faded_intaglio_name_seal_over_print_is_a_pale_seal_block():
    # The thin black strokes of the print under the patch are dark, but no solid dark area as a bold glyph is.
    patch = uneven(intaglio_layer("欧静春印", 20, rgb=(215, 35, 40), rotate=6), seed=42, patchy=0.9, low=0.1)
    page = shrink(stamp(text_page(rows=30), patch, 118, 60, strength=0.08), 2)
    free = np.full(page.shape[:2], 255, np.uint8)
    centres = [geom[0] for geom, shape, _, _ in blocks.pale_red_blocks(page, px_per_mm(page.shape), free)]
    assert any(abs(x - mm(118) / 2) + abs(y - mm(60) / 2) <= mm(3) / 2 for x, y in centres), centres
