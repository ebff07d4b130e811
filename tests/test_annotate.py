"""Annotated pages: a reviewer sees the page type, field boxes, seals and legibility problems."""
from __future__ import annotations

import pymupdf
import numpy as np

from intake.emit.annotate import FIELD_COLOUR, PROBLEM_COLOUR, SEAL_COLOUR, annotate_page, write_annotations
from intake.pipeline import Preview
from models import Field, Legibility

from conftest import make_record, text_page


def _colour_share(image, colour, box) -> float:
    x0, y0, x1, y1 = box
    crop = np.asarray(image)[y0:y1, x0:x1].reshape(-1, 3)
    return float((np.abs(crop.astype(int) - colour).sum(axis=1) < 30).mean())


def test_field_box_and_seal_are_drawn_where_they_were_found():
    record = make_record()
    licence = next(d for d in record.documents if d.doc_type == "business_licence")
    licence.fields["uscc"] = Field(value="91430400MA4L1234X5", confidence=0.9, page=5, bbox=(400, 600, 1000, 660))
    preview = Preview.of(text_page(rows=3))
    image = annotate_page(record, 5, preview)
    s = preview.scale
    left_edge = (int(400 * s) - 1, int(600 * s), int(400 * s) + 2, int(660 * s))
    assert _colour_share(image, FIELD_COLOUR, left_edge) > 0.5
    image = annotate_page(record, 1, preview)  # the form page carries one seal at (10, 10, 300, 300)
    assert _colour_share(image, SEAL_COLOUR, (int(10 * s), int(150 * s), int(10 * s) + 2, int(300 * s))) > 0.5


def test_illegible_page_carries_its_reasons(tmp_path):
    record = make_record()
    record.pages[1].legibility = Legibility(score=0.2, legible=False, reasons=["blur", "low_contrast"])
    previews = {p.index: Preview.of(text_page(rows=2)) for p in record.pages}
    header_band = (0, 0, 700, 80)
    assert _colour_share(annotate_page(record, 2, previews[2]), PROBLEM_COLOUR, header_band) > 0.005
    assert _colour_share(annotate_page(record, 3, previews[3]), PROBLEM_COLOUR, header_band) == 0.0
    path = write_annotations(tmp_path, record, previews)
    assert path == tmp_path / record.dossier_id / "annotated.pdf"
    with pymupdf.open(path) as pdf:
        assert pdf.page_count == len(record.pages)
