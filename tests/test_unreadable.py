"""Pages nobody can read keep their kind: a reviewer tells it from the seal, the file name and the pages around."""
from datetime import datetime, timezone

import numpy as np
import pytest

from extractors.filename_hint import hinted_types
from extractors.unreadable import PageEvidence, settle
from intake.assemble import assemble_record
from intake.ingest import SourcePage
from intake.ocr.base import OcrLine
from intake.pipeline import PageContext, Pipeline, classify_unreadable
from models import Legibility


def _page(doc_type: str, source_file: str, *, unreadable: bool = False, photo: bool = False,
          seals: list[str] | None = None) -> PageEvidence:
    return PageEvidence(doc_type, source_file, unreadable=unreadable, no_text_photo=photo, seal_texts=seals or [])


def test_file_names_hint_at_the_document_they_hold():
    assert hinted_types("03-营业执照.png") == ("business_licence",)
    assert hinted_types("07-承诺书.jpg") == ("commitment_letter",)
    assert hinted_types("01-基本情况表.png") == ("application_form",)
    assert hinted_types("05-照片.pdf") == ("photo",)
    assert hinted_types("二〇一九年度审计报告.pdf")[0] == "audit_report"
    assert "patent_certificate" in hinted_types("04-佐证材料-2.png")


def test_scans_named_by_number_hint_at_nothing():
    assert hinted_types("scan_001.jpg") == hinted_types("page-25.jpg") == hinted_types("16.jpg") == ()
    assert hinted_types("hy2020-0007.pdf") == ()


def test_a_look_alike_document_named_in_a_file_hints_at_none_of_ours():
    assert hinted_types("纳税申报表.pdf") == ()  # a tax return, not the 附件1 申报表 nor a statement


def test_unreadable_page_of_a_licence_file_is_the_licence():
    pages = [_page("application_form", "01-基本情况表.png"), _page("other", "02-营业执照.jpg", unreadable=True)]
    assert settle(pages) == [None, "business_licence"]


def test_file_name_never_overrules_a_page_the_classifier_reads():
    # a mislabelled file: the page reads as a commitment letter, and stays one
    pages = [_page("commitment_letter", "02-营业执照.jpg")]
    assert settle(pages) == [None]


def test_licence_file_whose_licence_was_read_has_no_second_licence():
    pages = [_page("business_licence", "03-营业执照.pdf"), _page("other", "03-营业执照.pdf", unreadable=True)]
    assert settle(pages) == [None, None]


def test_unreadable_page_inside_a_run_of_statements_is_a_statement():
    pages = [_page("financial_statement", "hy2020-0009.pdf"), _page("other", "hy2020-0009.pdf", unreadable=True),
             _page("blank", "hy2020-0009.pdf"), _page("financial_statement", "hy2020-0009.pdf")]
    assert settle(pages)[1] == "financial_statement"


def test_unreadable_page_after_the_document_its_file_holds_is_not_more_of_it():
    # a blank back side the blank check missed, after the profile or the statements were read
    pages = [_page("company_profile", "05-企业简介.pdf"), _page("other", "05-企业简介.pdf", unreadable=True),
             _page("financial_statement", "02-财务报表.pdf"), _page("other", "02-财务报表.pdf", unreadable=True)]
    assert settle(pages) == [None] * len(pages)


def test_pages_around_a_certificate_say_nothing_about_it():
    # certificates are one sheet each: two licences around a page do not make it one
    pages = [_page("business_licence", "scan_10.jpg"), _page("patent_certificate", "scan_11.jpg"),
             _page("other", "scan_12.jpg", unreadable=True), _page("patent_certificate", "scan_13.jpg")]
    assert settle(pages)[2] is None


def test_issuing_authority_seal_names_an_unreadable_page():
    pages = [_page("other", "page-9.jpg", unreadable=True, seals=["衡阳市市场监督管理局"]),
             _page("photo", "page-10.jpg", photo=True, seals=["湖南省科学技术厅"])]
    assert settle(pages) == ["business_licence", "high_tech_certificate"]


def test_a_dossier_holds_one_business_licence():
    # with the licence read, a pale page under the same authority's seal is another of its licences (食品经营许可证)
    pages = [_page("business_licence", "03-营业执照.jpg"), _page("other", "04-营业执照.jpg", unreadable=True),
             _page("other", "scan_9.jpg", unreadable=True, seals=["衡阳市市场监督管理局"])]
    assert settle(pages) == [None, None, None]


def test_picture_without_text_stays_a_photo_without_evidence_of_a_document():
    pages = [_page("photo", "04-佐证材料-3.jpg", photo=True), _page("photo", "18.jpg", photo=True),
             _page("photo", "05-照片.pdf", photo=True)]
    assert settle(pages) == [None, None, None]


def test_blank_looking_sheet_alone_in_a_file_named_for_a_document_is_that_document():
    pages = [_page("blank", "02-营业执照.jpg"), _page("blank", "07-承诺书.jpg")]
    assert settle(pages) == ["business_licence", "commitment_letter"]


