"""Annotated pages for reviewers: one PDF per dossier showing what was found where.

Each page carries its type and confidence, the box of every extracted field with
its name and value, every seal with the text read from it, and any legibility
problem. Drawing happens on the small upright previews the pipeline kept, so box
coordinates (upright page pixels) are scaled by the preview's factor.
"""
from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path

import cv2
from PIL import Image, ImageDraw, ImageFont

from intake.emit.files import write_atomic_bytes
from intake.labels import LEGIBILITY_LABELS, doc_label
from models import DossierRecord

FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"  # installed by scripts/setup.sh
FIELD_COLOUR = (0, 90, 200)
SEAL_COLOUR = (200, 0, 120)
SEAL_MISMATCH_COLOUR = (230, 120, 0)
PROBLEM_COLOUR = (200, 0, 0)
HEADER_COLOUR = (0, 110, 0)
MAX_VALUE_CHARS = 24


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_FILE, size)


def write_annotations(out: Path, record: DossierRecord, previews: dict) -> Path | None:
    """OUT/<dossier>/annotated.pdf; pages without a preview (unreadable ones) are skipped."""
    pages = [annotate_page(record, index, preview) for index, preview in sorted(previews.items())]
    if not pages:
        return None
    path = out / record.dossier_id / "annotated.pdf"
    buffer = BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=100.0)
    write_atomic_bytes(path, buffer.getvalue())
    return path


def annotate_page(record: DossierRecord, index: int, preview) -> Image.Image:
    """The preview of page `index` (1-based) with the record's findings for it drawn on."""
    rgb = cv2.cvtColor(preview.image, cv2.COLOR_GRAY2RGB if preview.image.ndim == 2 else cv2.COLOR_BGR2RGB)
    image = Image.fromarray(rgb)
    draw = ImageDraw.Draw(image, "RGBA")
    size = max(12, image.width // 70)
    page = next((p for p in record.pages if p.index == index), None)

    def box(bbox, colour, label: str) -> None:
        x0, y0, x1, y1 = (v * preview.scale for v in bbox)
        draw.rectangle((x0, y0, x1, y1), outline=colour, width=2)
        _label(draw, (x0, max(0, y0 - size - 4)), label, colour, size)

    for document in record.documents:
        if index not in document.pages:
            continue
        for name, field in document.fields.items():
            if field.page == index and field.bbox:
                value = "" if field.value is None else str(field.value)[:MAX_VALUE_CHARS]
                box(field.bbox, FIELD_COLOUR, f"{name}: {value}")
    header = [f"第{index}页 {doc_label(page.doc_type)} ({page.confidence:.2f})"] if page else [f"第{index}页"]
    if page:
        for seal in page.seals:
            colour = SEAL_MISMATCH_COLOUR if seal.matches_company is False else SEAL_COLOUR
            similarity = "" if seal.similarity is None else f" 相似度{seal.similarity:.2f}"
            box(seal.bbox, colour, f"印章[{seal.shape}] {seal.text or '未识别'}{similarity}")
        if not page.legibility.legible or page.legibility.reasons:
            reasons = "、".join(LEGIBILITY_LABELS.get(r, r) for r in page.legibility.reasons) or "—"
            verdict = "清晰" if page.legibility.legible else "不清晰"
            header.append(f"清晰度 {page.legibility.score:.2f} {verdict}：{reasons}")
    y = 4
    for n, line in enumerate(header):
        _label(draw, (4, y), line, HEADER_COLOUR if n == 0 else PROBLEM_COLOUR, size + 4)
        y += size + 10
    return image


def _label(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, colour, size: int) -> None:
    font = _font(size)
    left, top, right, bottom = draw.textbbox(xy, text, font=font)
    draw.rectangle((left - 2, top - 2, right + 2, bottom + 2), fill=(255, 255, 255, 210))
    draw.text(xy, text, font=font, fill=colour)
