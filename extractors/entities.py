"""Entity rules on a blank Chinese spaCy pipeline: organisations, authorities, money, dates.

The blank `zh` pipeline segments by character (no jieba/pkuseg, nothing to
download), so the rules are token patterns over characters. They beat a regex
where a name must start at a known place: a Chinese enterprise name is
行政区划 + 字号 + 行业 + 组织形式 (or 字号（行政区划）…), so "我公司（衡阳市恒通机械有限公司）"
gives the name without "我公司（" in front, which a suffix regex cannot tell apart.
Money and dates come from the normalisers' own patterns, as spans of the same doc.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from extractors.normalize.authority import BODIES, CITIES, COUNTIES, DISTRICTS, PROVINCE, ZONES
from extractors.normalize.dates import find_dates

ORG_SUFFIXES = ["股份有限公司", "有限责任公司", "有限公司", "会计师事务所有限公司", "会计师事务所（特殊普通合伙）",
                "会计师事务所（普通合伙）", "会计师事务所", "专业合作社", "合作社", "集团公司", "分公司"]
# Places a name may start with: the province (also without 省), Hunan's cities, Hengyang's counties and districts.
PLACES = sorted({PROVINCE, PROVINCE[:-1], *CITIES, *(c[:-1] for c in CITIES if len(c) > 3), *COUNTIES,
                 *(f"衡阳市{d}" for d in DISTRICTS), *DISTRICTS, *ZONES}, key=len, reverse=True)
_CJK = {"TEXT": {"REGEX": r"^[\u4e00-\u9fff]$"}}
_ORG_END = re.compile("|".join(sorted({suffix[-3:] for suffix in ORG_SUFFIXES})))
_MONEY = re.compile(r"(?:人民币)?(?:[0-9][0-9,，]*(?:\.\d+)?|[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+)\s*(?:亿元|万元|元)(?:人民币|整)?")


@dataclass(frozen=True)
class Entity:
    label: str  # ORG / GOV / MONEY / DATE
    text: str
    start: int  # character offsets in the text
    end: int


def _chars(word: str) -> list[dict]:
    return [{"TEXT": ch} for ch in word]


def _patterns() -> list[dict]:
    patterns = []
    for place in PLACES:
        for suffix in ORG_SUFFIXES:
            patterns.append({"label": "ORG", "pattern": _chars(place) + [dict(_CJK, OP="{2,14}")] + _chars(suffix)})
        for body in BODIES:
            patterns.append({"label": "GOV", "pattern": _chars(place) + _chars(body)})
    for suffix in ORG_SUFFIXES:  # 字号（行政区划）行业 + 组织形式
        for place in PLACES:
            patterns.append({"label": "ORG", "pattern": [dict(_CJK, OP="{2,8}")] + _chars(f"（{place}）")
                             + [dict(_CJK, OP="{0,10}")] + _chars(suffix)})
    return patterns


@Language.component("money_and_dates")
def _money_and_dates(doc: Doc) -> Doc:
    """MONEY and DATE spans from the normalisers' patterns, kept where no rule entity is."""
    spans = [doc.char_span(m.start(), m.end(), label="MONEY", alignment_mode="expand") for m in _MONEY.finditer(doc.text)]
    spans += [doc.char_span(s, e, label="DATE", alignment_mode="expand") for _, s, e in find_dates(doc.text)]
    doc.ents = filter_spans(list(doc.ents) + [s for s in spans if s is not None])
    return doc


@lru_cache(maxsize=1)
def pipeline() -> Language:
    nlp = spacy.blank("zh")  # character segmenter: no model download
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(_patterns())
    nlp.add_pipe("money_and_dates")
    return nlp


def entities(text: str) -> list[Entity]:
    """Entities in `text` (brackets as the registrations write them, full-width), in order.

    >>> [(e.label, e.text) for e in entities("我公司（衡阳市恒通机械有限公司）郑重承诺，注册资本500万元")]
    [('ORG', '衡阳市恒通机械有限公司'), ('MONEY', '500万元')]
    >>> [(e.label, e.text) for e in entities("登记机关 衡东县市场监督管理局 2019年03月07日")]
    [('GOV', '衡东县市场监督管理局'), ('DATE', '2019年03月07日')]
    """
    text = text.replace("(", "（").replace(")", "）")
    doc = pipeline()(text)
    return [Entity(e.label_, e.text, e.start_char, e.end_char) for e in doc.ents]


def organisations(text: str) -> list[str]:
    """Enterprise names in `text`, longest reading of each."""
    if not _ORG_END.search(text):
        return []  # no name can end here: the matcher is slow on long lines, spare it
    return [e.text for e in entities(text) if e.label == "ORG"]
