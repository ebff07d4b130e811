"""Seals a person still sees that the ink, the copier or the camera wore down:
a ring on a grainy copy, a faded ring whose text is gone but for its star, a
faded seal on a dim photo, and a pale intaglio name seal across the company
ring. And the grain of a copy is no seal."""
from __future__ import annotations

import numpy as np
from conftest import text_page
from test_seal_art import DARK_RED, grey_copy, seal_layer, stamp, truth_box, uneven
from test_seal_recall import found_at, intaglio_layer

from extractors.seals import find_seals

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
