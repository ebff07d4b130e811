"""Shared fixtures: record builders, and one real OCR engine per test session."""
from __future__ import annotations

from datetime import datetime, timezone

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from intake.programme import load_programme
from models import Company, Document, DossierRecord, Field, Legibility, Page, Seal


FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
A4 = (1654, 2339)  # 200 dpi
TEXT = ("本公司郑重承诺：所提交的申报材料真实、准确、完整，不存在虚假记载、误导性陈述或重大遗漏。"
        "公司近三年无重大安全生产事故和环境污染事件，依法纳税，信用良好。") * 15


def text_page(rows: int = 25, bg: int = 255) -> np.ndarray:
    """An A4 page at 200 dpi with `rows` lines of Chinese prose, BGR."""
    img = Image.new("RGB", A4, (bg, bg, bg))
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(FONT, 34)
    per = (A4[0] - 300) // 34
    for i in range(rows):
        d.text((150, 200 + i * 62), TEXT[i * per:(i + 1) * per], fill=(0, 0, 0), font=f)
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


@pytest.fixture(scope="session")
def engine():
    from intake.ocr import make_engine

    return make_engine()


@pytest.fixture(scope="session")
def programme():
    return load_programme()


def field(value, page: int = 1) -> Field:
    return Field(value=value, confidence=0.95, page=page, bbox=(0, 0, 10, 10))


def page(index: int, doc_type: str, *, legible: bool = True, seals: int = 0, year: int | None = None) -> Page:
    return Page(
        index=index, source_file=f"{index:02d}.jpg", page_number=1, doc_type=doc_type, confidence=0.9,
        rotation=0, width=1654, height=2339, text_source="ocr", fiscal_year=year,
        legibility=Legibility(score=0.9 if legible else 0.1, legible=legible, reasons=[] if legible else ["blur"]),
        seals=[Seal(bbox=(10, 10, 300, 300), shape="round", confidence=0.9) for _ in range(seals)],
    )


def complete_dossier() -> tuple[list[Document], list[Page]]:
    """Documents and pages of a dossier that satisfies every 2020 requirement."""
    pages = [
        page(1, "application_form", seals=1),
        page(2, "financial_statement", year=2017),
        page(3, "financial_statement", year=2018),
        page(4, "audit_report", year=2019),
        page(5, "business_licence"),
        page(6, "cloud_platform_proof"),
        page(7, "photo"),
        page(8, "company_profile"),
        page(9, "commitment_letter", seals=1),
    ]
    documents = [
        Document(doc_type="application_form", pages=[1], fields={"company_name": field("衡阳市恒通机械制造有限公司")}),
        Document(doc_type="financial_statement", pages=[2], fiscal_year=2017, fields={"operating_revenue": field(1.2e7, 2)}),
        Document(doc_type="financial_statement", pages=[3], fiscal_year=2018, fields={"operating_revenue": field(1.5e7, 3)}),
        Document(doc_type="audit_report", pages=[4], fiscal_year=2019, fields={"operating_revenue": field(1.8e7, 4)}),
        Document(doc_type="business_licence", pages=[5], fields={
            "company_name": field("衡阳市恒通机械制造有限公司", 5),
            "uscc": field("91430400MA4L1234X5", 5),
            "business_term": field("2012-03-15至2042-03-14", 5),
        }),
        Document(doc_type="cloud_platform_proof", pages=[6]),
        Document(doc_type="photo", pages=[7]),
        Document(doc_type="company_profile", pages=[8], fields={"char_count": field(1050, 8)}),
        Document(doc_type="commitment_letter", pages=[9], fields={
            "has_seal": field(True, 9), "has_signature": field(True, 9),
        }),
    ]
    return documents, pages


def make_record(dossier_id: str = "hy-001", company_name: str = "衡阳市恒通机械制造有限公司", **kw) -> DossierRecord:
    documents, pages = complete_dossier()
    return DossierRecord(
        dossier_id=dossier_id, source=f"/in/{dossier_id}", programme="hengyang-2020",
        processed_at=datetime(2020, 10, 1, tzinfo=timezone.utc),
        company=Company(company_name=field(company_name, 5), uscc=field("91430400MA4L1234X5", 5)),
        pages=pages, documents=documents, findings=[], missing_items=kw.get("missing_items", []),
        complete=not kw.get("missing_items"),
    )
