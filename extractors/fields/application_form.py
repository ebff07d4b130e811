"""衡阳市种子企业基本情况表 (附件1): label/value cells paired by geometry."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from extractors.fields.common import extract_uscc, name_field
from extractors.fields.locate import (Box, Hit, below, find_labels, find_value, height, is_label, match_label, same_row, union,
                                      x_overlap)
from extractors.normalize.industry import division
from extractors.normalize.money import parse_money
from extractors.normalize.text import compact_text
from extractors.text import PageText
from intake.ocr.base import OcrLine
from models.record import Field

# The stamp note after the label, 盖章 as OCR may read it (监章, 公章 ...).
_STAMP_NOTE = r"[(（][\u4e00-\u9fff]?章[)）]?"
NAME = [rf"(?:申报单位名称|企业名称|单位名称|申报单位|公司名称|填报单位)(?:{_STAMP_NOTE})?"]
LEGAL_REP = [r"法定代表人(?:姓名)?", r"法人代表(?:姓名)?"]
CONTACT = [r"(?:企业)?联系人(?:姓名)?"]
PHONE = [r"联系电话", r"(?:手机|电话)(?:号码?)?(?:[/、](?:手机|电话)(?:号码?)?)?", r"联系方式"]
# Longest wordings first: "所属行业领域" must not leave "领域" behind as the value, nor its last
# two characters misread ("所属行业锁城") when they are all the cell holds.
INDUSTRY = [r"所属行业[\u4e00-\u9fff]{2}$", r"所属行业(?:领域|类别)?", r"所[\u4e00-\u9fff]行业", r"行业(?:类别|分类|领域)", r"所属领域", r"主营行业", r"行业"]
EMPLOYEES = [r"职工人数", r"从业人员(?:数|人数)?", r"员工人数", r"员工总数", r"职工总数"]
REVENUE = [r"(?:上年度?|20\d{2}年度?)?(?:主营业务|营业|销售)收入"]
RD = [r"(?:上年度?|20\d{2}年度?)?研发(?:费用|投入|经费)(?:投入|支出|总额)?"]
PATENTS = [r"(?:拥有|有效|授权)?(?:的)?发明专利(?:数量?|件数|授权数)?(?:[(（](?:件|项)[)）])?"]
# The quotes OCR reads either way round, and a label wrapped in its cell ("是否”上云上平" over "台”企业").
CLOUD = [r"是否[“”\"]?上云(?:上平台?)?[“”\"]?(?:企业)?", r"上云上平台(?:情况)?", r"上云情况"]
USCC = [r"统一社会信用代码", r"社会信用代码", r"信用代码"]

ALL = NAME + LEGAL_REP + CONTACT + PHONE + INDUSTRY + EMPLOYEES + REVENUE + RD + PATENTS + CLOUD + USCC + [
    r"注册资本", r"成立时间", r"成立日期", r"注册地址", r"地址", r"邮箱", r"传真", r"主要产品", r"资产总额", r"利润总额",
    r"净利润", r"纳税", r"企业规模", r"企业性质", r"职务",
]

_PHONE = re.compile(r"(1[3-9]\d{9}|0\d{2,3}[-—]?\d{7,8}|\d{7,8})")
# A number cell as OCR reads it: digits, thousands separators, one decimal point; or separators
# read as points, the last one before the cents ("9.797.51", "183,113.700.00").
_CLEAN_NUMBER = re.compile(r"[-−]?\d{1,3}(?:[,，]\d{3})*(?:\.\d+)?|[-−]?\d+(?:\.\d+)?|\d{1,3}(?:[,，.]\d{3})+\.\d{2}")
_CLEAN_COUNT = re.compile(r"[约共]?(\d+)人?")


def _phone(text: str) -> str | None:
    """A phone number; OCR may put stray ':'/'.' between the digits of a mobile.

    >>> _phone("18602798:36.4"), _phone("0734-85217603"), _phone("张三13800000000")
    ('18602798364', '0734-85217603', '13800000000')
    """
    compact = compact_text(text)
    joined = re.sub(r"(?<=\d)[:.,·'\s](?=\d)", "", compact)
    m = re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", joined)
    if m:
        return m.group(0)
    m = _PHONE.search(compact)
    return _landline(m.group(1)) if m else None


def _landline(number: str) -> str:
    """A landline as written, its area code parted by a hyphen: the OCR drops or misreads it
    ("073482511362", "0734—82511362"). Area codes of 010 and 02x are three digits, the rest four.

    >>> _landline("073482511362"), _landline("0734—82511362"), _landline("02787654321"), _landline("82511362")
    ('0734-82511362', '0734-82511362', '027-87654321', '82511362')
    """
    digits = re.sub(r"\D", "", number)
    if not digits.startswith("0"):
        return number
    area = 3 if digits[1] in "12" else 4
    return f"{digits[:area]}-{digits[area:]}" if len(digits) - area in (7, 8) else number


def _industry(text: str) -> str:
    """An industry as the national classification names it, with the enumeration comma OCR
    reads as a dot ("计算机·通信和其他电子设备制造业").

    >>> _industry("计算机·通信和其他电子设备制造业"), _industry("铁路丶船舶、航空航天和其他运输设备制造业")
    ('计算机、通信和其他电子设备制造业', '铁路、船舶、航空航天和其他运输设备制造业')
    """
    return re.sub(r"(?<=[\u4e00-\u9fff])[·・丶.,，](?=[\u4e00-\u9fff])", "、", text)


# A division put for a reading one look-alike off it: our word against the OCR's, less sure.
CORRECTED_INDUSTRY = 0.8


def _industry_field(hit: Hit) -> Field:
    read = _industry(hit.text)
    value = division(read)
    return hit.field(value, 1.0 if value == read else CORRECTED_INDUSTRY)


def _person_name(text: str) -> str:
    """The name in a person cell, without a phone written after it ("张三 13800000000")."""
    return re.sub(r"[\d\-—:：/]+$", "", compact_text(text))


def _person(text: str) -> bool:
    """A person's name (2-6 characters), not a unit or answer glued on from the next cell ("万元）").

    >>> _person("谢辉"), _person("欧阳建华"), _person("张三13800000000"), _person("万元)"), _person("是否")
    (True, True, True, False, False)
    """
    name = _person_name(text)
    return bool(re.fullmatch(r"[\u4e00-\u9fff·]{2,6}", name)) and not re.search(r"万元|单位|公司|是否|[(（)）]", name)


def _company(text: str) -> bool:
    """A company name, not the next cell's "label：value" (金额单位：万元 beside an empty 填报单位)
    nor the head of a label wrapped in its cell (统一社会信用代 over 码, under an empty 填报单位).

    >>> _company("湖南中天汽车零部件股份有限公司"), _company("金额单位：万元"), _company("统一社会信用代")
    (True, False, False)
    >>> _company("91430424798075182A")  # the USCC's cell over the name's
    False
    """
    rest = re.sub(rf"^(?:{_STAMP_NOTE}|[(（]?盖章[)）]?)[:：]?", "", compact_text(text))
    return (len(re.findall(r"[\u4e00-\u9fff]", rest)) >= 4 and not re.search(r"[:：]|单位", rest)
            and not any(label.startswith(rest) for label in _PLAIN_LABELS))


_PLAIN_LABELS = [label for label in ALL if not re.search(r"[\\^$()?*+|\[\]{}.]", label)]


_INT = re.compile(r"\d+")
# A count cell holding nothing but "无" or a zero, which the OCR may give as O, 〇 or "。".
_NONE = ("无", "0", "O", "o", "〇", "。")


_UNIT_NOTE = re.compile(r"单位[:：]?[(（]?(亿元|万元|千元|元)")


def _unit_from_label(raw: str) -> str | None:
    """The unit a label cell states, or None when it states none.

    >>> _unit_from_label("上年度营业收入（万元）"), _unit_from_label("营业收入(元)"), _unit_from_label("研发投入")
    ('万元', '元', None)
    >>> _unit_from_label("上年度营业收入（元")  # its closing bracket lost at the cell's edge
    '元'
    """
    text = compact_text(raw)
    for unit in ("亿元", "万元", "千元"):
        if unit in text:
            return unit
    return "元" if re.search(r"[(（]元(?:[)）]|$)|元[)）]$", text) else None


def _unit_under(page: PageText, index: int) -> str | None:
    """The unit of a label wrapped in its cell: "2019年研发投入" over "（元）",
    "上年度营业收入（万" over "元）", "上年度研发经费" over "投入（元）"."""
    for _, line in below(page, index, max_gap=1.0)[:2]:
        text = compact_text(line.text)
        if re.fullmatch(r"[\u4e00-\u9fff]{0,4}[(（]?(?:亿|万|千)?元[)）]?", text) and not is_label(text, ALL):
            return _unit_from_label(compact_text(page.lines[index].text) + compact_text(line.text))
    return None


def _table_unit(page: PageText, default: str = "万元") -> str:
    """The unit said once for the whole table (金额单位：元); the form's own default is 万元."""
    for line in page.lines:
        m = _UNIT_NOTE.search(compact_text(line.text))
        if m:
            return m.group(1)
    return default


