"""营业执照 fields (spec §3), for the old single-column and the 2019 two-column layouts."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from difflib import SequenceMatcher
from typing import Sequence

from rapidfuzz.distance.Levenshtein import normalized_similarity as _similarity

from extractors.fields.common import date_field, extract_uscc, has_date, name_field
from extractors.fields.locate import (Box, Hit, LabelMatch, continuation, find_labels, find_value, height,
                                      joined_at_cut, line_hit, same_row, union)
from extractors.entities import organisations
from extractors.normalize.authority import canonical_authority
from extractors.normalize.company_type import COMPANY_TYPES, canonical_company_type
from extractors.normalize.dates import DAY_UNENDED, find_damaged_date, find_dates
from extractors.normalize.money import parse_money
from extractors.normalize.names import complete_legal_form
from extractors.normalize.text import cjk_punctuation, compact_text
from extractors.text import PageText
from models.record import Field

# The widely spaced two-character labels: the OCR may read the gap between them as a dot ("名．称").
_GAP = r"[.·・]?"
# A spaced label's head may be lost to the OCR: "称：" alone in its box is still the name's label.
NAME = [rf"名{_GAP}称", r"企业名称", r"商事主体名称", r"称(?=[:：]|$)"]
TYPE = [rf"类{_GAP}型", r"主?体类型", r"企?业类型", r"组成形式"]
LEGAL_REP = [r"法定代表人", r"负责人", r"经营者", r"执行事务合伙人", r"投资人", r"首席代表"]
# A spaced 注 册 资 本 may lose its head ("册资本") or have its 资 misread ("注册请本"): its value is
# still money, which no other label's is.
CAPITAL = [r"注?册资本", r"注?册资金", r"出资额", r"出资总额", r"资金数额", r"注册[\u4e00-\u9fff]本"]
# A spaced label may lose its first character to the OCR ("立日期2014年…", "、营范围…").
ESTABLISHED = [r"成?立日期", r"注?册日期"]
TERM = [r"营?业期限", r"经?营期限", r"合伙期限"]
# 住所 with its 住 misread ("生所") in a box of its own: no other label is a glyph and 所 alone.
ADDRESS = [rf"住{_GAP}所", r"主要经营场所", r"经营场所", r"营业场所", r"住址", r"[\u4e00-\u9fff]所(?=[:：]?$)"]
SCOPE = [r"经?营范[围圍圈囲图国]", r"业务范[围圍圈囲图国]"]
AUTHORITY = [r"登?记机关"]  # 登 is often under the seal
OTHER = [r"统一社会信用代码", r"社会信用代码", r"证照编号", r"注册号", r"编号"]

ALL_LABELS = NAME + TYPE + LEGAL_REP + CAPITAL + ESTABLISHED + TERM + ADDRESS + SCOPE + AUTHORITY + OTHER

_SCOPE_END = re.compile(r"(方可开展经营活动|依法自主开展经营活动)[)）]?[。.]?$")
# Lines that end a value: the licence's footer, and the applicant's "true copy" note
# (red, but kept by a greyscale copy) written over the fields.
_FOOTER = re.compile(r"国家企业信用信息公示系统|gsxt|市场主体应当|监制|年度报告|登记机关|与原件|原件[一相]|仅供")


def _nonempty(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fffA-Za-z0-9]", text))


def extract(pages: Sequence[PageText]) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    uscc = extract_uscc(pages)
    if uscc is not None:
        fields["uscc"] = uscc
    for page in pages:
        _extract_page(page, fields)
    return fields


def issue_date_unread(page: PageText) -> bool:
    """The licence page yields no issue date, or one its row cut short: its date row is worth a
    second reading (a date before the establishment or in the future is no issue date either)."""
    issued = extract([page]).get("issue_date")
    return issued is None or bool(DAY_UNENDED.search(compact_text(issued.raw or "")))


def _set(fields: dict[str, Field], key: str, value: Field | None) -> None:
    if value is not None and key not in fields:
        fields[key] = value


def _extract_page(page: PageText, fields: dict[str, Field]) -> None:
    stop = ALL_LABELS

    hit = find_value(page, NAME, stop, accept=_nonempty)
    _set(fields, "company_name", name_field(hit) or _unlabelled_name(page))

    hit = find_value(page, TYPE, stop, accept=_nonempty)
    if hit:
        if hit.text.count("(") + hit.text.count("（") > hit.text.count(")") + hit.text.count("）"):
            hit = continuation(page, hit, stop, max_lines=1)  # "股份有限公司（非上市、自然人" / "投资或控股）"
        _set(fields, "company_type", hit.field(canonical_company_type(cjk_punctuation(hit.text))))
    else:
        _set(fields, "company_type", _unlabelled_type(page))

    hit = find_value(page, LEGAL_REP, stop, accept=lambda s: bool(re.search(r"[\u4e00-\u9fffA-Za-z]", s)))
    if hit:
        _set(fields, "legal_representative", hit.field(hit.text))

    hit = find_value(page, CAPITAL, stop, accept=lambda s: parse_money(s) is not None)
    if hit:
        _set(fields, "registered_capital", hit.field(_number(parse_money(hit.text))))

    _set(fields, "established_date", date_field(find_value(page, ESTABLISHED, stop, accept=has_date)))

    hit = find_value(page, TERM, stop, accept=lambda s: has_date(s) or "长期" in s or "永久" in s)
    if hit:
        hit = _complete_term(page, hit)
        _set(fields, "business_term", hit.field(_term(hit.text)))

    scope_lines: set[str] = set()
    hit = find_value(page, SCOPE, stop, accept=_nonempty)
    if hit:
        if not _SCOPE_END.search(hit.text):
            hit = _scope_end(continuation(page, hit, stop, max_lines=25, stop=lambda t: bool(_FOOTER.search(t))))
            hit = _comma_lost_at_wraps(hit)
        scope_lines = set(hit.raw.split("\n")[1:])  # its wrapped lines, as the address may meet them
        text = hit.text
        # Items of a business scope are separated by "；"; OCR often reads it as "："
        # (a colon never separates scope items), so the colon is put back.
        scope = _standard_ending(cjk_punctuation(text)).replace("：", "；")
        items = [_open_bracket(item) for item in _items(_ENUMERATION_DOT.sub("、", scope))]
        standard = "；".join(_standard_item(item) for item in items)
        # Any mark put back or item written out is our reading, not the page's print.
        _set(fields, "business_scope", hit.field(standard, 1.0 if standard == scope else STANDARD_WRITTEN))

    hit = find_value(page, ADDRESS, stop, accept=_nonempty)
    if hit:
        # On a two-column licence the scope's wrapped lines run under the address's cell: they
        # end the address, as the footer and a date line do.
        hit = continuation(page, hit, stop, max_lines=2,
                           stop=lambda t: bool(_FOOTER.search(t)) or has_date(t) or t in scope_lines)
        _set(fields, "address", hit.field(_address(cjk_punctuation(hit.text))))

    _authority_and_issue_date(page, fields)


UNLABELLED_QUALITY = 0.7  # a type or a name known by its wording alone, its label lost


def _unlabelled_name(page: PageText) -> Field | None:
    """A line that is nothing but an enterprise name ("常宁市拓衡电子科技有限责任公", its 名称 label
    and the 司 lost): on a licence no other line names an enterprise whole."""
    for i, line in enumerate(page.lines):
        text = complete_legal_form(compact_text(line.text)).replace("(", "（").replace(")", "）")
        if any(name == text for name in organisations(text)):
            return line_hit(page, i).field(text, UNLABELLED_QUALITY)
    return None


def _unlabelled_type(page: PageText) -> Field | None:
    """A line that is nothing but a registered type ("股份有限公司（非上市）"): its 类型 label the
    OCR lost, the type is still known by its wording."""
    for i, line in enumerate(page.lines):
        hit = line_hit(page, i)
        if hit.text.count("(") + hit.text.count("（") > hit.text.count(")") + hit.text.count("）"):
            hit = continuation(page, hit, ALL_LABELS, max_lines=1)  # "股份有限公司（非上市、自然人投" / "资或控股"
        text = cjk_punctuation(compact_text(hit.text))
        if canonical_company_type(text) in COMPANY_TYPES:
            return hit.field(canonical_company_type(text), UNLABELLED_QUALITY)
    return None


# The line that ends a scope with its closing clause, a character of it misread ("升展经营活动").
_CLAUSE_LINE_END = re.compile(r"(?:批准|依法|自主).{0,12}经营活动[)）]?[。.]?$")
_MORE_ITEMS = re.compile(r"(?:许可|一般)(?:经营)?项目")  # a scope in blocks goes on after a block's clause


def _scope_end(hit: Hit) -> Hit:
    """The scope up to the line its closing clause ends: what the column holds under it is a
    seal's text or the copy's note, read in the same column ("机械制" | "有限公司")."""
    lines = hit.raw.split("\n")
    end = next((k for k, line in enumerate(lines) if _CLAUSE_LINE_END.search("".join(lines[max(0, k - 1):k + 1]))), None)
    if end is None or end == len(lines) - 1 or any(_MORE_ITEMS.search(line) for line in lines[end + 1:]):
        return hit
    kept = lines[:end + 1]
    return replace(hit, text="".join(kept), raw="\n".join(kept))  # the Hit keeps no box a line


_ITEM_BREAK = re.compile(r"[、；;：:，,。.·（(）)]")
ITEM_HEAD = 2  # characters of an item's head word ("技术")


def _comma_lost_at_wraps(hit: Hit) -> Hit:
    """The enumeration comma the OCR lost at the end of a wrapped line, where the next line opens
    an item with the same head word as the item the line ends ("技术咨询" | "技术服务…" for
    "技术开发、技术咨询、技术服务"): items of one enumeration repeat their head, one word never
    does across a wrap."""
    lines = hit.raw.split("\n")
    mended = list(lines)
    for k in range(len(lines) - 1):
        item = _ITEM_BREAK.split(lines[k])[-1]
        following = lines[k + 1][:ITEM_HEAD]
        if len(item) > ITEM_HEAD and item[:ITEM_HEAD] == following and not _ITEM_BREAK.search(following):
            mended[k] = lines[k] + "、"
    if mended == lines:
        return hit
    # Lines only come from continuation: the text is its lines joined.
    return replace(hit, text="".join(mended), raw="\n".join(mended))


STANDARD_ENDING = "（依法须经批准的项目，经相关部门批准后方可开展经营活动）"
_CLAUSE = "依法须经批准的项目经相关部门批准后方可开展经营活动"  # without its punctuation
CLAUSE_SIMILARITY = 0.75  # a clause read with a few characters wrong, its first four but one kept
CLAUSE_HEAD = 4
CLAUSE_HEAD_LOST = 2  # characters of the clause's head that may be lost with its bracket
# A few characters after the closing clause are another seal's text read with the scope
# (a 许可项目/一般项目 scope goes on with a whole block, which is kept).
_TRAILING_SCRAP = re.compile(r"(开展经营活动[)）]?)[^：:）)]{1,8}$")


def _standard_ending(scope: str) -> str:
    """The clause every licence's scope ends with, written out in full when the OCR kept
    enough of it (8+ characters of its head, of its end, or of both with the middle lost
    under a seal; a comma goes missing).

    >>> _standard_ending("系统集成。（依法须经批准的项目经相关部门批准后方可开展经营活动)")
    '系统集成。（依法须经批准的项目，经相关部门批准后方可开展经营活动）'
    >>> _standard_ending("进出口除外）目，经相关部门批准后方可开展经营活动）")
    '进出口除外）。（依法须经批准的项目，经相关部门批准后方可开展经营活动）'
    >>> _standard_ending("进出口除外）。（依法须经批准的项目，经相关部门批准后")
    '进出口除外）。（依法须经批准的项目，经相关部门批准后方可开展经营活动）'
    >>> _standard_ending("进出口除外）·（依法须经批准的项目，经相关部门批准后方可开展经营活动）")[:8]
    '进出口除外）。（'
    >>> _standard_ending("除外）°。（依法须经批准的项目，经相关部门批准后方可开展经营活动）")[:5]
    '除外）。（'
    >>> _standard_ending("除外）。°依法须经批准的项目，经相关部门批准后方可开展经营活动)")[:5]
    '除外）。（'
    >>> _standard_ending("除外）：（依法须经批准的项目，经相关部门批准后方可开展经营活动）")[:5]  # a colon never ends a scope
    '除外）。（'
    >>> _standard_ending("除外），（依法须经批准的项目，经相关部门批准后方可开展经营活动）")[:5]  # nor does a comma
    '除外）。（'
    >>> _standard_ending("除外）。（依法须经批准的项目活动）")
    '除外）。（依法须经批准的项目，经相关部门批准后方可开展经营活动）'
    >>> _standard_ending("除外）·（依法须经批准的项目，经租关部门批准店方可舞晨美经营活动）")  # garbled under a seal
    '除外）。（依法须经批准的项目，经相关部门批准后方可开展经营活动）'
    >>> _standard_ending("除外)。去须经批准的项目,经租关部门批准后方可开展经营活动)")  # its head lost with the bracket
    '除外)。（依法须经批准的项目，经相关部门批准后方可开展经营活动）'
    >>> _standard_ending("除外)。‘依法须经批准的项目,经相关部门批准后方可开展经营活动)")  # a speck read as a quote
    '除外)。（依法须经批准的项目，经相关部门批准后方可开展经营活动）'
    >>> _standard_ending("除外）。（依去须怪批准的项目，经相关部门批准后方可开展经营活动）")  # its head misread
    '除外）。（依法须经批准的项目，经相关部门批准后方可开展经营活动）'
    >>> _standard_ending("软件开发；“互联网+”。（依法须经批准的项目，经相关部门批准后方可开展经营活动）")[:13]  # a closing quote stays
    '软件开发；“互联网+”。（'
    >>> _standard_ending("系统集成。（依法须经批准的项目，经相关部门批准后方可开展经营活动）乾装备茶")  # a seal's text after it
    '系统集成。（依法须经批准的项目，经相关部门批准后方可开展经营活动）'
    >>> _standard_ending("机电设备安装与维修。")
    '机电设备安装与维修。'
    """
    body = re.sub(r"[)）]$", "", _TRAILING_SCRAP.sub(r"\1", scope))
    for start in range(len(body)):
        piece = re.sub(r"[，,]", "", body[start:])
        if len(piece) < 8:
            break
        if _is_clause(piece):
            # The full stop and the clause's opening bracket as the OCR reads them ("·", "°", "。°",
            # a comma: the clause always follows a full stop).
            head = re.sub(r"[（(][\u4e00-\u9fff]{1,2}$", "", body[:start])  # its bracket and head, misread
            head = re.sub(r"[。.·°º•(（:：，,‘“`]+$", "", head)  # (an opening quote: a speck)
            return head + ("" if re.search(r"[；;、]$", head) else "。") + STANDARD_ENDING
    return scope


def _is_clause(piece: str) -> bool:
    """`piece` is what the OCR kept of the clause: its head followed by its end (either may be
    empty), or the whole clause with a few characters misread, its first character or two
    perhaps lost with the opening bracket ("去须经批准…" for "（依法须经批准…")."""
    if any(_CLAUSE.startswith(piece[:k]) and _CLAUSE.endswith(piece[k:]) for k in range(len(piece) + 1)):
        return True
    return any(_misread(piece, _CLAUSE[lost:]) for lost in range(CLAUSE_HEAD_LOST + 1))


def _misread(piece: str, clause: str) -> bool:
    head_slips = sum(a != b for a, b in zip(piece[:CLAUSE_HEAD], clause))  # "依法须怪批准": 经 misread
    return head_slips <= 1 and _similarity(piece, clause) >= CLAUSE_SIMILARITY


# Scope items in the registrations' standard wording (经营范围规范表述), written the same on every licence.
STANDARD_ITEMS = ("货物或技术进出口（国家禁止或涉及行政审批的货物和技术进出口除外）",)
STANDARD_SHARE = 0.6  # of a standard item the reading must hold letter for letter
STANDARD_HEAD = len("货物或技术进出口（")  # read letter for letter: narrower wordings differ in it
MAX_MISREAD = 2  # glyphs of a standard item misread one at a time, past its head
STANDARD_WRITTEN = 0.85  # a scope with an item written out from its losses: our words, less sure


# A middle dot between two words of a scope is the OCR's enumeration comma ("研发·制造" for
# "研发、制造"): a scope enumerates with "、" and never writes a middle dot.
_ENUMERATION_DOT = re.compile(r"(?<=[\u4e00-\u9fff])[·・•](?=[\u4e00-\u9fff])")
# A mark between two characters of a standard item is a speck ("货物或技，术进出口"): its wording has
# none between characters.
_SPECK = re.compile(r"(?<=[\u4e00-\u9fff])[，,、·.。'‘’`](?=[\u4e00-\u9fff])")


def _items(scope: str) -> list[str]:
    """The scope's items: split at "；", and at a comma before a standard item ("施工，货物或技术进出口
    （…）"): a standard item is an item of its own, which a scope separates with "；" (its dot lost to the OCR).

    >>> _items("电力工程施工，货物或技术进出口（国家禁止或涉及行政审批的货物和技术进出口除外）")[0]
    '电力工程施工'
    >>> _items("软件开发，技术服务；货物进出口")
    ['软件开发，技术服务', '货物进出口']
    """
    items = []
    for item in scope.split("；"):
        cut = next((m.start() for m in re.finditer("，", item) if _standard_of(_open_bracket(item[m.end():]))), None)
        items += [item] if cut is None else [item[:cut], item[cut + 1:]]
    return items


def _standard_item(item: str) -> str:
    """A scope item that is a standard item but for what the OCR does to print, that item: its
    tail lost (under a seal, at a cut line), single characters lost, a glyph read twice. Any other
    difference is another wording, not a slip: "货物及技术进出口…", "货物进出口（…货物进出口除外）",
    a restriction without 或涉及行政审批.

    >>> whole = STANDARD_ITEMS[0] + "。" + STANDARD_ENDING
    >>> _standard_item("货物或技术进出口（国家禁止或涉及行政审批的货物和技术进出出口除外）。" + STANDARD_ENDING) == whole
    True
    >>> _standard_item("货物或技术进出口（国家禁止或涉及行政审批的货。" + STANDARD_ENDING) == whole
    True
    >>> _standard_item("货物及技术进出口（国家禁止或涉及行政审批的货物和技术进出口除外）"), _standard_item("货物或技术进出口")
    ('货物及技术进出口（国家禁止或涉及行政审批的货物和技术进出口除外）', '货物或技术进出口')
    """
    standard = _standard_of(item)
    return standard + item[_ITEM_END.search(item).start():] if standard else item


def _standard_of(item: str) -> str | None:
    """The standard item `item` reads, as printed or damaged, before its full stop and the scope's
    closing clause (if it is the last)."""
    read = _SPECK.sub("", item[:_ITEM_END.search(item).start()])
    return next((standard for standard in STANDARD_ITEMS if read == standard or _read_with_losses(read, standard)), None)


_ITEM_END = re.compile(rf"[。.]?(?:{re.escape(STANDARD_ENDING)})?$")


def _read_with_losses(read: str, printed: str) -> bool:
    """`read` is `printed` with its tail lost, single characters lost (or read as marks), a glyph
    doubled or a few misread one at a time, its head intact, and nothing else.

    >>> _read_with_losses("货物或技术进出口（国家禁止或涉及行政审批的货物和技术进出口除", STANDARD_ITEMS[0])
    True
    >>> _read_with_losses("货物或技术进出口（国家禁止的货物和技术进出口除外）", STANDARD_ITEMS[0])
    False
    """
    if not read.startswith(printed[:STANDARD_HEAD]):
        return False
    ops = SequenceMatcher(None, read, printed, autojunk=False).get_opcodes()
    if sum(j2 - j1 for tag, _, _, j1, j2 in ops if tag == "equal") < STANDARD_SHARE * len(printed):
        return False
    slips = 0
    for tag, i1, i2, j1, j2 in ops:
        tail = tag == "insert" and i1 == len(read)
        # a character lost, or read as a mark ("进出［除外")
        lost = j2 - j1 == 1 and (tag == "insert" or tag == "replace" and not re.search(r"[\u4e00-\u9fff]", read[i1:i2]))
        doubled = tag == "delete" and all(read[k] in (read[k - 1:k] + read[k + 1:k + 2]) for k in range(i1, i2))
        misread = tag == "replace" and i2 - i1 == 1 and j2 - j1 == 1  # one glyph ("挂术" for "技术")
        slips += misread
        if tag != "equal" and not (tail or lost or doubled or misread) or slips > MAX_MISREAD:
            return False
    return True


# Words a scope item's restriction opens with: "进出口（国家禁止…除外）", "销售（不含危险化学品）".
_RESTRICTION = re.compile(r"国家|不含|不得|涉及|凭|限")


def _open_bracket(item: str) -> str:
    """A scope item's restriction whose opening bracket the OCR lost at a line start gets it
    back before the restriction's first word.

    >>> _open_bracket("货物或技术进出口国家禁止或涉及行政审批的货物和技术进出口除外）")
    '货物或技术进出口（国家禁止或涉及行政审批的货物和技术进出口除外）'
    >>> _open_bracket("化工产品销售（不含危险化学品）"), _open_bracket("国家级项目申报")
    ('化工产品销售（不含危险化学品）', '国家级项目申报')
    """
    close = item.find("）")
    if close < 0 or "（" in item[:close]:
        return item
    m = _RESTRICTION.search(item, 1, close)
    return item[:m.start()] + "（" + item[m.start():] if m else item


def _address(text: str) -> str:
    """Building letters are capitals ("C栋", "A区"); the OCR often reads them lower-case.

    >>> _address("湖南省衡阳市衡山县产业园c栋"), _address("衡阳市蒸湘区b区12号")
    ('湖南省衡阳市衡山县产业园C栋', '衡阳市蒸湘区B区12号')
    """
    return re.sub(r"(?<![A-Za-z])[a-z](?=[栋座幢区楼号#单])", lambda m: m.group(0).upper(), text)


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value)


_DAY_CUT = re.compile(r"月\s*\d$")  # "…至2033年1月2" | "6日": the end date's day wrapped
_DAY_WRAPPED = re.compile(r"\d\s*日")


def _complete_term(page: PageText, hit: Hit) -> Hit:
    """A term whose end date, or the last digit of its day, wrapped onto the next line."""
    day_cut = bool(_DAY_CUT.search(hit.text))
    if not day_cut and (len(find_dates(hit.text)) >= 2 or "长期" in hit.text or "永久" in hit.text):
        return hit
    if not re.search(r"至$|至\s*$|-$", hit.text) and "至" not in hit.text:
        return hit
    extended = continuation(page, hit, ALL_LABELS, max_lines=1)
    if day_cut and not _DAY_WRAPPED.match(extended.text[len(hit.text):].lstrip()):
        return hit
    return extended if extended.text != hit.text else hit


# A speck read as a mark between the digits of a day ("09月2:3日"): no date writes one there.
_MARK_IN_DAY = re.compile(r"(?<=\d)[:：·,，'`](?=\d\s*日)")


def _term(text: str) -> str:
    """'自2012年03月15日至2042年03月14日' -> '2012-03-15至2042-03-14'; '长期' stays.

    >>> _term("2012年03月15日至长期"), _term("长期"), _term("2012年3月15日至2042年3月14日")
    ('2012-03-15至长期', '长期', '2012-03-15至2042-03-14')
    >>> _term("自2013年9月24日至2043年09月2:3日")  # a speck read as a mark inside the day
    '2013-09-24至2043-09-23'
    """
    dates = [d.isoformat() for d, _, _ in find_dates(_MARK_IN_DAY.sub("", text))]
    open_ended = "长期" in text or "永久" in text or "不约定" in text
    if len(dates) >= 2:
        return f"{dates[0]}至{dates[1]}"
    if len(dates) == 1:
        return f"{dates[0]}至长期" if open_ended else dates[0]
    return "长期" if open_ended else compact_text(text)


def _authority_and_issue_date(page: PageText, fields: dict[str, Field]) -> None:
    labels = find_labels(page, AUTHORITY)
    anchor = labels[0] if labels else None
    if "registration_authority" not in fields:
        hit = None
        code = fields["uscc"].value if "uscc" in fields else None  # settles an ambiguous reading
        name = canonical_authority(anchor.rest, uscc=code) if anchor else None
        if name:
            hit = Hit(name, anchor.rest_box, anchor.line.confidence, page.index, anchor.line.text, anchor.index)
        if hit is None:
            # Usually only legible from the seal or the text beside it.
            for i, line in enumerate(page.lines):
                name = canonical_authority(line.text, uscc=code)
                if name:
                    near = anchor is not None and abs(line.box[1] - anchor.line.box[1]) < 6 * (anchor.line.box[3] - anchor.line.box[1])
                    hit = line_hit(page, i, name, 0.9 if near else 0.75)
                    break
        if hit:
            fields["registration_authority"] = hit.field(hit.text)
    if "issue_date" not in fields:
        issued = _issue_date(page, anchor, fields.get("established_date"))
        if issued is not None:
            fields["issue_date"] = issued


def _issue_date(page: PageText, anchor: LabelMatch | None, established: Field | None) -> Field | None:
    """The date printed under 登记机关, which the authority's seal is stamped over.

    The seal cuts the line into pieces and garbles characters, so the pieces of a row
    are read together, and leniently where the row is under the label or holds nothing
    but a date; the nearest row under the label wins, else the lowest date on the page.
    A licence is never issued before the company was established, nor in the future.
    """
    excluded = set()
    for lm in find_labels(page, ESTABLISHED + TERM):
        excluded.add(lm.index)
        excluded.update(i for i, line in enumerate(page.lines)
                        if same_row(line.box, lm.line.box) and line.box[0] > lm.line.box[0])  # their values
    earliest = date.fromisoformat(established.value) if established and established.value else date(1949, 10, 1)
    candidates = []
    for indices in _rows(page, excluded):
        text = _row_text(page, indices)
        box = union(page.lines[i].box for i in indices)
        near = anchor is not None and under_label(box, anchor.line.box)
        alone = len(compact_text(text)) <= DATE_LINE_CHARS  # a line of its own, as the issue date is printed
        found = _row_date(page, indices, text) if near or alone else next((d for d, _, _ in reversed(find_dates(text))), None)
        if found is None or not earliest <= found <= date.today():
            continue
        # Nearest under the label first; without one, lower on the page is likelier.
        rank = (1, -box[1]) if near else (0, box[1])
        candidates.append((rank, indices, text, box, found))
    if not candidates:
        return None
    _, indices, text, box, found = max(candidates, key=lambda c: c[0])
    confidence = min(page.lines[i].confidence for i in indices) * (0.95 if anchor else 0.8)
    return Field(value=found.isoformat(), confidence=round(confidence, 4), page=page.index,
                 bbox=tuple(round(v, 1) for v in box), raw=text)


DATE_LINE_CHARS = 14  # "二〇二〇年十二月二十一日" is 12


def _row_date(page: PageText, indices: list[int], text: str) -> date | None:
    """The date of a row that should hold one, read leniently: the row whole where it reads as a
    date, else its pieces alone before the row (pieces that overlap at a seal's cut hold a
    character twice: '20' | '019年01月15日')."""
    whole = find_dates(text)
    if whole:
        return whole[-1][0]
    pieces = [page.lines[i].text for i in indices] if len(indices) > 1 else []
    return next((d for t in pieces + [text] if (d := find_damaged_date(t)) is not None), None)


def _row_text(page: PageText, indices: list[int]) -> str:
    """A row's pieces as one text, the characters two pieces both hold at a seal's cut kept once
    ("2020年05月2" | "25" is 2020年05月25)."""
    text, last = "", None
    for i in indices:
        line = page.lines[i]
        piece = compact_text(line.text)
        text = (joined_at_cut(text, last, piece, line.box) if last is not None else None) or text + piece
        last = line.box
    return text


def under_label(box: Box, label: Box) -> bool:
    """`box` is on the label's row or within a few rows under it."""
    h = height(label)
    return -0.5 * h <= box[1] - label[1] <= 6 * h


def _rows(page: PageText, excluded: set[int]) -> list[list[int]]:
    """Lines grouped into rows of neighbouring pieces (a seal splits one printed line into
    several boxes), each row in reading order."""
    rows: list[list[int]] = []
    for i in sorted((i for i in range(len(page.lines)) if i not in excluded), key=lambda i: page.lines[i].box[0]):
        box = page.lines[i].box
        for row in rows:
            first, last = page.lines[row[0]].box, page.lines[row[-1]].box
            if same_row(first, box) and box[0] - last[2] <= 3 * max(height(last), height(box)):
                row.append(i)
                break
        else:
            rows.append([i])
    return rows
