"""Patent, high-tech-enterprise and honour certificates."""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Sequence

from extractors.fields.common import COMPANY_SUFFIX, date_field, has_date, name_field
from extractors.fields.locate import continuation, find_labels, find_value, line_hit, right_of
from extractors.identifiers import patent as patent_id
from extractors.identifiers.confusions import unique_repair
from extractors.normalize.names import normalize_company_name
from extractors.normalize.text import compact_text
from extractors.text import PageText
from models.record import Field

P_NUMBER = [r"专利号", r"专利号码"]
P_TITLE = [r"发明名称", r"实用新型名称", r"外观设计名称", r"设计名称", r"专利名称", r"名称"]
P_OWNER = [r"专利权人", r"权利人"]
P_APPLIED = [r"专利申请日", r"申请日"]
P_GRANTED = [r"授权公告日", r"授权日", r"颁证日"]
P_ALL = P_NUMBER + P_TITLE + P_OWNER + P_APPLIED + P_GRANTED + [r"发明人", r"设计人", r"地址", r"授权公告号", r"申请号"]

_PATENT_IN_TEXT = re.compile(r"(?:ZL|Z1|2L|CN)?[0-9OoIlSBZ\s]{8,16}[.·,][0-9Xx×OoIl]")


def _patent_number(pages: Sequence[PageText]) -> Field | None:
    unreadable = None
    for page in pages:
        for lm in find_labels(page, P_NUMBER):
            texts = [(lm.rest, lm.rest_box, lm.line.confidence)]
            hit = find_value(page, P_NUMBER, P_ALL, accept=lambda s: bool(re.search(r"\d", s)))
            if hit:
                texts.append((hit.text, hit.bbox, hit.confidence))
            for text, box, conf in texts:
                compact = compact_text(text)
                for m in _PATENT_IN_TEXT.finditer(compact) or []:
                    fixed = patent_id.repair(m.group(0))
                    if fixed:
                        ok = patent_id.is_valid(m.group(0))
                        return Field(value=fixed, confidence=round(conf * (1.0 if ok else 0.8), 4), page=page.index,
                                     bbox=tuple(box), raw=text)
                if compact and unreadable is None:
                    unreadable = Field(value=None, confidence=0.0, page=page.index, bbox=tuple(box), raw=text)
        for i, line in enumerate(page.lines):
            compact = compact_text(line.text)
            if "ZL" in compact.upper():
                for m in _PATENT_IN_TEXT.finditer(compact):
                    if patent_id.is_valid(m.group(0)):
                        return line_hit(page, i).field(patent_id.validate(m.group(0)), 0.8)
    return unreadable


def extract_patent(pages: Sequence[PageText]) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    number = _patent_number(pages)
    if number is not None:
        fields["patent_number"] = number
    for page in pages:
        text = page.text
        hit = find_value(page, P_TITLE, P_ALL, accept=lambda s: len(s) >= 2)
        if hit and "patent_title" not in fields:
            hit = continuation(page, hit, P_ALL, max_lines=2)
            fields["patent_title"] = hit.field(hit.text)
        hit = find_value(page, P_OWNER, P_ALL, accept=lambda s: len(s) >= 2)
        if hit and "patentee" not in fields:
            fields["patentee"] = hit.field(normalize_company_name(hit.text) if COMPANY_SUFFIX.search(hit.text) else hit.text)
        if "application_date" not in fields:
            f = date_field(find_value(page, P_APPLIED, P_ALL, accept=has_date))
            if f:
                fields["application_date"] = f
        if "grant_date" not in fields:
            f = date_field(find_value(page, P_GRANTED, P_ALL, accept=has_date))
            if f:
                fields["grant_date"] = f
        if "patent_type" not in fields:
            kind = None
            for k in ("实用新型", "外观设计", "发明"):
                if re.search(k + r"专利证书", compact_text(text)):
                    kind = k
                    break
            num = fields.get("patent_number")
            if num is not None and num.value:
                by_number = patent_id.patent_type(str(num.value))
                kind = kind or by_number
                if by_number and kind and by_number == kind:
                    fields["patent_type"] = num.model_copy(update={"value": kind})
                    continue
            if kind:
                for i, line in enumerate(page.lines):
                    if kind in compact_text(line.text):
                        fields["patent_type"] = line_hit(page, i, quality=0.9).field(kind)
                        break
    return fields


H_NUMBER = [r"证书编号", r"编号"]
H_NAME = [r"企业名称", r"名称"]
H_ISSUED = [r"发证时间", r"发证日期", r"颁发日期", r"批准日期", r"认定日期"]
H_ALL = H_NUMBER + H_NAME + H_ISSUED + [r"有效期"]
_GR = re.compile(r"G[R尺K]?[0-9OoIlSBZ]{12}", re.IGNORECASE)


