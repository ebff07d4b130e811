"""How well the text read from a seal matches a company name: fuzzy, OCR-error tolerant.

The seal text is compared after NFKC, without punctuation and without the
seal-type words (财务专用章, 合同专用章, 公章 …) that are not part of the name.
Characters OCR confuses on seals (worn strokes, curved baselines) are folded
to one representative first. A reading cut off at either end of the arc
counts in proportion to how much of the name it covers, and a reading that
starts in the wrong place round the ring (…公司衡阳市…) is rotated back.
Region and legal form alone never make a match; a character of the trade name
(字号) read in its place buys some tolerance for a lost legal form and a
garbled rest of the name, and a reading with the place but not a character of
the trade name is another company of the same trade (耒阳市华德机械制造). A
reading naming a known place that is not in the company's name is another
company, whatever its trade name: a trade name is unique only within one
registering authority (耒阳市恒通机械制造 is no reading of 衡阳市恒通机械制造).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from extractors.normalize.places import GAZETTEER

_SEAL_WORDS = re.compile(
    r"(合同|财务|发票|业务|行政|人事|报关|税务|法人|法定代表人|检验|质量|技术|资质)?专用章"
    r"|[财务合同发票]{0,2}专用.?$|公章|印章|之印|[★☆*•·]")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)

# Groups of characters seal OCR mixes up; each folds to its first member. Only
# glyphs that are one another's look-alikes share a group (宇 is like 字, 字 is not
# like 宁): a group equates all its members, and 宁通 and 宇通 are two companies.
_CONFUSABLE_GROUPS = (
    "未末耒来", "己已巳", "人入八", "土士工", "日曰目", "市巿币", "司可同", "限很", "责贵", "任仕",
    "技枝拔", "科料", "材村", "业亚", "县具", "新亲", "宁守", "宇字", "州川", "省看", "厅斤", "局届",
    "监蓝", "管菅营", "理埋", "备各务", "制利副", "造遣", "机杌", "源原", "生牛", "通遇", "光兴",
    "德徳", "汽气", "车东", "件伴", "天夫无元", "职识", "计汁", "师帅", "事争", "合台", "华毕",
    "股般殷", "份分", "阳阴", "南商", "湘相", "衡衙街", "械诫", "电屯", "易昜", "恒桓", "鑫鑫",
    "泰秦", "宏宠", "达这", "锦锡", "润洞", "丰韦", "瑞端", "盛感", "顺须", "安女", "长张", "流波", "金全",
)
_FOLD = {ch: group[0] for group in _CONFUSABLE_GROUPS for ch in group[1:]}


# Places a seal may name first, folded as readings are.
_PLACES = frozenset("".join(_FOLD.get(ch, ch) for ch in place) for place in GAZETTEER)
_PLACE_HEADS = frozenset(place[:2] for place in _PLACES)


def comparable_name(name: Optional[str]) -> str:
    """NFKC, no punctuation/whitespace/brackets, no seal-type words."""
    s = unicodedata.normalize("NFKC", name or "")
    s = _SEAL_WORDS.sub("", s)
    return _PUNCT.sub("", s)


def fold(text: str) -> str:
    return "".join(_FOLD.get(ch, ch) for ch in text)


def _score(a: str, b: str) -> float:
    full = fuzz.ratio(a, b) / 100.0
    partial = fuzz.partial_ratio(a, b) / 100.0
    coverage = min(1.0, len(a) / len(b))
    return max(full, partial * coverage)


_LEGAL_FORM = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团|分公司|公司|总厂|厂|合作社|事务所|研究院|研究所)+$")
_REGION = re.compile(r"^(中国|湖南省?|[^省市县区]{1,4}省)?([^市县区]{1,3}[市州])?([^县区]{1,3}[县区])?")


def core_name(name: str) -> str:
    """The distinctive part of a company name: no region prefix, no legal form.

    衡阳市恒通机械制造有限公司 -> 恒通机械制造. Two companies of one town share
    the rest, so the rest alone must not make a match.
    """
    core = _LEGAL_FORM.sub("", name)
    stripped = _REGION.sub("", core, count=1)
    return stripped if len(stripped) >= 2 else core


def company_similarity(seal_text: Optional[str], company_name: Optional[str]) -> float:
    """0-1 similarity between the text read from a seal and the company name.

    Seal text often carries extra words or loses a character at the ends, so a
    partial alignment counts, but only in proportion to how much of the name it
    covers (so "有限公司" alone does not match every company). Region and legal
    form are shared by many companies: without the distinctive core in the
    reading the similarity stays below a match. Where the reading holds the
    trade name (字号) in its place, a lost legal form and a garbled rest of the
    core are forgiven a little.
    """
    a, b = fold(comparable_name(seal_text)), fold(comparable_name(company_name))
    if not a or not b:
        return 0.0
    best, turned = _aligned(a, b)
    core = core_name(b)
    if len(core) < 2 or core == b:
        return round(min(1.0, best), 3)
    trade_read = len(core) >= 3 and _trade_read(a, b, core)
    if trade_read:
        # The end of the arc (有限责任公司) lost, faded or hidden under print.
        bare = _LEGAL_FORM.sub("", b)
        if len(bare) >= 4 and bare != b:
            best = max(best, _aligned(a, bare)[0] - 0.05)
    core_sim = fuzz.partial_ratio(core, a + a) / 100.0
    best = min(best, 0.4 + 0.6 * core_sim if trade_read else 0.3 + 0.7 * core_sim)
    slot = _trade_slot(turned, core)
    if _other_place(turned, b):
        # Another authority's company, even of the same trade name (耒阳市恒通机械制造
        # is no reading of 衡阳市恒通机械制造): a misread place is seldom another real one.
        best = min(best, OTHER_TRADE)
    if slot is not None and not any(ch in turned for ch in core[:2]):
        # The place was read and the trade name was not. Characters where it belongs are
        # another company's trade name, sharing industry words and legal form (耒阳市华德机械制造
        # is no reading of 衡阳市恒通机械制造); none there, it was lost (faded, under a
        # signature): the seal may well be the company's, but the reading cannot tell.
        best = min(best, OTHER_TRADE if slot else TRADE_LOST)
    return round(min(1.0, best), 3)


OTHER_TRADE = 0.5  # another trade name read in the place of the company's
TRADE_LOST = 0.55  # the trade name's place read empty: below a match (0.6), not a different company


def trade_name_lost(seal_text: Optional[str], company_name: Optional[str]) -> bool:
    """Whether the reading is the company's name with just its trade name gone: the company's own
    place, then the rest of its name after the trade name ("衡阳市机械制造有限公司" for
    衡阳市恒通机械制造有限公司), one character off at most. No evidence either way; another
    place, trade or kind of body (衡南县…, …行业协会, …研究所) is evidence against.

    >>> trade_name_lost("衡阳市机械制造有限公司", "衡阳市恒通机械制造有限公司"), trade_name_lost("衡阳市纺织有限公司", "衡阳市金百合纺织有限公司")
    (True, True)
    >>> trade_name_lost("衡南县机械制造有限公司", "衡阳市恒通机械制造有限公司"), trade_name_lost("衡阳市机械制造行业协会", "衡阳市恒通机械制造有限公司")
    (False, False)
    """
    a, b = fold(comparable_name(seal_text)), fold(comparable_name(company_name))
    place = _REGION.match(b).group(0) if b else ""
    turned = _aligned(a, b)[1] if a else ""
    if not place or not turned.startswith(place):
        return False
    rest, read = b[len(place):], turned[len(place):]
    cuts = range(TRADE_CHARS[0], min(TRADE_CHARS[1], len(rest) - 2) + 1)
    return len(read) >= 2 and any(Levenshtein.distance(read, rest[k:]) <= 1 for k in cuts)


TRADE_CHARS = (2, 4)  # a trade name (字号) is two to four characters


def _trade_slot(reading: str, core: str) -> Optional[str]:
    """What the reading (turned to start where the name does) holds between its place and the
    rest of the company's core (its industry words), where the trade name sits; None where no
    place was read, or the core has no rest to find."""
    place = _REGION.match(reading).group(0)
    rest = core[2:]
    if not place or not rest:
        return None
    after = _LEGAL_FORM.sub("", reading[len(place):])
    at = after.find(rest[:2])
    return after[:at] if at >= 0 else after


def _other_place(reading: str, name: str) -> bool:
    """Whether the reading's place (its most local one: 衡南县 of 衡阳市衡南县) is a known
    place that the name does not hold (珠晖区 is 衡阳市珠晖区…'s own); a reading whose
    place lost its 县 or 市 counts by the place's first two characters (衡山晟盛… is 衡山县's)."""
    place = next((p for p in reversed(_REGION.match(reading).groups()) if p), "")
    if place:
        return place in _PLACES and place not in name
    head = reading[:2]
    return head in _PLACE_HEADS and head not in name


def _aligned(a: str, b: str) -> tuple[float, str]:
    """`_score` and the reading it was reached with, also with the reading turned round the ring
    (unrolled from the wrong place, the name wraps around: …公司衡阳市…)."""
    best = (_score(a, b), a)
    if best[0] < 0.95 and len(a) >= 4:
        for k in range(1, len(a)):
            turned = a[k:] + a[:k]
            best = max(best, (_score(turned, b) - 0.02, turned), key=lambda sc: sc[0])
    return best


def _trade_read(a: str, b: str, core: str) -> bool:
    """Whether the reading holds the name's own trade name: a character of it in
    its place, next to the same neighbour as in the name (县通, 海化), not just
    anywhere (the 监 of 监督管理局 is no 金蓝's 蓝, though the two fold alike),
    and at least half of the rest of the core too (衡阳市恒通物流 or 恒通机电 is a
    sister company of 衡阳市恒通机械制造, not a misreading of it)."""
    trade, rest = core[:2], core[2:]
    i = b.find(trade)
    pairs = {b[k:k + 2] for k in range(max(0, i - 1), i + len(trade))}
    in_place = any(len(p) == 2 and p in a + a for p in pairs)
    return in_place and 2 * sum(ch in a for ch in rest) >= len(rest) > 0
