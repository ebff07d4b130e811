"""Seals missed on generated dossiers (issue 3, dev seeds 9918 / 7017): faded
name seals over signatures whose frame printed in part (two sides whole, the
others in stretches), a name seal on a sheet photographed lying on a red table
(the table's red must not count against seals well inside the sheet), and the
look-alikes those fixes must not take (the table itself, a 2x2 block of pale
red glyphs)."""
from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from conftest import FONT, text_page
from PIL import Image, ImageDraw, ImageFont
from test_seal_art import PPM, signature, stamp, seal_layer, truth_box, uneven
from test_seal_recall import intaglio_layer

from extractors.seals import find_seals
from intake.evaluate import iou as box_iou
from samples import sealart
from samples.signature import signature_image

NAME = "衡东县康泰电气有限公司"


def _on_red_table(page: np.ndarray, margin_mm: float = 25.0) -> np.ndarray:
    """The page as a phone photo of the sheet on a reddish-brown wooden table:
    wood grain fills a margin all round, about a third of the frame."""
    h, w = page.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    grain = 0.5 + 0.5 * np.sin(yy / 9.0 + 3.0 * np.sin(xx / 140.0))
    wood = np.stack([40 + 25 * grain, 45 + 30 * grain, 110 + 50 * grain], axis=2)
    m = int(margin_mm * w / 210.0)
    sheet = np.zeros((h, w), bool)
    sheet[m:h - m, m:w - m] = True
    out = np.where(sheet[..., None], page.astype(np.float32), wood)
    return cv2.GaussianBlur(out, (3, 3), 0).clip(0, 255).astype(np.uint8)


def test_name_seal_on_a_sheet_lying_on_a_red_table_is_found():
    # The table makes a third of the frame red: judged by the page's red share
    # the seals would be marked down as things in a red photo.
    page = stamp(text_page(rows=20), uneven(seal_layer(NAME, rotate=10), seed=4, patchy=0.2), 100, 230)
    page = signature(page, 90, 232, 35, seed=2)
    page = stamp(page, intaglio_layer("阳敏印", 17, rgb=(215, 70, 50), rotate=-4), 145, 236)
    photo = _on_red_table(page)
    found = find_seals(photo)
    for box, shape in ((truth_box(100, 230, 42), "round"), (truth_box(145, 236, 17), "square")):
        hits = [s for s in found if box_iou(s.bbox, box) >= 0.4]
        assert hits and hits[0].shape == shape, (box, found)


def test_red_table_alone_has_no_seals():
    assert find_seals(_on_red_table(text_page(rows=25))) == []


def _paste(page: np.ndarray, rgba: Image.Image, cx: float, cy: float, multiply: bool = True) -> None:
    """Lay an RGBA image drawn at sealart.PX_PER_MM centred at (cx, cy) mm on a float BGR page (in place)."""
    im = np.asarray(rgba).astype(np.float32)
    k = PPM / sealart.PX_PER_MM
    im = cv2.resize(im, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    h, w = im.shape[:2]
    x0, y0 = int(cx * PPM - w / 2), int(cy * PPM - h / 2)
    a, ink = im[..., 3:4] / 255.0, im[..., 2::-1] / 255.0
    region = page[y0:y0 + h, x0:x0 + w]
    region[:] = region * (1 - a + a * ink) if multiply else region * (1 - a) + a * ink * 255


def _signed_and_stamped(seed: int, fade: int) -> tuple[np.ndarray, tuple[float, ...]]:
    """A page signed by hand with a worn name seal (seal art, `fade`) over the
    signature, scanned soft and saved as JPEG; (page, the seal's box in px)."""
    rng = random.Random(seed)
    page = text_page(rows=14).astype(np.float32)
    sx, sy = 80.0, 220.0
    _paste(page, signature_image(rng, 32, 12), sx, sy, multiply=False)
    spec = sealart.random_spec(rng, "square", "李明印", fade_prob=0.0, double_prob=0.0)
    spec.fade = fade
    img, (bx0, by0, bx1, by1) = sealart.render(spec, rng)
    _paste(page, img, sx + 4, sy)
    page = cv2.GaussianBlur(page, (0, 0), 0.7)
    page += np.random.default_rng(seed).normal(0, 2.5, page.shape)
    jpeg = cv2.imencode(".jpg", page.clip(0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 80])[1]
    box = tuple(v * PPM for v in (sx + 4 + bx0, sy + by0, sx + 4 + bx1, sy + by1))
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR), box


@pytest.mark.parametrize("seed,fade", [(120, 1), (125, 1), (107, 2), (110, 2), (111, 2)])
def test_faded_name_seal_over_a_signature_is_found(seed, fade):
    page, box = _signed_and_stamped(seed, fade)
    hits = [s for s in find_seals(page) if box_iou(s.bbox, box) >= 0.4]
    assert hits and hits[0].shape == "square", find_seals(page, min_confidence=0.0)


def test_block_of_pale_red_glyphs_is_no_faded_frame():
    # Four pale characters in two rows, the last a box (囗): a square of seal
    # size with clean paper round it, but no two sides of its box run whole.
    img = Image.fromarray(cv2.cvtColor(text_page(rows=10), cv2.COLOR_BGR2RGB))
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(FONT, int(10 * PPM))
    d.text((60 * PPM, 200 * PPM), "照照", fill=(235, 150, 150), font=f)
    d.text((60 * PPM, 210.5 * PPM), "函囗", fill=(235, 150, 150), font=f)
    page = cv2.GaussianBlur(cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR), (0, 0), 0.7)
    assert not any(s.metrics.get("faded_frame") for s in find_seals(page, min_confidence=0.0))