def _money(page: PageText, labels: list[str]) -> Field | None:
    for lm in find_labels(page, labels):
        label_text = compact_text(lm.line.text)[: len(compact_text(lm.line.text)) - len(lm.rest)]
        unit_after = re.match(r"^[(（]?(万元|元)[)）]?", lm.rest)  # "营业收入" + "（万元）" read apart
        label_unit = (_unit_from_label(label_text or lm.label) or (unit_after.group(1) if unit_after else None)
                      or _unit_under(page, lm.index))
        hit = find_value(page, [re.escape(label_text)] if lm.rest else labels, ALL,
                         accept=lambda s: bool(re.search(r"\d", re.sub(r"^[(（]?万?元[)）]?", "", s))))
        if hit is None:
            continue
        unit = label_unit or _table_unit(page)
        # An amount wrapped in its cell: "339,656,00" over "0.00"; a clean reading takes only
        # its cents from under it ("10251970" over "0.00"), never the next row's amount.
        stacked = _stacked(page, hit, lm.line.box)
        hit = _cents_wrapped(hit, stacked) if _CLEAN_NUMBER.fullmatch(_amount_text(hit.text)) else stacked
        text = _amount_text(hit.text)
        if not _CLEAN_NUMBER.fullmatch(text):
            continue  # "18918..17": a misread amount is not guessed at
        value = parse_money(text, unit=unit)
        if value is not None:
            value = value.normalize()
            return hit.field(int(value) if value == value.to_integral() else float(value))
    return None