def test_blank_sheets_stay_blank_beside_the_document_their_file_holds():
    pages = [_page("business_licence", "03-营业执照.pdf"), _page("blank", "03-营业执照.pdf"),
             _page("financial_statement", "02-财务报表.pdf"), _page("blank", "02-财务报表.pdf"),
             _page("financial_statement", "02-财务报表.pdf"), _page("blank", "16.jpg"), _page("blank", "05-照片.pdf")]
    assert settle(pages) == [None] * len(pages)


def test_blank_back_side_scanned_to_its_own_file_beside_its_read_document_stays_blank():
    # 07-企业简介-1.jpg read as the profile, its blank back side scanned as 07-企业简介-2.jpg.
    pages = [_page("company_profile", "07-企业简介-1.jpg"), _page("blank", "07-企业简介-2.jpg")]
    assert settle(pages) == [None, None]


def _ctx(index: int, source_file: str, doc_type: str, confidence: float, text: str = "") -> PageContext:
    ctx = PageContext(source=SourcePage(source_file, 1, None, 200), index=index, image=None,
                      doc_type=doc_type, confidence=confidence,
                      legibility=Legibility(score=0.2, legible=bool(text), reasons=[] if text else ["blur"]))
    ctx.lines = [OcrLine(text, (100, 100, 600, 150), 0.9)] if text else []
    return ctx


def test_blurred_licence_is_reported_illegible_not_missing(programme):
    contexts = [_ctx(1, "01-承诺书.jpg", "commitment_letter", 0.9, "真实性承诺书"),
                _ctx(2, "02-营业执照.jpg", "other", 0.3)]  # nothing read, no photo in it
    classify_unreadable(contexts)
    assert contexts[1].doc_type == "business_licence"
    assert _missing(contexts, programme) >= {("business_licence", "illegible")}


def test_licence_too_dark_to_tell_from_blank_paper_is_reported_illegible(programme):
    contexts = [_ctx(1, "01-承诺书.jpg", "commitment_letter", 0.9, "真实性承诺书"),
                _ctx(2, "02-营业执照.jpg", "blank", 0.9)]
    contexts[1].legibility = Legibility(score=1.0, legible=True, reasons=[])  # as the blank stage leaves it
    classify_unreadable(contexts)
    assert contexts[1].doc_type == "business_licence" and not contexts[1].legibility.legible
    assert _missing(contexts, programme) >= {("business_licence", "illegible")}


def _missing(contexts: list[PageContext], programme) -> set[tuple[str, str]]:
    record = assemble_record(dossier_id="d", source="/in/d", contexts=contexts, findings=[], programme=programme,
                             processed_at=datetime.now(timezone.utc))
    return {(m.item, m.reason) for m in record.missing_items}


def _sheet(pictures: bool, desk: bool) -> np.ndarray:
    sheet = np.full((1414, 1000, 3), 236, np.uint8)
    if desk:  # a phone photo whose sheet was not found: the desk shows along two edges
        sheet[:, :110], sheet[:120, :] = 60, 60
    if pictures:
        sheet[250:650, 200:800], sheet[800:1200, 200:800] = 120, 170
    return sheet


@pytest.mark.parametrize("pictures, desk, expected", [(True, False, "photo"), (True, True, "photo"),
                                                      (False, True, "other"), (False, False, "other")])
def test_textless_page_is_a_photo_only_when_its_sheet_shows_pictures(pictures, desk, expected):
    image = _sheet(pictures, desk)
    ctx = PageContext(source=SourcePage("16.jpg", 1, image, 200), index=1, image=image)
    Pipeline.__new__(Pipeline)._classify(ctx)  # the stage needs no OCR engine
    assert ctx.doc_type == expected


def test_second_certificate_too_pale_to_read_is_not_dropped_as_a_blank_back_side():
    # Two patents scanned to 06-专利证书-1.jpg and -2.jpg: the first read says nothing of the second sheet.
    pages = [_page("patent_certificate", "06-专利证书-1.jpg"), _page("blank", "06-专利证书-2.jpg")]
    assert settle(pages)[1] == "patent_certificate"


def test_dossier_without_a_read_licence_submitted_it_on_its_unreadable_page():
    # every dossier holds its licence: the page nobody could read is it, illegible rather than missing
    pages = [_page("application_form", "1.jpg"), _page("other", "2.jpg", unreadable=True),
             _page("blank", "3.jpg"), _page("commitment_letter", "4.jpg")]
    assert settle(pages) == [None, "business_licence", None, None]


def test_dossier_without_a_read_licence_submitted_it_on_a_blank_looking_sheet_of_its_own():
    pages = [_page("application_form", "page-1.jpg"), _page("blank", "page-2.jpg")]
    assert settle(pages) == [None, "business_licence"]


def test_blank_back_side_in_a_file_of_read_pages_is_no_licence():
    pages = [_page("application_form", "hy2020-0003.pdf"), _page("blank", "hy2020-0003.pdf")]
    assert settle(pages) == [None, None]


def test_unreadable_page_of_a_file_named_for_another_document_is_no_licence():
    pages = [_page("application_form", "01.jpg"), _page("other", "06-专利证书.jpg", unreadable=True)]
    assert settle(pages)[1] != "business_licence"
