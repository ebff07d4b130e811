"""Enterprise types (类型 on the business licence): an OCR reading snapped to the registration
vocabulary, so that a lost enumeration comma or a misread glyph does not make a new type.

The vocabulary is the market-entity types a licence prints (市场主体类型), the companies
first. A reading nothing in it comes close to is kept as read: a rarer type is still a type.
"""
from __future__ import annotations

import re

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

COMPANY_TYPES: tuple[str, ...] = (
    "有限责任公司（自然人投资或控股）",
    "有限责任公司（自然人独资）",
    "有限责任公司（自然人投资或控股的法人独资）",
    "有限责任公司（非自然人投资或控股的法人独资）",
    "有限责任公司（法人独资）",
    "有限责任公司（国有独资）",
    "有限责任公司（国有控股）",
    "有限责任公司（外商投资企业法人独资）",
    "有限责任公司（外商投资、非独资）",
    "有限责任公司（外国法人独资）",
    "有限责任公司（台港澳法人独资）",
    "有限责任公司（台港澳与境内合资）",
    "有限责任公司（中外合资）",
    "有限责任公司分公司（自然人投资或控股）",
    "其他有限责任公司",
    "股份有限公司（非上市、自然人投资或控股）",
    "股份有限公司（非上市、国有控股）",
    "股份有限公司（非上市）",
    "股份有限公司（上市、自然人投资或控股）",
    "股份有限公司（上市、国有控股）",
    "股份有限公司（上市）",
    "其他股份有限公司（非上市）",
    "其他股份有限公司（上市）",
    "股份有限公司分公司（非上市）",
    "个人独资企业",
    "普通合伙企业",
    "有限合伙企业",
    "农民专业合作社",
    "全民所有制",
    "集体所有制",
    "股份合作制",
    "个体工商户",
)
# A type's words without its brackets and commas (the parts OCR loses or swaps for look-alikes).
_KEYS = [re.sub(r"[^\u4e00-\u9fff]", "", t) for t in COMPANY_TYPES]
MIN_SIMILARITY = 0.85  # one glyph wrong in a key of ten and more; 上市 against 非上市 stays apart in a key of nine


def canonical_company_type(reading: str) -> str:
    """The vocabulary's spelling of the type read, or the reading when none is close.

    >>> canonical_company_type("股份有限公司(非上市·自然人投资或控股)")
    '股份有限公司（非上市、自然人投资或控股）'
    >>> canonical_company_type("股份有限公司（非上市自然人投资或控股）")
    '股份有限公司（非上市、自然人投资或控股）'
    >>> canonical_company_type("有限责任公司（自然人投资或控般）")
    '有限责任公司（自然人投资或控股）'
    >>> canonical_company_type("股份有限公司（上市）")
    '股份有限公司（上市）'
    >>> canonical_company_type("合伙企业（外商投资）")
    '合伙企业（外商投资）'
    """
    key = re.sub(r"[^\u4e00-\u9fff]", "", reading)
    ranked = process.extract(key, _KEYS, scorer=Levenshtein.normalized_similarity, limit=2)
    if not ranked or ranked[0][1] < MIN_SIMILARITY:
        return reading
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return reading  # two types as close: the reading cannot say which
    return COMPANY_TYPES[ranked[0][2]]
