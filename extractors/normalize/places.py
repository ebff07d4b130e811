"""Place names the OCR misread by one look-alike glyph: 街阳市 for 衡阳市, 来阳市 for 耒阳市,
街阳分公司 for a branch's 衡阳分公司, 街审字 for the 衡 heading a document number.

PP-OCR reads 衡 as 街 or 衔 and 耒 as 来 or 未 often enough to cost addresses,
company names and legal representatives' places alike. A misreading is put right
only where it spells a place of the gazetteer (with its 省/市/县/区) and is no
place itself, so a name that merely contains 街 or 来 is left as it is.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.normalize.authority import CITIES, COUNTIES, DISTRICTS, PROVINCE

# Glyphs PP-OCR takes for the gazetteer's own (measured on generated scans and photos).
LOOKALIKES = {"衡": "街衔銜", "耒": "来未末"}
# 衡州, Hengyang's old name, still names its roads (衡州大道): put right only before a road word,
# since a misreading of it spans two words as often ("步行街州际酒店").
OLD_NAMES = ["衡州"]
_ROAD_AFTER = "(?=[东西南北中]?(?:大道|大街|路|街))"  # 衡州大道, 衡州西路
GAZETTEER = [PROVINCE, *CITIES, *COUNTIES, *DISTRICTS]
# A branch is named by its place without 市 or 县 ("中国电信股份有限公司衡阳分公司"): the bare name put
# right only between its firm (or a label), maybe a space apart, and a branch word, since alone it
# spans two words as often ("步行街阳光小区", "步行街东支行" or "…步行 / 街东支行": a street's branch).
STEMS = sorted({place[:-1] for place in [*CITIES, *COUNTIES] if place[-1] in "市县" and len(place) > 2})
_BRANCH_BEFORE = r"(?:(?<=公司)|(?<=银行)|(?<=农商行)|(?<=[:：]))\s*"
_BRANCH_AFTER = "(?=(?:分公司|支公司|分行|支行|分所|营业部))"
# The city's one-character name heads a firm's document numbers ("湘职衡审字〔2018〕450号"): 街 there
# is its misreading, since no place is called 街.
_NUMBER_AFTER = "(?=(?:审|验|评|专审)字)"
ABBREVIATIONS = ["衡"]


def _variants(places: list[str], real: set[str]) -> dict[str, str]:
    """Each place's spellings with one glyph misread that are no place themselves, to the place."""
    wrong: dict[str, str] = {}
    for place in places:
        for i, ch in enumerate(place):
            for look in LOOKALIKES.get(ch, ""):
                variant = place[:i] + look + place[i + 1:]
                if variant not in real:
                    wrong[variant] = place
    return wrong


@lru_cache(maxsize=1)
def _misreadings() -> tuple[re.Pattern, dict[str, str]]:
    real = {*GAZETTEER, *OLD_NAMES, *STEMS}
    places, old, stems = _variants(GAZETTEER, real), _variants(OLD_NAMES, real), _variants(STEMS, real)
    short = _variants(ABBREVIATIONS, set())
    alternatives = [*sorted(places, key=len, reverse=True), *(v + _ROAD_AFTER for v in old),
                    *(_BRANCH_BEFORE + v + _BRANCH_AFTER for v in stems), *(v + _NUMBER_AFTER for v in short)]
    return re.compile("|".join(alternatives)), {**places, **old, **stems, **short}


def repair_places(text: str) -> str:
    """The text with misread place names of the gazetteer put right.

    >>> repair_places("湖南省街阳市街东县街州大道218号"), repair_places("来阳市华力新材料有限责任公司"), repair_places("衔州西路8号")
    ('湖南省衡阳市衡东县衡州大道218号', '耒阳市华力新材料有限责任公司', '衡州西路8号')
    >>> repair_places("步行街阳光小区"), repair_places("未来科技有限公司"), repair_places("步行街州际酒店")
    ('步行街阳光小区', '未来科技有限公司', '步行街州际酒店')
    >>> repair_places("中国电信股份有限公司街阳分公司"), repair_places("中国银行来阳支行"), repair_places("湘职街审字〔2018〕450号")
    ('中国电信股份有限公司衡阳分公司', '中国银行耒阳支行', '湘职衡审字〔2018〕450号')
    >>> repair_places("中国银行 街阳分行"), repair_places("农商行街南支行"), repair_places("建设银行衡阳步行 街东支行")
    ('中国银行 衡阳分行', '农商行衡南支行', '建设银行衡阳步行 街东支行')
    """
    pattern, wrong = _misreadings()
    text = pattern.sub(_put_right, text) if pattern.search(text) else text
    return _CITY_DISTRICT.sub(_district, text) if "区" in text else text


def _put_right(m: re.Match) -> str:
    """The misread place matched, the space before it (a branch's) kept."""
    read = m.group(0).lstrip()
    return m.group(0)[:len(m.group(0)) - len(read)] + _misreadings()[1][read]


# A district right after its city's name ("衡阳市荔湘区" for 衡阳市蒸湘区): the city's districts differ
# from each other in two glyphs or more, so a reading one glyph off any glyph names only one of them.
_CITY_DISTRICT = re.compile(r"(?<=衡阳市)[\u4e00-\u9fff]{2}区")


def _district(m: re.Match) -> str:
    """The district one glyph off the reading, or the reading (a district itself, or none near).

    >>> repair_places("湖南省衡阳市荔湘区解放大道187号"), repair_places("衡阳市高新区")
    ('湖南省衡阳市蒸湘区解放大道187号', '衡阳市高新区')
    """
    read = m.group(0)
    near = [d for d in DISTRICTS if len(d) == len(read) and sum(a != b for a, b in zip(d, read)) == 1]
    return near[0] if len(near) == 1 else read
