"""A copy's grey seal faded off the print under it, by ink level."""
from __future__ import annotations

import cv2
import numpy as np
from conftest import text_page
from test_seals import draw_round_seal

from extractors.seals import SealCandidate, lift_grey_seals

CX, CY, R = 800, 1200, 170


def _seal(source: str = "shape") -> SealCandidate:
    return SealCandidate(bbox=(CX - R, CY - R, CX + R, CY + R), shape="round", confidence=0.9, centre=(CX, CY),
                         axes=(R, R), source=source)


def _grey_copy(page: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)


def _ring(shape: tuple[int, ...]) -> np.ndarray:
    yy, xx = np.mgrid[0:shape[0], 0:shape[1]]
    d = np.hypot(xx - CX, yy - CY) / R
    return (d > 0.9) & (d < 1.0)


def test_grey_seal_is_lifted_off_the_print_under_it():
    plain = text_page()
    copy = _grey_copy(draw_round_seal(plain, CX, CY, R))  # red ink comes out mid-grey
    lifted = lift_grey_seals(copy, [_seal()])
    ring = _ring(copy.shape) & (copy[..., 0] < 200) & (plain[..., 0] > 200)  # the ring's ink, off the print
    assert ring.sum() > 500 and np.median(lifted[ring][:, 0]) > 230
    inside = np.zeros(copy.shape[:2], bool)
    inside[CY - R:CY + R, CX - R:CX + R] = True
    print_cores = inside & (plain[..., 0] < 40)
    assert print_cores.sum() > 500 and np.median(lifted[print_cores][:, 0]) < 60


def test_seal_found_by_its_colour_is_left_to_the_red_removal():
    page = draw_round_seal(text_page(), CX, CY, R)
    assert lift_grey_seals(page, [_seal("colour")]) is page


def test_seal_as_dark_as_the_print_is_left_as_it_is():
    copy = _grey_copy(draw_round_seal(text_page(), CX, CY, R, rgb=(10, 10, 10)))
    assert np.array_equal(lift_grey_seals(copy, [_seal()]), copy)


def test_seal_reaching_past_the_page_edge_lifts_only_what_is_on_the_page():
    copy = _grey_copy(draw_round_seal(text_page(), CX, CY, R))[:, :CX]  # the page cut through the seal
    lifted = lift_grey_seals(copy, [_seal()])
    assert lifted.shape == copy.shape and lifted.dtype == np.uint8
    assert np.array_equal(lifted[:CY - R - 20], copy[:CY - R - 20])  # nothing above the seal changes