def _gr_number(text: str) -> str | None:
    """GR + year(4) + province(2) + serial(6), with look-alike repair of the digits.

    >>> _gr_number("证书编号:GR2O1943OO0123"), _gr_number("GR20194300012")
    ('GR201943000123', None)
    """
    compact = compact_text(text).upper()
    m = re.search(r"GR([0-9OISBZDQL]{12})(?![0-9])", compact)
    if not m:
        return None
    digits = unique_repair(m.group(1), lambda pos, ch: ch.isdigit(), lambda s: 2008 <= int(s[:4]) <= 2099 and 11 <= int(s[4:6]) <= 82, max_swaps=0)
    return f"GR{digits}" if digits else None


def extract_high_tech(pages: Sequence[PageText]) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    for page in pages:
        if "certificate_number" not in fields:
            hit = find_value(page, H_NUMBER, H_ALL, accept=lambda s: _gr_number(s) is not None)
            if hit:
                fields["certificate_number"] = hit.field(_gr_number(hit.text))
            else:
                for i, line in enumerate(page.lines):
                    number = _gr_number(line.text)
                    if number:
                        fields["certificate_number"] = line_hit(page, i).field(number, 0.9)
                        break
        if "company_name" not in fields:
            f = name_field(find_value(page, H_NAME, H_ALL, accept=lambda s: len(s) >= 4))
            if f:
                fields["company_name"] = f
        if "issue_date" not in fields:
            f = date_field(find_value(page, H_ISSUED, H_ALL, accept=has_date))
            if f is None:
                # Often only the date under the issuing authorities, lowest on the page.
                for i in range(len(page.lines) - 1, -1, -1):
                    if has_date(page.lines[i].text):
                        from extractors.normalize.dates import parse_date

                        f = line_hit(page, i).field(parse_date(page.lines[i].text).isoformat(), 0.8)
                        break
            if f:
                fields["issue_date"] = f
    if "valid_until" not in fields:
        for page in pages:
            f = _printed_validity(page)
            if f is not None:
                fields["valid_until"] = f
                break
    issued = fields.get("issue_date")
    if "valid_until" not in fields and issued is not None and issued.value:
        until = _three_years_from(date.fromisoformat(str(issued.value)))
        fields["valid_until"] = issued.model_copy(update={"value": until.isoformat(), "raw": f"{issued.raw} +3年-1日"})
    return fields


def _three_years_from(d: date) -> date:
    """A 高新技术企业 recognition is valid three years: until the day before the anniversary.

    >>> _three_years_from(date(2018, 1, 17)), _three_years_from(date(2016, 2, 29)), _three_years_from(date(2019, 3, 1))
    (datetime.date(2021, 1, 16), datetime.date(2019, 2, 27), datetime.date(2022, 2, 28))
    """
    try:
        anniversary = d.replace(year=d.year + 3)
    except ValueError:  # 29 February
        anniversary = d.replace(year=d.year + 3, day=28)
    return anniversary - timedelta(days=1)


def _printed_validity(page: PageText) -> Field | None:
    """An explicitly printed 有效期 ('有效期：三年' has no date; '有效期至2021年1月16日' has)."""
    from extractors.normalize.dates import find_dates

    for lm in find_labels(page, [r"有效期(?:限)?(?:至|截止)?"]):
        hits = [(lm.rest, lm.line, lm.index)] + [(t.text, t, j) for j, t in right_of(page, lm.index, H_ALL)[:1]]
        for text, line, j in hits:
            dates = find_dates(text)
            if dates:
                return line_hit(page, j if j != lm.index else lm.index).field(dates[-1][0].isoformat())
    return None


HONOURS = [
    ("famous_trademark", r"著名商标"), ("brand_product", r"名牌产品"), ("leading_enterprise", r"龙头企业"),
    ("informatization_integration", r"两化融合"), ("specialized_sme", r"专精特新|小巨人"),
    ("contract_credit", r"守合同重信用"), ("tech_center", r"企业技术中心|工程技术研究中心"),
    ("ip_enterprise", r"知识产权(?:优势|示范)企业"), ("honour", r"荣誉证书|荣誉称号"),
]


def extract_honor(pages: Sequence[PageText]) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    for page in pages:
        for i, line in enumerate(page.lines):
            text = compact_text(line.text)
            for kind, rx in HONOURS:
                if re.search(rx, text) and "honor_kind" not in fields:
                    fields["honor_kind"] = line_hit(page, i).field(kind)
            m = COMPANY_SUFFIX.search(text)
            if m and "company_name" not in fields:
                fields["company_name"] = line_hit(page, i, quality=0.8).field(normalize_company_name(m.group(0)))
    return fields