def _cents_wrapped(hit: Hit, stacked: Hit) -> Hit:
    """A clean amount with the cents tail wrapped under it ("10251970" over "0.00", "176613800"
    over "00", the point lost at the wrap, "10,569.6" over "1"); anything else under it, "80" or
    "85", is not its tail. A hit that is itself the tail ("6303500.0" over "0", the row's label
    centred on the cell, nearer its lower line) is the cell's whole amount: the two make the cents
    whole, or the tail is the cents under a whole amount ("176613800" over "00"); digits over
    digits ("2019" over "85", "6303500" over a footnote's "12") are two numbers, the upper the amount."""
    if stacked.line_index != hit.line_index and stacked.text.endswith(hit.text):
        # The hit is the cell's lower line: the amount is the line above, whole or with these cents.
        head = stacked.text[:-len(hit.text)]
        whole = bool(re.search(r"\d\.\d{2}$", hit.text)) and not re.fullmatch(r"\d?\.\d{2}", hit.text)
        if whole or not re.fullmatch(r"[\d,，]+\.?\d?", head):
            return hit  # a whole amount with its cents, or a label, unit or year over it ("（万元）", "合计")
        if _cents_split(head, hit.text):
            return stacked
        return replace(stacked, text=_with_cents(head, hit.text) or head)
    if "." in hit.text:  # only the last digit of its cents can have wrapped (the cell above is another value's)
        _, found, tail = stacked.text.partition(hit.text)
        return replace(stacked, text=hit.text + tail) if found and re.search(r"\.\d$", hit.text) and re.fullmatch(r"\d", tail) else hit
    tail = stacked.text[len(hit.text):] if stacked.text.startswith(hit.text) else ""
    joined = _with_cents(hit.text, tail)
    return replace(stacked, text=joined) if joined else hit


