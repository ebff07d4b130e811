"""Issue 3 orientation, hard pages: licences a person can no longer read (heavy blur, washed out),
scanned turned, are still turned upright by their title and by reading their blurred lines both ways;
a photo page's printed caption, where there is one, turns it rather than the picture's gravity cues."""
from __future__ import annotations

import random

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from test_photo_orientation import on_a4_sheet, site_photo, turn

from intake.orient import _orient_by_title, make_upright
from samples import effects, hard, scan
from samples.company import make_company
from samples.page import Ctx, Theme
from samples.render import licence
from samples.surface import RasterSurface

DPI = 200
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
GREY_COPIES = 0.1  # share of licences handed in as greyscale photocopies


def illegible_licence(key: str, rotation: int) -> np.ndarray:
    """A business licence drawn by the sample generator and scanned the way it scans an
    illegible page (blur of 4.5-6.5 px, contrast 0.3-0.42), turned clockwise by `rotation`. BGR."""
    rng = random.Random(key)
    profile = hard.HardProfile.choose(rng)
    scanner = scan.ScanProfile.random(rng)
    surface = RasterSurface(DPI)
    licence.draw(Ctx(surface, rng, Theme.random(rng), hard=profile.style), make_company(rng), copy_stamp=rng.random() < 0.6)
    page, tint = surface.img, None
    if rng.random() < GREY_COPIES:
        page, tint = effects.photocopy(page, rng), (sum(scanner.tint) / 3,) * 3
    params = scan.sample_params(rng, scanner, illegible=True)
    params.rotation = rotation
    image, _ = scan.apply(page, params, scanner, rng, DPI, tint=tint)
    return np.ascontiguousarray(np.asarray(image)[:, :, ::-1])


def test_a_blurred_block_of_rows_is_no_title_against_the_title_running_the_other_way():
    # A licence turned 90 on a landscape working copy (905 x 1280): its title 营业执照 runs down the
    # right part of the sheet; a blurred block of field rows beside it is a box barely wider than tall.
    title = np.array([[978, 310], [1039, 310], [1039, 595], [978, 595]], np.float32)
    block = np.array([[795, 122], [940, 122], [940, 197], [795, 197]], np.float32)
    assert _orient_by_title([title, block], (905, 1280)) == 90


def test_a_block_of_rows_alone_says_nothing_of_the_top():
    block = np.array([[300, 100], [445, 100], [445, 175], [300, 175]], np.float32)
    assert _orient_by_title([block], (1280, 905)) is None


@pytest.mark.parametrize("key, rotation", [
    ("7401:21", 90),  # the field rows blur into a box wider than tall near the top
    ("7402:18", 180),  # washed out: the direction classifier calls its lines upright in either turn
])
def test_illegible_licence_scanned_turned_is_turned_upright(engine, key, rotation):
    assert make_upright(engine, illegible_licence(key, rotation)).orientation.rotation == rotation


@pytest.mark.parametrize("rotation", [90, 270])
def test_a_photo_page_is_turned_by_its_printed_caption_over_the_picture(engine, rotation):
    # The picture pasted upside down (its sky at the foot): the caption, read clearly, decides.
    sheet = on_a4_sheet(site_photo())
    sheet[250:1150, 152:1502] = sheet[250:1150, 152:1502][::-1, ::-1]
    page = Image.fromarray(sheet[:, :, ::-1].copy())
    ImageDraw.Draw(page).text((500, 1200), "图1  公司生产厂区全景", font=ImageFont.truetype(FONT, 44), fill="black")
    orientation = make_upright(engine, turn(np.asarray(page)[:, :, ::-1].copy(), rotation)).orientation
    assert (orientation.rotation, orientation.method) == (rotation, "few_lines")
