"""衡阳市种子企业基本情况表 (附件1): label/value cells paired by geometry."""
from __future__ import annotations

import re
from typing import Sequence

from extractors.fields.common import extract_uscc, name_field
from extractors.fields.locate import Hit, find_labels, find_value
from extractors.normalize.money import parse_money
from extractors.normalize.text import compact_text
from extractors.text import PageText
from models.record import Field

NAME = [r"(?:企业名称|单位名称|申报单位|公司名称|填报单位)(?:[(（](?:盖章|公章)[)）]?)?"]
LEGAL_REP = [r"法定代表人", r"法人代表"]
CONTACT = [r"联系人"]
PHONE = [r"联系电话", r"(?:手机|电话)(?:号码?)?(?:[/、](?:手机|电话)(?:号码?)?)?", r"联系方式"]
INDUSTRY = [r"所属行业", r"所[\u4e00-\u9fff]行业", r"行业类别", r"所属领域", r"主营行业", r"行业"]
EMPLOYEES = [r"职工人数", r"从业人员(?:数|人数)?", r"员工人数", r"员工总数", r"职工总数"]
REVENUE = [r"(?:上年度?|20\d{2}年度?)?(?:主营业务|营业|销售)收入"]
RD = [r"(?:上年度?|20\d{2}年度?)?研发(?:费用|投入|经费)(?:投入|支出|总额)?"]
PATENTS = [r"(?:拥有|有效)?发明专利(?:数量?|件数|授权数|\(件\)|（件）)?"]
CLOUD = [r"是否上云上平台", r"是否上云", r"上云上平台", r"上云情况"]
USCC = [r"统一社会信用代码", r"社会信用代码", r"信用代码"]

ALL = NAME + LEGAL_REP + CONTACT + PHONE + INDUSTRY + EMPLOYEES + REVENUE + RD + PATENTS + CLOUD + USCC + [
    r"注册资本", r"成立时间", r"成立日期", r"注册地址", r"地址", r"邮箱", r"传真", r"主要产品", r"资产总额", r"利润总额",
    r"净利润", r"纳税", r"企业规模", r"企业性质", r"职务",
]

_PHONE = re.compile(r"(1[3-9]\d{9}|0\d{2,3}[-—]?\d{7,8}|\d{7,8})")
# A number cell as OCR reads it: digits, thousands separators, one decimal point.
_CLEAN_NUMBER = re.compile(r"[-−]?\d{1,3}(?:[,，]\d{3})*(?:\.\d+)?|[-−]?\d+(?:\.\d+)?")
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
    return m.group(1) if m else None


def _company(text: str) -> bool:
    rest = re.sub(r"^[(（]?(?:盖章|公章)[)）]?[:：]?", "", compact_text(text))
    return len(rest) >= 4
_INT = re.compile(r"\d+")


def _unit_from_label(raw: str) -> str:
    text = compact_text(raw)
    for unit in ("亿元", "万元", "千元"):
        if unit in text:
            return unit
    return "元"


def _label_unit(page: PageText, hit: Hit, default: str = "万元") -> str:
    """The unit written in the label cell (上年营业收入（万元）); the form's default is 万元."""
    unit = _unit_from_label(hit.raw)
    if unit != "元":
        return unit
    for line in page.lines:
        if "单位" in line.text and "万元" in line.text:
            return "万元"
    return default


def _money(page: PageText, labels: list[str]) -> Field | None:
    for lm in find_labels(page, labels):
        label_unit = _unit_from_label(lm.line.text[: max(len(lm.line.text) - len(lm.rest), 0)] or lm.label)
        if label_unit == "元" and re.match(r"^[(（]?万元[)）]?", lm.rest):
            label_unit = "万元"
        hit = find_value(page, [re.escape(compact_text(lm.line.text)[: len(compact_text(lm.line.text)) - len(lm.rest)])] if lm.rest else labels, ALL,
                         accept=lambda s: bool(re.search(r"\d", re.sub(r"^[(（]?万?元[)）]?", "", s))))
        if hit is None:
            continue
        unit = label_unit if label_unit != "元" else _label_unit(page, Hit(lm.line.text, lm.line.box, 1, page.index, lm.line.text))
        text = re.sub(r"^[(（]?万?元[)）]?", "", hit.text)
        if not _CLEAN_NUMBER.fullmatch(re.sub(r"(?:万元|元)$", "", text)):
            continue  # "18918..17": a misread amount is not guessed at
        value = parse_money(text, unit=unit)
        if value is not None:
            value = value.normalize()
            return hit.field(int(value) if value == value.to_integral() else float(value))
    return None


def extract(pages: Sequence[PageText]) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    for page in pages:
        def put(key: str, value: Field | None) -> None:
            if value is not None and key not in fields:
                fields[key] = value

        put("company_name", name_field(find_value(page, NAME, ALL, accept=_company)))
        hit = find_value(page, LEGAL_REP, ALL, accept=lambda s: bool(re.search(r"[\u4e00-\u9fff]{2}", s)))
        put("legal_representative", hit.field(re.sub(r"[\d\-—]+$", "", hit.text)) if hit else None)
        hit = find_value(page, CONTACT, ALL, accept=lambda s: bool(re.search(r"[\u4e00-\u9fff]{2}", s)))
        put("contact_person", hit.field(re.sub(r"[\d\-—]+$", "", hit.text)) if hit else None)
        hit = find_value(page, PHONE, ALL, accept=lambda s: _phone(s) is not None)
        if hit is None:
            # Phone written in the contact cell: "张三 13800000000"
            hit = find_value(page, CONTACT, ALL, accept=lambda s: _phone(s) is not None)
        put("contact_phone", hit.field(_phone(hit.text)) if hit else None)
        hit = find_value(page, INDUSTRY, ALL, accept=lambda s: bool(re.search(r"[\u4e00-\u9fff]{2}", s)))
        put("industry", hit.field(hit.text) if hit else None)
        # A garbled count ("1.16i" for 146) is left unread rather than cut to its first digits.
        hit = find_value(page, EMPLOYEES, ALL, accept=lambda s: bool(_CLEAN_COUNT.fullmatch(s)))
        put("employees", hit.field(int(_CLEAN_COUNT.fullmatch(hit.text).group(1))) if hit else None)
        put("operating_revenue", _money(page, REVENUE))
        put("rd_expense", _money(page, RD))
        hit = find_value(page, PATENTS, ALL, accept=lambda s: bool(_INT.search(s)) or s in ("无", "0"))
        if hit:
            m = _INT.search(hit.text)
            put("invention_patents", hit.field(int(m.group(0)) if m else 0))
        hit = find_value(page, CLOUD, ALL, accept=lambda s: _yes_no(s) is not None)
        put("cloud_platform", hit.field(_yes_no(hit.text)) if hit else None)
    uscc = extract_uscc(pages, scan_page=True)
    if uscc is not None:
        fields["uscc"] = uscc
    return fields


def _yes_no(text: str) -> bool | None:
    """是/否 with checkbox marks: '☑是 □否' -> True.

    >>> _yes_no("是"), _yes_no("否"), _yes_no("☑是□否"), _yes_no("□是☑否"), _yes_no("已上云")
    (True, False, True, False, True)
    """
    t = compact_text(text)
    for mark in "☑√✓✔■●":
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
