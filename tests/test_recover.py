"""Spec §2 page types of pages nobody can read: the last look reads a washed-out page's title, types
and turns the page by it, and the page stays illegible; blank sheets stay blank."""
import cv2
import numpy as np
import pytest
from conftest import FONT
from PIL import Image, ImageDraw, ImageFont

from extractors.classify import REVIEW_BELOW, classify_page
from extractors.text import PageText
from intake.ingest import SourcePage
from intake.ocr.base import OcrLine
from intake.ocr.recover import last_look
from intake.pipeline import PageContext, Pipeline, classify_context

DPI = 150
BODY = "企业名称：衡阳市恒通机械制造有限公司  证书编号：GR201943000123"


def _certificate(title: str, ink_levels: float) -> np.ndarray:
    """An A4 certificate at 150 dpi, its ink `ink_levels` grey levels below grey paper, with scanner grain:
    a 12 mm title over body text, as a washed-out copy leaves it."""
    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    big, small = ImageFont.truetype(FONT, 72), ImageFont.truetype(FONT, 22)
    draw.text(((1240 - draw.textlength(title, font=big)) / 2, 260), title, font=big, fill=0)
    for i in range(8):
        draw.text((200, 500 + 60 * i), BODY, font=small, fill=0)
    ink = 1.0 - np.asarray(img, np.float32) / 255.0
    page = 232.0 - ink_levels * ink + np.random.default_rng(0).normal(0, 2.0, ink.shape)
    return cv2.cvtColor(np.clip(page, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)


def _run(engine, programme, image: np.ndarray) -> PageContext:
    ctx = PageContext(source=SourcePage("04-佐证材料-1.jpg", 1, image, DPI), index=1, image=image)
    Pipeline(engine, programme)._run_page(ctx)
    return ctx


@pytest.fixture(scope="module")
def washed_out() -> np.ndarray:
    return _certificate("发明专利证书", ink_levels=3.0)


def test_title_of_a_certificate_washed_out_to_three_grey_levels_is_read(engine, washed_out):
    look = last_look(engine, washed_out, DPI)
    assert look.turn == 0
    assert "专利证书" in "".join(line.text for line in look.lines)


def test_title_read_upside_down_turns_the_look(engine, washed_out):
    look = last_look(engine, cv2.rotate(washed_out, cv2.ROTATE_180), DPI)
    assert look.turn == 180
    title = next(line for line in look.lines if "专利" in line.text)
    assert title.box[1] < 0.3 * washed_out.shape[0]  # in the turned page's pixels: at its top


def test_unreadable_certificate_is_typed_by_its_title_and_stays_illegible(engine, programme, washed_out):
    ctx = _run(engine, programme, washed_out)
    assert ctx.doc_type == "patent_certificate"
    assert not ctx.legibility.legible  # a reviewer must still be told
    assert "专利" not in "".join(line.text for line in ctx.lines)  # no field is read from the last look


@pytest.mark.parametrize("turn", [cv2.ROTATE_180, cv2.ROTATE_90_CLOCKWISE])
def test_unreadable_certificate_scanned_turned_is_set_upright(engine, programme, washed_out, turn):
    ctx = _run(engine, programme, cv2.rotate(washed_out, turn))
    assert ctx.doc_type == "patent_certificate"
    assert ctx.rotation == (180 if turn == cv2.ROTATE_180 else 90)


def test_grey_sheet_with_scanner_grain_shows_no_line(engine):
    look = last_look(engine, _certificate("", ink_levels=0.0), DPI)
    assert look is None or not look.lines


def test_show_through_of_a_certificate_is_read_as_no_document(engine):
    # The back of a sheet: its front's title mirrored and diffused by the paper, a few grey levels deep.
    front = _certificate("发明专利证书", ink_levels=12.0)[:, :, 0].astype(np.float32)
    back = cv2.GaussianBlur(cv2.flip(front, 1), (0, 0), 0.3 * DPI / 25.4)
    back = cv2.cvtColor(np.clip(back, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    look = last_look(engine, back, DPI)
    lines = look.lines if look else []
    assert classify_page(PageText(index=1, lines=lines, width=1240, height=1754)).doc_type in ("other", "photo")


def test_replay_types_the_page_from_its_last_look():
    # the cache keeps the last look's lines: classifying the page again gives the same type
    ctx = PageContext(source=SourcePage("21.jpg", 1, None, DPI), index=1, image=None, width=1240, height=1754,
                      photo_share=0.0, recovered=(OcrLine("实用新型专利证书", (380, 250, 860, 350), 0.98),))
    classify_context(ctx)
    assert ctx.doc_type == "patent_certificate"
    ctx.recovered = ()
    classify_context(ctx)
    assert ctx.doc_type == "other" and ctx.confidence <= REVIEW_BELOW
