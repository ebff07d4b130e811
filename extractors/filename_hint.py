"""What an applicant's file name says a page is (03-营业执照.png, 07-承诺书.jpg, 05-照片.pdf).

Many files are just scan_001.jpg or the dossier's one PDF, and a file may be
mislabelled, so the name never decides a page the classifier reads; it only
settles pages nobody can read. A name can point at one type (营业执照) or at a
family (财务报表: statements or an audit report; 佐证材料: any supporting
evidence), so the hint is the tuple of types it allows.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath

FINANCIALS = ("financial_statement", "audit_report")
EVIDENCE = ("patent_certificate", "high_tech_certificate", "honor_certificate",
            "cloud_platform_proof", "rd_expense_proof")

# Most specific first: "审计报告及财务报表" is a report, "高新技术企业证书" is not an honour.
_VOCABULARY: list[tuple[str, tuple[str, ...]]] = [
    (r"营业执照|执照", ("business_licence",)),
    (r"基本情况表|情况表|(?<!纳税)申报表|申请表|附件[一1](?!\d)", ("application_form",)),
    (r"承诺|附件[二2](?!\d)", ("commitment_letter",)),
    (r"审计", ("audit_report", "financial_statement")),
    (r"财务|(?<!申)报表|资产负债|利润表|损益|现金流量", FINANCIALS),
    (r"简介|概况|规划", ("company_profile",)),
    (r"照片|相片|图片|厂区概貌|厂貌", ("photo",)),
    (r"专利", ("patent_certificate",)),
    (r"高新", ("high_tech_certificate",)),
    (r"上云|云平台|云服务", ("cloud_platform_proof",)),
    (r"研发", ("rd_expense_proof",)),
    (r"荣誉|获奖|奖状|称号", ("honor_certificate",)),
    (r"佐证|证明材料|资质|证书", EVIDENCE),
]
_COMPILED = [(re.compile(pattern), types) for pattern, types in _VOCABULARY]


def hinted_types(source_file: str) -> tuple[str, ...]:
    """The page types a file's name allows, most likely first; () when it names none.

    >>> hinted_types("03-营业执照.png")
    ('business_licence',)
    >>> hinted_types("02-财务报表.pdf")
    ('financial_statement', 'audit_report')
    >>> hinted_types("scan_001.jpg"), hinted_types("hy2020-0007.pdf")
    ((), ())
    """
    stem = unicodedata.normalize("NFKC", PurePath(source_file).stem)
    for rx, types in _COMPILED:
        if rx.search(stem):
            return types
    return ()
