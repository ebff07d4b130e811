"""Seals a person still sees that the ink, the copier or the camera wore down:
a ring on a grainy copy, a faded ring whose text is gone but for its star, a
faded seal on a dim photo, a soft pale ring, and a pale intaglio name seal
across the company ring. And what is no seal: the grain of a copy, a round
frame round a solid disc once the grain is smoothed, a printed oval round a
bold name."""
from __future__ import annotations

import math

import cv2
import numpy as np
from conftest import FONT, text_page
from PIL import Image, ImageDraw, ImageFont
from test_seal_art import DARK_RED, grey_copy, mm, seal_layer, stamp, truth_box, uneven
from test_seal_recall import found_at, intaglio_layer

from extractors.seals import find_seals
from extractors.seals.detect import _on_ellipse
from extractors.seals.greyscale import _pixel_noise, fit_track, judge_ring
from extractors.seals.rings import ring_profile

NAME = "衡阳市恒通机械制造有限公司"


def _grainy(page: np.ndarray, sigma: float, seed: int) -> np.ndarray:
    """A greyscale copy with the copier's grain: pixel noise of `sigma` grey levels, paper at ~210."""
    rng = np.random.default_rng(seed)
    g = grey_copy(page).astype(np.float32) * 0.82 + rng.normal(0, sigma, page.shape[:2])[..., None]
    return np.clip(g, 0, 255).astype(np.uint8)


def test_ring_on_a_grainy_copy_is_found():
    # Grain of ~50 grey levels: per pixel as dark as the ring, which only
    # stands out once the grain is evened out.
    page = stamp(text_page(rows=20), seal_layer(NAME), 100, 200, strength=0.5)
    found_at(_grainy(page, 50, seed=1), truth_box(100, 200, 42), "round")


def test_the_grain_of_a_copy_is_no_seal():
    assert find_seals(_grainy(text_page(rows=25), 50, seed=2)) == []


def test_faded_ring_left_with_only_its_star_on_a_copy_is_found():
    # The text wore away to a few pale specks: a thin ring round a star.
    worn = uneven(seal_layer(NAME, star=False), seed=6, patchy=0.6)
    page = stamp(stamp(text_page(rows=8), worn, 100, 200, strength=0.15), seal_layer(""), 100, 200, strength=0.55)
    found_at(grey_copy(page), truth_box(100, 200, 42), "round")


def test_faded_red_seal_on_a_dim_photo_is_found_by_its_colour():
    # Paper at ~73 of 255 (a dim room, no flash): the faded red ink falls to a
    # value of ~57 and a red lead of ~24, under every colour cut for crisp ink
    # until the page is brightened; the pale pass alone caps it at 0.6.
    page = stamp(text_page(rows=20), uneven(seal_layer(NAME, rgb=(200, 115, 120)), seed=3, patchy=0.2), 100, 200)
    dim = (page.astype(np.float32) * np.array([0.26, 0.285, 0.285], np.float32)).astype(np.uint8)
    seal = found_at(dim, truth_box(100, 200, 42), "round", shape_pass=False)
    assert seal.source == "colour" and seal.confidence > 0.6


def test_pale_intaglio_name_seal_across_the_company_ring_is_found():
    # The name seal's solid block lies half over the crisp ring: the pale pass
    # erases the ring's area and with it half the block.
    page = stamp(text_page(rows=20), seal_layer(NAME), 100, 200)
    page = stamp(page, intaglio_layer("唐春敏印", 18, rgb=DARK_RED), 121, 200, strength=0.35)
    found_at(page, truth_box(100, 200, 42), "round")
    found_at(page, truth_box(121, 200, 18), "square")


def _grainy_colour(page: np.ndarray, sigma: float, seed: int) -> np.ndarray:
    """A colour page with the same grain on every channel (a noisy scan), paper at ~210."""
    rng = np.random.default_rng(seed)
    g = page.astype(np.float32) * 0.82 + rng.normal(0, sigma, page.shape[:2])[..., None]
    return np.clip(g, 0, 255).astype(np.uint8)


def _frame_round_a_disc() -> np.ndarray:
    """A round portrait frame: a 40 mm circle (3 px line) round a solid grey 24 mm disc."""
    page = text_page(rows=20).copy()
    cv2.circle(page, (mm(100), mm(200)), mm(20), (120, 120, 120), 3)
    cv2.circle(page, (mm(100), mm(200)), mm(12), (150, 150, 150), -1)
    return page


def test_round_frame_round_a_solid_disc_on_a_grainy_copy_is_no_seal():
    # Smoothed against the grain, the disc's edge reads as a seal's text and
    # as a square frame's straight sides; its arc band stays empty.
    for seed in (1, 3):
        assert find_seals(_grainy(_frame_round_a_disc(), 40, seed=seed)) == []


def test_solid_disc_inside_a_ring_on_a_grainy_copy_is_no_square_seal():
    # The smoothed disc's round outline and its straight stretches are no
    # frame: a square needs corners there.
    for seed in (1, 3):
        page = stamp(text_page(rows=20), seal_layer(NAME, star=False), 100, 200, strength=0.5).copy()
        cv2.circle(page, (mm(100), mm(200)), mm(12), (150, 150, 150), -1)
        assert [s.shape for s in find_seals(_grainy(page, 40, seed=seed))] == ["round"]


def test_pale_red_seal_on_a_grainy_colour_page_keeps_its_confidence():
    # The colour passes see the grain unsmoothed: a blur would spread the pale
    # red strokes' dark ink (0.876 with it).
    page = stamp(text_page(rows=20), seal_layer(NAME), 100, 200, strength=0.3)
    seal = found_at(_grainy_colour(page, 50, seed=1), truth_box(100, 200, 42), "round")
    assert seal.source == "colour" and seal.confidence > 0.885


