"""Registration authorities (登记机关): an OCR-read name snapped to a real one.

A licence names its authority only in the red seal (or a line beside it), and seal
text comes out of the OCR with a wrong character or two ("常宁贸市场监督管理局").
Authorities are a closed set: a place (GB/T 2260 division) plus the body's name, so
the read text is matched against that set instead of being trusted as is.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from extractors.normalize.text import compact_text

PROVINCE = "湖南省"
# Hunan's prefecture-level divisions; the programme's city comes first.
CITIES = ["衡阳市", "长沙市", "株洲市", "湘潭市", "邵阳市", "岳阳市", "常德市", "张家界市", "益阳市",
          "郴州市", "永州市", "怀化市", "娄底市", "湘西土家族苗族自治州"]
# Hengyang's county-level divisions: districts are written after the city, counties alone.
DISTRICTS = ["珠晖区", "雁峰区", "石鼓区", "蒸湘区", "南岳区"]
COUNTIES = ["衡阳县", "衡南县", "衡山县", "衡东县", "祁东县", "耒阳市", "常宁市"]
ZONES = ["衡阳高新技术产业开发区", "衡阳市高新技术产业开发区", "衡阳松木经济开发区", "衡阳白沙洲工业园区"]
BODIES = ["市场监督管理局", "工商行政管理局", "市场和质量监督管理局", "行政审批服务局"]
# GB/T 2260 codes of those divisions: characters 3-8 of a USCC are its registering
# authority's division (GB 32100-2015), which settles a seal read as "…县市场监督管理局".
DIVISION_CODES = {"430000": PROVINCE, "430400": "衡阳市", "430405": "衡阳市珠晖区", "430406": "衡阳市雁峰区",
                  "430407": "衡阳市石鼓区", "430408": "衡阳市蒸湘区", "430412": "衡阳市南岳区", "430421": "衡阳县",
                  "430422": "衡南县", "430423": "衡山县", "430424": "衡东县", "430426": "祁东县", "430481": "耒阳市",
                  "430482": "常宁市"}

NEAR_MARGIN = 15.0  # how much poorer a reading may be when the USCC's own division agrees with it
BODY = re.compile("|".join(BODIES))
# A read authority name: a place of 2-16 characters and one of the bodies.
AUTHORITY = re.compile(rf"([\u4e00-\u9fff]{{2,16}}?(?:{'|'.join(BODIES)}))")


@lru_cache(maxsize=1)
def authorities() -> tuple[str, ...]:
    """Every authority name the matcher knows."""
    places = [PROVINCE, *CITIES, *COUNTIES, *ZONES, *(f"衡阳市{d}" for d in DISTRICTS)]
    return tuple(p + b for p in places for b in BODIES)


def canonical_authority(text: str | None, min_score: float = 85.0, uscc: str | None = None) -> str | None:
    """The known authority closest to `text`, or the text's own authority name when
    it is none of them (another province's) but reads cleanly; None when nothing
    fits or two authorities fit equally well.

    >>> canonical_authority("常宁贸市场监督管理局"), canonical_authority("登记机关衡阳市市场监督管理局")
    ('常宁市市场监督管理局', '衡阳市市场监督管理局')
    >>> canonical_authority("衡东县市场监督管理"), canonical_authority("广州市天河区市场监督管理局")
    ('衡东县市场监督管理局', '广州市天河区市场监督管理局')
    >>> canonical_authority("国家市场监督管理总局监制") is None, canonical_authority("有限公司") is None
    (True, True)
    >>> canonical_authority("场监督管理局2061衡阳市市"), canonical_authority("日市市场监督管理局衡")  # seal rings
    ('衡阳市市场监督管理局', '衡阳市市场监督管理局')
    >>> canonical_authority("县市场监督管理局衡") is None  # 衡山县, 衡东县, 衡南县 or 衡阳县: not to be guessed
    True
    >>> canonical_authority("县市场监督管理局衡", uscc="914304236622287659")  # ... unless the USCC says which
    '衡山县市场监督管理局'
    >>> canonical_authority("南县场监督管理局"), canonical_authority("南县场监督管理局", uscc="91430422188249384K")
    (None, '衡南县市场监督管理局')
    >>> canonical_authority("市币场监督管理局·衡阳")
    '衡阳市市场监督管理局'
    >>> canonical_authority("南场监督管理局衡医市", uscc="91430406MA4230KG0T")  # a district's company, the city's bureau
    '衡阳市市场监督管理局'
    >>> canonical_authority("恭阳市场监替管理局", uscc="91430481798180898D")
    '耒阳市市场监督管理局'
    >>> canonical_authority("市场监督管理", uscc="914304266605535084"), canonical_authority("市场监督管理")
    ('祁东县市场监督管理局', None)
    >>> canonical_authority("朱阳市市场监督管理局", uscc="91430481MA4UK5A16Y")  # 耒阳市 and 衡阳市 tie
    '耒阳市市场监督管理局'
    """
    if not text:
        return None
    t = compact_text(text)
    if "总局" in t or not re.search(r"监督|管理|工商|审批", t):
        return None  # 国家市场监督管理总局监制 is the licence's printer, not its authority
    m = AUTHORITY.search(t)
    readings = [m.group(1) if m else t]
    chars = "".join(re.findall(r"[\u4e00-\u9fff]", t))
    if not m or not t.endswith(m.group(1)):
        # Seal ring text, read from the wrong starting angle and with its serial number:
        # every rotation of its characters is a reading.
        readings += [chars[i:] + chars[:i] for i in range(len(chars))]
    scored = sorted({(s, name) for r in readings for name, s in _closest(r)}, reverse=True)
    places = _registering_places(uscc)
    if scored and scored[0][0] >= min_score:
        top = [name for s, name in scored if s == scored[0][0]]
        for place in places:  # a tie ("朱阳市…": 耒阳市 or 衡阳市) goes to the USCC's own division, then its city
            if len(top) > 1 and any(_at(name, place) for name in top):
                top = [name for name in top if _at(name, place)]
        return top[0] if len(top) == 1 else None
    for place in places:  # a poorer reading ("南县场监督管理局") that the USCC's division agrees with, its own first
        near = [name for s, name in scored if s >= min_score - NEAR_MARGIN and _at(name, place)]
        if near:
            return near[0]
    body = _body_alone(chars)
    if body and places:  # GB 32100: characters 3-8 of the USCC are the registering authority's division
        return places[0] + body
    if m and t.endswith(m.group(1)) and re.search(r"[省市县区州旗]" + f"(?:{BODY.pattern})$", m.group(1)):
        return m.group(1)  # an authority the list does not hold, read cleanly
    return None


def authority_of_division(uscc: str | None) -> str | None:
    """The authority the USCC names when nothing on the licence can be read: characters 3-8
    are the registering authority's division (GB 32100-2015). A city district's companies
    are registered by the city's bureau, whose district offices are its branches (分局); the
    body is 市场监督管理局, which took over 工商 registration in the 2018 reform.

    >>> authority_of_division("91430481MA4UK5A16Y"), authority_of_division("91430407735399876Y")
    ('耒阳市市场监督管理局', '衡阳市市场监督管理局')
    >>> authority_of_division("91440101MA59ABCD1X") is None, authority_of_division(None) is None
    (True, True)
    """
    places = _registering_places(uscc)
    if not places:
        return None
    district = uscc[6:8].isdigit() and 1 <= int(uscc[6:8]) <= 20  # GB/T 2260: 01-20 are a city's districts
    return (places[-1] if district else places[0]) + BODIES[0]


def _body_alone(chars: str) -> str | None:
    """The body's name when a seal reading holds nothing else worth matching ("市场监督管理")."""
    scored = [(_similarity(chars, body), body) for body in BODIES]
    score, body = max(scored)
    return body if score >= 80.0 else None


def _registering_places(uscc: str | None) -> list[str]:
    """Where the USCC says the company was registered: its division, and the city above a
    district or county (a city bureau registers companies of its districts too)."""
    if not uscc or len(uscc) != 18:
        return []
    code = uscc[2:8]
    places = [DIVISION_CODES[c] for c in (code, code[:4] + "00") if c in DIVISION_CODES]
    return list(dict.fromkeys(places))


def _at(name: str, place: str) -> bool:
    """`name` is an authority of exactly `place` (衡阳市…, not 衡阳市珠晖区…)."""
    return name.startswith(place) and name[len(place):] in BODIES


def _closest(reading: str) -> list[tuple[str, float]]:
    """Known authorities scored against a reading, also against its tail of the same
    length (leading noise: "登记机关衡阳…")."""
    out = []
    for name in authorities():
        score = _similarity(reading, name)
        if len(reading) > len(name):
            score = max(score, _similarity(reading[-len(name):], name))
        out.append((name, score))
    return out


def _similarity(a: str, b: str) -> float:
    """Edit similarity in percent, a substitution counting once: OCR misreads a character
    more often than it drops one ("衡阳市币场…" is one step from 衡阳市, two from 衡阳县)."""
    return 100.0 * Levenshtein.normalized_similarity(a, b)
