"""Page stages: what the pipeline reads off one page."""
import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from intake.ingest import SourcePage
from intake.ocr.base import OcrLine
from intake.pipeline import PageContext, Pipeline, classify_context

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


@pytest.fixture(scope="module")
def pipeline(engine, programme):
    return Pipeline(engine, programme)


def _run(pipeline: Pipeline, image: np.ndarray) -> PageContext:
    ctx = PageContext(source=SourcePage("p.jpg", 1, image, 200.0), index=1, image=image)
    pipeline._run_page(ctx)
    return ctx


def test_date_printed_under_a_red_seal_is_read(pipeline):
    img = Image.new("RGB", (1654, 2339), (250, 246, 244))
    draw = ImageDraw.Draw(img)
    body = ImageFont.truetype(FONT, 36)
    for i, text in enumerate(["真实性承诺", "本企业郑重承诺所提交的申报材料真实、准确、完整。", "如有虚假，愿承担相应法律责任。",
                              "企业名称（盖章）：衡阳市恒通机械制造有限公司"]):
        draw.text((180, 300 + 110 * i), text, font=body, fill=(20, 20, 20))
    draw.text((1000, 1500), "2020年9月28日", font=body, fill=(20, 20, 20))
    seal = Image.new("RGBA", img.size, (0, 0, 0, 0))
    ink = ImageDraw.Draw(seal)
    ink.ellipse((960, 1330, 1320, 1690), outline=(205, 40, 45, 235), width=14)
    ink.polygon([(1140, 1420), (1165, 1495), (1240, 1495), (1180, 1540), (1200, 1615), (1140, 1570),
                 (1080, 1615), (1100, 1540), (1040, 1495), (1115, 1495)], fill=(205, 40, 45, 235))
    ink.text((1010, 1360), "衡阳市恒通机械制造有限公司", font=ImageFont.truetype(FONT, 24), fill=(205, 40, 45, 235))
    img = Image.alpha_composite(img.convert("RGBA"), seal).convert("RGB")
    ctx = _run(pipeline, np.asarray(img)[:, :, ::-1].copy())
    assert ctx.seals, "the seal is found"
    assert any("2020年9月28日" in line.text for line in ctx.lines)
    assert ctx.doc_type == "commitment_letter"


def test_phone_photo_page_is_flattened_and_its_resolution_known(pipeline):
    from conftest import text_page
    from test_perspective import phone_photo

    photo = phone_photo(cv2.resize(text_page(), (1000, 1414)), [(620, 120), (1420, 190), (1500, 1420), (560, 1380)])
    ctx = _run(pipeline, photo)
    assert ctx.perspective and 90 < ctx.dpi < 160
    assert ctx.height / ctx.width == pytest.approx(297 / 210, rel=0.02)
    assert ctx.legibility.legible


def test_show_through_page_is_blank(pipeline):
    from test_blank import show_through

    ctx = _run(pipeline, show_through(0.1))
    assert ctx.doc_type == "blank" and ctx.legibility.legible


def test_page_the_blank_check_passes_is_kept_when_it_bears_a_seal(pipeline, monkeypatch):
    """A washed-out certificate can keep nothing the blank check sees but its seals' pale rings."""
    from conftest import text_page
    from test_seals import draw_round_seal

    monkeypatch.setattr("intake.pipeline.is_blank", lambda *args, **kwargs: True)
    ctx = _run(pipeline, draw_round_seal(np.full_like(text_page(), 250), 900, 1500, 170))
    assert ctx.doc_type != "blank" and len(ctx.seals) == 1


@pytest.mark.parametrize("photo_share, expected", [(0.12, "photo"), (0.0, "other")])
def test_page_with_hardly_any_text_is_a_photo_only_when_it_shows_one(photo_share, expected):
    # A noisy scan of a proof where OCR caught only the title has no photo in it: a reviewer
    # must see it as an unreadable document, not file it with the photos.
    ctx = PageContext(source=SourcePage("24.jpg", 1, None, 200), index=1, image=None, photo_share=photo_share)
    ctx.lines = [OcrLine("研发立项", (100, 100, 400, 150), 0.9)]
    classify_context(ctx)
    assert ctx.doc_type == expected


def test_page_whose_short_title_names_another_document_is_not_a_photo():
    # An old tax-registration certificate whose OCR caught only its title is that document
    # (for a reviewer), not one of the photos the notice asks for.
    ctx = PageContext(source=SourcePage("24.jpg", 1, None, 200), index=1, image=None, photo_share=0.12)
    ctx.lines = [OcrLine("税务登记证", (100, 100, 400, 150), 0.95)]
    classify_context(ctx)
    assert ctx.doc_type == "other"