def _with_cents(amount: str, tail: str) -> str | None:
    """A whole `amount` with the cents wrapped under it, `tail` ("00", "0.00", ".50"), or None."""
    if not re.fullmatch(r"\d+", amount):
        return None
    if tail == "00":
        return f"{amount}.{tail}"
    return amount + tail if re.fullmatch(r"\d?\.\d{2}", tail) else None


def _cents_split(head: str, tail: str) -> bool:
    """`head` over `tail` is one amount whose cents the wrap split: "6303500.0" over "0", "6303500." over "00"."""
    return bool(re.fullmatch(r"[\d,，]+\.\d?", head) and re.fullmatch(r"\d{1,2}", tail)
                and re.fullmatch(r"(?:\d{1,3}(?:[,，]\d{3})*|\d+)\.\d{2}", head + tail))


def _amount_text(text: str) -> str:
    """A money cell without the unit OCR read into it: "（万元）1098.20", "1098.20万元"."""
    return re.sub(r"(?:万元|元)$", "", re.sub(r"^[(（]?万?元[)）]?", "", text))


def _stacked(page: PageText, hit: Hit | None, row: Box | None = None) -> Hit | None:
    """The whole text of a cell whose value wrapped ("0734-893365" over "97", a long name
    over two lines): the lines of the hit's column stacked tightly above and below it.
    Rows of the table are much further apart than the lines inside one cell. `row` is the box
    of the label the value answers, where known: its cell spans the label's row, whose other
    columns' labels may sit beside any of its lines."""
    if hit is None or hit.line_index < 0:
        return hit
    h = height(hit.bbox)
    column = sorted((line.box[1], j) for j, line in enumerate(page.lines) if abs(line.box[0] - hit.bbox[0]) <= 0.6 * h)
    order = [j for _, j in column]
    if hit.line_index not in order:
        return hit
    k = order.index(hit.line_index)
    lo, hi = k, k

    own = page.lines[hit.line_index].box
    span = row or own
    # Labels of the rows above and below the hit's: wholly past its row (a label cell centred
    # on a wrapped value overlaps the line the value starts on).
    row_labels = [line.box for line in page.lines if is_label(line.text, ALL)
                  and (line.box[1] >= span[3] - 0.2 * h or line.box[3] <= span[1] + 0.2 * h)]

    def tight(upper: int, lower: int) -> bool:
        """Lines of one cell: close, neither a label nor beside another row's label."""
        a, b = page.lines[upper], page.lines[lower]
        return (b.box[1] - a.box[3] < 0.6 * h and not is_label(b.text, ALL) and not is_label(a.text, ALL)
                and not any(same_row(box, line.box) for box in row_labels for line in (a, b) if line.box != own))

    while lo > 0 and tight(order[lo - 1], order[lo]):
        lo -= 1
    while hi + 1 < len(order) and tight(order[hi], order[hi + 1]):
        hi += 1
    if lo == hi:
        return hit
    lines = [page.lines[j] for j in order[lo:hi + 1]]
    texts = [hit.text if j == hit.line_index else compact_text(page.lines[j].text) for j in order[lo:hi + 1]]
    return Hit("".join(texts), union([hit.bbox] + [l.box for l in lines]), min([hit.confidence] + [l.confidence for l in lines]),
               page.index, "\n".join(l.text for l in lines), order[lo], hit.how)


def _name_cell(hit: Hit | None) -> Hit | None:
    """A name cell without the lines stacked tight on it that hold no Chinese: the USCC's cell
    or a dash over the name ("91430424798075182A" | "—" | "衡东县…有限责任公司")."""
    if hit is None:
        return None
    lines = hit.raw.split("\n")
    named = [line for line in lines if re.search(r"[\u4e00-\u9fff]", line)]
    if not named or len(named) == len(lines):
        return hit
    text = hit.text
    for line in lines:
        if line not in named:
            text = text.replace(compact_text(line), "", 1)
    return replace(hit, text=text, raw="\n".join(named))


_RULE = re.compile(r"[^|｜丨]+")  # the text between cell rules
_NUMBER_CELL = re.compile(r"[-−]?\d[\d,，.]*[件人项]?")