def _wandering_ring(amp: float, rgb: tuple[int, int, int]) -> Image.Image:
    """A seal whose ring wanders `amp` of its radius off the circle (three bulges round it)."""
    lay = seal_layer(NAME, rgb=rgb, ring_mm=0.01)  # its text and star; the ring drawn here
    cx, cy, r = lay.size[0] / 2, lay.size[1] / 2, mm(42) / 2 - mm(0.6)
    pts = [(cx + r * (1 + amp * math.sin(3 * t)) * math.cos(t), cy + r * (1 + amp * math.sin(3 * t)) * math.sin(t))
           for t in np.linspace(0, 2 * math.pi, 721)]
    ImageDraw.Draw(lay).line(pts, fill=(*rgb, 255), width=mm(1.1))
    return lay


def test_soft_pale_ring_straying_from_its_ellipse_on_clean_paper_is_found():
    # A soft brown licence seal (seed 9920): pale, blurred, its track strays
    # 0.02-0.03 of the radius from the ellipse, with clean paper round it.
    page = stamp(text_page(rows=20), _wandering_ring(0.045, (170, 100, 70)), 100, 200, strength=0.25)
    found_at(cv2.GaussianBlur(page, (0, 0), 2.5), truth_box(100, 200, 42), "round", shape_pass=False)


def test_a_straying_pale_ring_needs_clean_paper_outside():
    assert _on_ellipse({"resid": 0.024, "out_d": 0.044})
    assert not _on_ellipse({"resid": 0.025, "out_d": 0.06})
    assert not _on_ellipse({"resid": 0.031, "out_d": 0.0})


def test_printed_oval_round_a_bold_name_is_no_seal():
    # A logo: a thin vector oval (a short gap in it or none) round a bold name
    # nearly as dense as its line. Thin, closed, clean outside, on its
    # ellipse as a seal is, but its ring does not stand out from the name.
    for gap, bold in ((0, 3), (20, 2), (28, 2)):
        img = Image.fromarray(text_page(rows=20))
        d = ImageDraw.Draw(img)
        box = (mm(100 - 22.5), mm(200 - 15), mm(100 + 22.5), mm(200 + 15))
        d.arc(box, gap / 2, 360 - gap / 2, fill=(0, 0, 0), width=3)
        d.text((mm(100), mm(200)), "恒通机械", fill=(0, 0, 0), font=ImageFont.truetype(FONT, mm(8)), anchor="mm",
               stroke_width=bold, stroke_fill=(0, 0, 0))
        assert find_seals(np.asarray(img)) == [], (gap, bold)


def _oval_round_a_name(gap: float, downs: int = 0) -> np.ndarray:
    """Work-scale mask (4 px/mm) of a thin 45 x 30 mm oval missing `gap` degrees round a
    bold name's strokes: five across, `downs` down."""
    m = np.zeros((300, 300), np.uint8)
    cv2.ellipse(m, (150, 150), (90, 60), 0, gap / 2, 360 - gap / 2, 255, 2)
    for k in range(5):
        cv2.line(m, (85, 135 + 6 * k), (215, 135 + 6 * k), 255, 3)
    for k in range(downs):
        cv2.line(m, (85 + 12 * k, 110), (85 + 12 * k, 190), 255, 2)
    return m


def _judged(mask: np.ndarray):
    return judge_ring(mask, fit_track(mask, (150.0, 150.0), 90.0), 4.0, False)


def test_exact_oval_traced_nine_tenths_round_holds_a_crowded_name():
    # 35 degrees of the ring lost, the rest right on its ellipse with clean
    # paper outside: its bold name may come within 0.05 of the ring's density.
    found = _judged(_oval_round_a_name(35))
    assert found is not None and found[3]["support"] < 0.95
    assert 0.02 <= found[3]["ring_d"] - found[3]["text_d"] < 0.05


def _contrast(mask: np.ndarray, track) -> float:
    prof = ring_profile(mask, track[0])
    return prof["ring_d"] - prof["text_d"]


def test_exact_oval_no_denser_than_a_name_across_its_middle_is_no_seal():
    # (A printed oval round a bold name, a logo, is as thin and clean.)
    mask = _oval_round_a_name(35, downs=3)
    track = fit_track(mask, (150.0, 150.0), 90.0)
    assert 0.0 <= _contrast(mask, track) < 0.02
    assert judge_ring(mask, track, 4.0, False) is None


def test_exact_oval_no_denser_than_its_name_all_along_it_is_a_seal():
    # A seal's name and the table under it, all round the band inside the
    # ring (seed 9920: a brown oval over a statement's table): strokes across
    # the band every 15 degrees.
    mask = np.zeros((300, 300), np.uint8)
    cv2.ellipse(mask, (150, 150), (90, 60), 0, 35 / 2, 360 - 35 / 2, 255, 2)
    for t in np.radians(np.arange(0, 360, 15)):
        cv2.line(mask, (int(150 + 45 * math.cos(t)), int(150 + 30 * math.sin(t))),
                 (int(150 + 70.2 * math.cos(t)), int(150 + 46.8 * math.sin(t))), 255, 2)
    track = fit_track(mask, (150.0, 150.0), 90.0)
    assert 0.0 <= _contrast(mask, track) < 0.02
    assert judge_ring(mask, track, 4.0, False) is not None


def test_pixel_noise_of_a_page_one_pixel_wide_is_none():
    assert _pixel_noise(np.full((40, 1), 200, np.uint8)) == 0.0
