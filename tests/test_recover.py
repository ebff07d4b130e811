"""Spec §2 page types of pages nobody can read: the last look reads a washed-out page's title, types
and turns the page by it, and the page stays illegible; blank sheets stay blank."""
import pickle

import cv2
import numpy as np
import pytest
from conftest import FONT
from PIL import Image, ImageDraw, ImageFont

from extractors.classify import REVIEW_BELOW, classify_page
from extractors.text import PageText
from intake import pipeline
from intake.ingest import SourcePage
from intake.ocr.base import OcrLine
from intake.ocr.recover import Look, last_look
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
    assert look.turn == 0 and list(look.readings) == [0]
    assert "专利证书" in "".join(line.text for line in look.readings[0])


def test_title_read_upside_down_turns_the_look(engine, washed_out):
    look = last_look(engine, cv2.rotate(washed_out, cv2.ROTATE_180), DPI)
    assert look.turn == 180
    title = next(line for line in look.readings[180] if "专利" in line.text)
    assert title.box[1] < 0.3 * washed_out.shape[0]  # in the turned page's pixels: at its top
    assert 0 in look.readings  # the page as it lies, read in the same pass: for when the turn is not taken


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
    assert look is None or not look.readings[look.turn]


def test_show_through_of_a_certificate_is_read_as_no_document(engine):
    # The back of a sheet: its front's title mirrored and diffused by the paper, a few grey levels deep.
    front = _certificate("发明专利证书", ink_levels=12.0)[:, :, 0].astype(np.float32)
    back = cv2.GaussianBlur(cv2.flip(front, 1), (0, 0), 0.3 * DPI / 25.4)
    back = cv2.cvtColor(np.clip(back, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    look = last_look(engine, back, DPI)
    lines = look.readings[look.turn] if look else []
    assert classify_page(PageText(index=1, lines=lines, width=1240, height=1754)).doc_type in ("other", "photo")


def test_page_classified_again_from_the_cache_is_typed_by_its_kept_last_look():
    # replay keeps the pickled context, the last look's lines with it, and classifies the page again
    ctx = PageContext(source=SourcePage("21.jpg", 1, None, DPI), index=1, image=None, width=1240, height=1754,
                      photo_share=0.0, recovered=(OcrLine("实用新型专利证书", (380, 250, 860, 350), 0.98),))
    ctx = pickle.loads(pickle.dumps(ctx))
    classify_context(ctx)
    assert ctx.doc_type == "patent_certificate"
    ctx.recovered = ()
    classify_context(ctx)
    assert ctx.doc_type == "other" and ctx.confidence <= REVIEW_BELOW


def _sharp_page(title: str, lines: list[str]) -> np.ndarray:
    """A clean A4 page at 150 dpi: a large title over a few lines of body text."""
    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    big, small = ImageFont.truetype(FONT, 72), ImageFont.truetype(FONT, 28)
    draw.text(((1240 - draw.textlength(title, font=big)) / 2, 400), title, font=big, fill=0)
    for i, text in enumerate(lines):
        draw.text(((1240 - draw.textlength(text, font=small)) / 2, 600 + 70 * i), text, font=small, fill=0)
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_GRAY2BGR)


def test_sharp_page_read_clearly_is_not_retyped_by_its_title_alone(engine, programme):
    # 高新技术产品证书 over its product's lines is no high-tech enterprise certificate: read whole, the
    # classifier leaves it; the look, which keeps only the large title, must not decide it.
    ctx = _run(engine, programme, _sharp_page("高新技术产品证书", ["产品名称：数控精密机床", "编号：2019HN0123"]))
    assert ctx.doc_type != "high_tech_certificate" and not ctx.recovered


def test_clearly_read_cover_gets_no_last_look(engine, programme, monkeypatch):
    def looked(*args):
        raise AssertionError("a page read clearly paid for a last look")

    monkeypatch.setattr(pipeline, "last_look", looked)
    ctx = _run(engine, programme, _sharp_page("衡阳市恒通机械制造有限公司", ["2020年6月"]))
    assert ctx.legibility.legible


def test_sliver_of_a_page_shows_no_line(engine):
    assert last_look(engine, np.full((1754, 1, 3), 230, np.uint8), DPI) is None


class _Reread:
    """The page's own reading, once turned: what the OCR makes of the page that way up."""

    def __init__(self, lines: list[OcrLine]):
        self.lines = lines

    def __call__(self, ctx: PageContext) -> None:
        ctx.lines, ctx.text_source = list(self.lines), "ocr"


def _unread_page(monkeypatch, engine, programme, reread: list[OcrLine], look: Look) -> PageContext:
    """An unread, washed-out page given `look` as its last look (once), its lines reading `reread` once turned."""
    pipe = Pipeline(engine, programme)
    looks = [look]
    monkeypatch.setattr(pipeline, "last_look", lambda *args: looks.pop())
    monkeypatch.setattr(pipe, "_ocr", _Reread(reread))
    image = _certificate("", ink_levels=0.0)
    ctx = PageContext(source=SourcePage("04-佐证材料-1.jpg", 1, image, DPI), index=1, image=image,
                      width=image.shape[1], height=image.shape[0], photo_share=0.0, doc_type="other", confidence=0.3)
    pipe._recover(ctx)
    return ctx


TITLE = OcrLine("发明专利证书", (380, 250, 860, 350), 0.98)


def test_page_turned_by_its_last_look_stays_turned_as_the_document_it_reads_as(engine, programme, monkeypatch):
    ctx = _unread_page(monkeypatch, engine, programme, [], Look({0: [], 180: [TITLE]}, 180))
    assert (ctx.doc_type, ctx.rotation) == ("patent_certificate", 180)


def test_turn_whose_page_reads_as_no_document_is_undone(engine, programme, monkeypatch):
    cover = [OcrLine("2020年衡阳市种子企业", (300, 400, 940, 480), 0.97), OcrLine("申报材料", (500, 520, 740, 600), 0.97)]
    ctx = _unread_page(monkeypatch, engine, programme, cover, Look({0: [], 180: [TITLE]}, 180))
    assert ctx.rotation == 0 and ctx.image.shape[:2] == (1754, 1240) and not ctx.lines


def test_turn_without_a_title_falls_back_to_the_page_as_it_lies(engine, programme, monkeypatch):
    ctx = _unread_page(monkeypatch, engine, programme, [], Look({0: [TITLE], 180: [OcrLine("口口", TITLE.box, 0.4)]}, 180))
    assert (ctx.doc_type, ctx.rotation, ctx.recovered) == ("patent_certificate", 0, (TITLE,))