def _read_twice(a: OcrLine, b: OcrLine) -> bool:
    """Two boxes of one row that overlap, the character under the overlap in both."""
    first, second = sorted((a, b), key=lambda l: l.box[0])
    head, tail = compact_text(first.text), compact_text(second.text)
    return (same_row(a.box, b.box) and x_overlap(a.box, b.box) > 0.25 * height(b.box)
            and bool(head) and tail[:1] == head[-1:])


def _value_and_label(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A value and the next cell's label read as one box ("■是□否法定代表人姓名",
    "9393400.00法人代表"): the two spans, else the one span. Only a ticked answer or a whole
    number parts them: "是否上云上平台" and "上年度营业收入" are one label each."""
    for k in range(start + 1, end - 2):
        head = compact_text(text[start:k])
        ticked = re.search(f"[{_MARK}]", head) and _yes_no(head) is not None
        if (ticked or _NUMBER_CELL.fullmatch(head)) and is_label(text[k:end], ALL):
            return [(start, k), (k, end)]
    return [(start, end)]


MIN_LABEL = 4  # characters of the shortest label two merged cells are parted into
VALUE_ROW = 2.5  # line heights under a label where its value cell's row starts


def _two_labels(line: OcrLine, lines: list[OcrLine]) -> list[OcrLine] | None:
    """Two labels of neighbouring cells read as one box ("是否“上云上平台”企业拥有发明专利数（件）"),
    each with a value of its own in the row under it: the two label cells. A single label that
    reads as two (法定代表人联系电话, 主要产品销售收入) has one value cell under it, and stays."""
    text = line.text
    x0, y0, x1, y1 = line.box
    per = (x1 - x0) / max(len(text), 1)
    under = [(o.box[0] + o.box[2]) / 2 for o in lines
             if o is not line and 0 <= o.box[1] - y1 <= VALUE_ROW * height(line.box)]
    for k in range(MIN_LABEL, len(text) - MIN_LABEL + 1):
        cut = x0 + per * k
        if (_whole_label(text[:k]) and _whole_label(text[k:])
                and any(x0 <= c < cut for c in under) and any(cut <= c <= x1 for c in under)):
            return [OcrLine(text[:k].strip(), (x0, y0, cut, y1), line.confidence),
                    OcrLine(text[k:].strip(), (cut, y0, x1, y1), line.confidence)]
    return None


def _whole_label(text: str) -> bool:
    """`text` is a label and nothing more."""
    compact = compact_text(text)
    found = match_label(compact, ALL, fuzzy=False)
    return found is not None and found[1] == len(compact)


def _cells(page: PageText) -> PageText:
    """The page's lines as the table's cells: a cell rule OCR read as "|" parts the two cells it
    joined ("300,952,300.00|联系人"), a value from the next label read with it ("■是□否法定代表人"),
    two labels read as one box over two values (`_two_labels`);
    two boxes of one row that overlap are one cell OCR cut in two, the overlap read twice
    ("从业人员" + "员（人）")."""
    lines: list[OcrLine] = []
    for line in page.lines:
        text = line.text
        parts = [span for m in _RULE.finditer(text) if m.group(0).strip() for span in _value_and_label(text, *m.span())]
        if len(parts) < 2:
            lines += _two_labels(line, page.lines) or [line]
            continue
        x0, y0, x1, y1 = line.box
        per = (x1 - x0) / max(len(text), 1)
        lines += [OcrLine(text[a:b].strip(), (x0 + per * a, y0, x0 + per * b, y1), line.confidence) for a, b in parts]
    joined: list[OcrLine] = []
    for line in lines:
        k = next((j for j, other in enumerate(joined) if _read_twice(other, line)), None)
        if k is None:
            joined.append(line)
            continue
        first, second = sorted((joined[k], line), key=lambda l: l.box[0])
        text = compact_text(first.text) + compact_text(second.text)[1:]
        joined[k] = OcrLine(text, union([first.box, second.box]), min(first.confidence, second.confidence))
    return replace(page, lines=_join_wrapped_labels(joined))


def _join_wrapped_labels(lines: list[OcrLine]) -> list[OcrLine]:
    """A label wrapped mid-word in a narrow cell ("2019年营业收" over "入（万元）") is one label:
    the line tight under a non-label whose text completes a label is joined to it."""
    out = list(lines)
    for i, line in enumerate(out):
        if line is None or is_label(line.text, ALL):
            continue
        h = height(line.box)
        for j, other in enumerate(out):
            if other is None or j == i or not (-0.5 * h <= other.box[1] - line.box[3] <= 0.3 * h) or abs(other.box[0] - line.box[0]) > h:
                continue
            head, whole = compact_text(line.text), compact_text(line.text) + compact_text(other.text)
            match = match_label(whole, ALL, fuzzy=False)
            if match and match[1] > len(head):
                out[i] = OcrLine(head + compact_text(other.text), union([line.box, other.box]), min(line.confidence, other.confidence))
                out[j] = None
                break
    return [line for line in out if line is not None]


def extract(pages: Sequence[PageText]) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    pages = [_cells(page) for page in pages]
    for page in pages:
        def put(key: str, value: Field | None) -> None:
            if value is not None and key not in fields:
                fields[key] = value

        put("company_name", name_field(_name_cell(_stacked(page, find_value(page, NAME, ALL, accept=_company)))))
        hit = find_value(page, LEGAL_REP, ALL, accept=_person)
        put("legal_representative", hit.field(_person_name(hit.text)) if hit else None)
        hit = find_value(page, CONTACT, ALL, accept=_person)
        put("contact_person", hit.field(_person_name(hit.text)) if hit else None)
        hit = _stacked(page, find_value(page, PHONE, ALL, accept=lambda s: bool(re.search(r"\d", s))))
        hit = hit if hit is not None and _phone(hit.text) else None
        if hit is None:
            # Phone written in the contact cell: "张三 13800000000"
            hit = find_value(page, CONTACT, ALL, accept=lambda s: _phone(s) is not None)
        put("contact_phone", hit.field(_phone(hit.text)) if hit else None)
        hit = find_value(page, INDUSTRY, ALL, accept=lambda s: bool(re.search(r"[\u4e00-\u9fff]{2}", s)))
        put("industry", _industry_field(hit) if hit else None)
        # A garbled count ("1.16i" for 146) is left unread rather than cut to its first digits.
        hit = find_value(page, EMPLOYEES, ALL, accept=lambda s: bool(_CLEAN_COUNT.fullmatch(s)))
        put("employees", hit.field(int(_CLEAN_COUNT.fullmatch(hit.text).group(1))) if hit else None)
        put("operating_revenue", _money(page, REVENUE))
        put("rd_expense", _money(page, RD))
        hit = find_value(page, PATENTS, ALL, accept=lambda s: bool(_INT.search(s)) or s in _NONE)
        if hit:
            m = _INT.search(hit.text)
            put("invention_patents", hit.field(int(m.group(0)) if m else 0, 1.0 if m or hit.text == "无" else 0.8))
        hit = find_value(page, CLOUD, ALL, accept=lambda s: _yes_no(s) is not None)
        put("cloud_platform", hit.field(_yes_no(hit.text)) if hit else None)
    uscc = extract_uscc(pages, scan_page=True)
    if uscc is not None:
        fields["uscc"] = uscc
    return fields


_MARK = "☑√✓✔■●"
# "是（√）否（ ）": the tick sits in brackets after the answer it marks.
_BRACKET_TICK = re.compile(rf"(是|否)[(（][{_MARK}vV][)）]")


def _yes_no(text: str) -> bool | None:
    """是/否 with checkbox marks: '☑是 □否' -> True.

    >>> _yes_no("是"), _yes_no("否"), _yes_no("☑是□否"), _yes_no("□是☑否"), _yes_no("已上云")
    (True, False, True, False, True)
    >>> _yes_no("是（√）否（ ）"), _yes_no("是（ ）否（√）"), _yes_no("□是■否")
    (True, False, False)
    """
    t = compact_text(text)
    m = _BRACKET_TICK.search(t)
    if m:
        return m.group(1) == "是"
    for mark in _MARK:
        i = t.find(mark)
        if i >= 0:
            after = t[i + 1 : i + 2]
            before = t[i - 1 : i] if i > 0 else ""
            if after in ("是", "否"):
                return after == "是"
            if before in ("是", "否"):
                return before == "是"
    if re.match(r"^(是|已上云|已|有)", t):
        return True
    if re.match(r"^(否|未|无|没有)", t):
        return False
    return None
