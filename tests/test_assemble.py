"""Assembly: documents from pages, the company, and the cross-document findings."""
from datetime import datetime, timezone

import numpy as np

from extractors.seals import SealCandidate
from intake.assemble import assemble_record
from intake.ingest import SourcePage
from intake.ocr.base import OcrLine
from intake.pipeline import PageContext
from models import Legibility

COMPANY = "衡阳市恒通机械制造有限公司"


def _context(index: int, doc_type: str, texts: list[str], seals=()) -> PageContext:
    lines = [OcrLine(t, (100, 100 + 60 * i, 900, 140 + 60 * i), 0.98) for i, t in enumerate(texts)]
    ctx = PageContext(
        source=SourcePage(f"{index:02d}.jpg", 1, np.zeros((1, 1, 3), np.uint8), 200.0),
        index=index, image=None, width=1654, height=2339, text_source="ocr", lines=lines,
        doc_type=doc_type, confidence=0.9, legibility=Legibility(score=0.9, legible=True),
    )
    for text, bbox in seals:
        ctx.seals.append(SealCandidate(bbox=bbox, shape="round", confidence=0.9))
        ctx.seal_texts.append((text, 0.95))
    return ctx


def _assemble(contexts, programme):
    return assemble_record(dossier_id="d", source="/in/d", contexts=contexts, findings=[], programme=programme,
                           processed_at=datetime(2020, 10, 1, tzinfo=timezone.utc))


LICENCE = ["营业执照", "统一社会信用代码91430400MA4L1234X5", f"名称{COMPANY}", "类型有限责任公司", "登记机关"]


def test_registration_authority_is_read_from_the_licence_seal_when_the_print_is_covered(programme):
    licence = _context(1, "business_licence", LICENCE, seals=[("衡阳市市场监督管理局", (1100, 1800, 1420, 2120))])
    record = _assemble([licence], programme)
    (doc,) = record.documents
    authority = doc.fields["registration_authority"]
    assert authority.value == "衡阳市市场监督管理局" and authority.bbox == (1100, 1800, 1420, 2120)


def test_letter_naming_another_company_is_a_mismatch_finding(programme):
    licence = _context(1, "business_licence", LICENCE)
    letter = _context(2, "commitment_letter", ["真实性承诺", "企业名称（盖章）：衡阳市恒达电气有限公司", "2020年9月28日"])
    findings = _assemble([licence, letter], programme).findings
    assert [f.code for f in findings if f.code == "mismatch"] == ["mismatch"]
    assert "衡阳市恒达电气有限公司" in next(f.message for f in findings if f.code == "mismatch")


def test_seal_text_similarity_to_the_company_is_recorded(programme):
    licence = _context(1, "business_licence", LICENCE)
    letter = _context(2, "commitment_letter", ["真实性承诺", f"企业名称：{COMPANY}"], seals=[(COMPANY, (900, 1700, 1250, 2050))])
    record = _assemble([licence, letter], programme)
    (seal,) = record.pages[1].seals
    assert seal.matches_company and seal.similarity == 1.0


def test_letter_seal_that_lost_only_its_trade_name_is_no_mismatch(programme):
    licence = _context(1, "business_licence", LICENCE)
    letter = _context(2, "commitment_letter", ["真实性承诺", f"企业名称：{COMPANY}"],
                      seals=[("衡阳市机械制造有限公司", (900, 1700, 1250, 2050))])
    record = _assemble([licence, letter], programme)
    (seal,) = record.pages[1].seals
    assert seal.matches_company is None and seal.similarity < 0.6
    assert "seal_mismatch" not in [f.code for f in record.findings]
