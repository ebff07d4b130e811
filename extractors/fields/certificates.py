"""Patent, high-tech-enterprise and honour certificates."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Callable, Sequence

from extractors.fields.common import COMPANY_SUFFIX, date_field, has_damaged_date, has_date, name_field
from extractors.fields.locate import (Hit, continuation, find_labels, find_value, height, is_label, line_hit, right_of,
                                      same_row, union)
from extractors.identifiers import high_tech as high_tech_id
from extractors.identifiers import patent as patent_id
from extractors.normalize.dates import find_damaged_date, parse_date
from extractors.normalize.names import normalize_company_name
from extractors.normalize.text import compact_text
from extractors.text import PageText, title_flags
from intake.ocr.base import OcrLine
from models.record import Field

P_NUMBER = [r"专利号", r"专利号码"]
P_TITLE = [r"发明名称", r"实用新型名称", r"外观设计名称", r"设计名称", r"专利名称", r"名称"]
P_OWNER = [r"专利权人", r"权利人"]
P_APPLIED = [r"专利申请日", r"申请日"]
P_GRANTED = [r"授权公告日", r"授权日", r"颁证日"]
# A spaced label may lose its first character to the OCR ("明人：" of 发　明　人): the title stops there too.
P_ALL = P_NUMBER + P_TITLE + P_OWNER + P_APPLIED + P_GRANTED + [r"发?明人", r"设?计人", r"地址", r"授权公告号", r"申请号"]


def _cut_heads(labels: list[str], others: list[str]) -> list[str]:
    """Labels as the OCR leaves them when it loses a spaced label's head at the margin ('请日：' of
    专 利 申 请 日): their tails of two characters or more before the colon, where no label of
    another field ends the same way.

    >>> _cut_heads(["专利申请日", "申请日"], ["授权公告日", "专利号"])
    ['利申请日(?=[:：])', '请日(?=[:：])']
    """
    def plain(ls: list[str]) -> list[str]:
        return [label for label in ls if re.fullmatch(r"[\u4e00-\u9fff]+", label)]
    foreign = {label[k:] for label in plain(others) for k in range(len(label))}
    tails = {label[k:] for label in plain(labels) for k in range(1, len(label) - 1)}
    return [re.escape(t) + r"(?=[:：])" for t in sorted(tails - foreign - set(labels), key=lambda t: (-len(t), t))]


# Each field's labels with their cut forms; the cut forms stop a value that runs on too.
P_NUMBER_CUT, P_OWNER_CUT, P_APPLIED_CUT, P_GRANTED_CUT = (
    labels + _cut_heads(labels, [x for x in P_ALL if x not in labels]) for labels in (P_NUMBER, P_OWNER, P_APPLIED, P_GRANTED))
P_ALL_CUT = P_ALL + [x for labels in (P_NUMBER_CUT, P_OWNER_CUT, P_APPLIED_CUT, P_GRANTED_CUT) for x in labels if x not in P_ALL]

_LEAD_SEP = re.compile(r"^[:：;；,，.\s]+")
# Invention and utility-model titles open with 一种, whose 一 the OCR often reads as a dash or
# loses (a thin stroke in front of the label's colon). A dash before 种 is that 一; a bare 种 may
# open a title of its own (种鸡笼养装置, 种衣剂, 种子包衣装置), so it is taken for a lost 一 only
# on the patents whose titles open with 一种, and less surely.
_DASH_YI = re.compile(r"^[-—_－‐~～]种")
_BARE_ZHONG = re.compile(r"^种(?![子植苗类养禽猪蛋业质源薯鸡鸭鹅牛羊兔鱼衣球皮群])")
_YI_ZHONG_TYPES = ("发明", "实用新型")
LOST_YI = 0.8  # quality of a title whose lost 一 was put back
CHECK_LOST = 0.5  # most a number whose lost check digit was computed from its digits is trusted
_PATENT_IN_TEXT = re.compile(r"(?:ZL|Z1|2L|CN)?[0-9OoIlSBZ\s]{8,16}[.·,][0-9Xx×OoIl]")


def _patent_number(pages: Sequence[PageText]) -> Field | None:
    unreadable = completed = None
    for page in pages:
        for lm in find_labels(page, P_NUMBER_CUT):
            texts = [(lm.rest, lm.rest_box, lm.line.confidence)]
            hit = find_value(page, P_NUMBER_CUT, P_ALL_CUT, accept=lambda s: bool(re.search(r"\d", s)))
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
                number = patent_id.with_lost_check(compact)
                if number and completed is None:  # a number read whole anywhere on the pages goes first
                    completed = Field(value=number, confidence=round(conf * CHECK_LOST, 4), page=page.index,
                                      bbox=tuple(box), raw=f"{text}+check")
                if compact and unreadable is None:
                    unreadable = Field(value=None, confidence=0.0, page=page.index, bbox=tuple(box), raw=text)
        for i, line in enumerate(page.lines):
            compact = compact_text(line.text)
            if "ZL" in compact.upper():
                for m in _PATENT_IN_TEXT.finditer(compact):
                    if patent_id.is_valid(m.group(0)):
                        return line_hit(page, i).field(patent_id.validate(m.group(0)), 0.8)
    return completed or unreadable


def _labelled(page: PageText, labels: list[str], stops: list[str], accept: Callable[[str], bool]) -> Hit | None:
    """find_value, or else the box right of a bare label on its row even where the two boxes
    overlap: tight 'label：value' printing that the OCR cut in two ('授权公告日：' | '2015年…')."""
    hit = find_value(page, labels, stops, accept=accept)
    if hit is not None:
        return hit
    for lm in find_labels(page, labels):
        if lm.rest:
            continue
        middle = (lm.line.box[0] + lm.line.box[2]) / 2
        row = sorted(((line.box[0], j) for j, line in enumerate(page.lines)
                      if j != lm.index and same_row(lm.line.box, line.box) and line.box[0] > middle))
        for _, j in row[:1]:
            candidate = line_hit(page, j, _LEAD_SEP.sub("", compact_text(page.lines[j].text)), lm.quality)
            if not is_label(candidate.text, stops) and accept(candidate.text):
                return candidate
    return None


def _spaced_label_heads(page: PageText, labels: list[str]) -> set[str]:
    """The lone first characters of spaced labels the OCR cut apart ('发' | '明' | '人：陈静海'):
    a box of one or two characters that reads as a label once joined with the boxes to its right."""
    heads = set()
    for i, line in enumerate(page.lines):
        text = compact_text(line.text)
        if 0 < len(text) <= 2 and is_label(text + "".join(compact_text(t.text) for _, t in right_of(page, i)), labels):
            heads.add(text)
    return heads


SPECK_WIDTH = 0.4  # of the line height per Chinese character (half that per digit or letter), below which a box cannot hold its reading


def _without_specks(page: PageText) -> PageText:
    """The page without boxes far too narrow for what they were read as: a speck or a colon
    between a label and its value read as characters ('实用新型名称' | '尔一' | '一种…',
    '专利申请日' | '20' | '2017年09月01日')."""
    def speck(line: OcrLine) -> bool:
        hanzi = len(re.findall(r"[\u4e00-\u9fff]", line.text))
        widths = hanzi + 0.5 * len(re.findall(r"[0-9A-Za-z]", line.text))
        return widths > 0 and line.box[2] - line.box[0] < SPECK_WIDTH * height(line.box) * widths
    return replace(page, lines=[line for line in page.lines if not speck(line)])


def extract_patent(pages: Sequence[PageText]) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    number = _patent_number(pages)
    if number is not None:
        fields["patent_number"] = number
    for page in map(_without_specks, pages):
        text = page.text
        hit = _labelled(page, P_TITLE, P_ALL_CUT, accept=lambda s: len(s) >= 2)
        if hit and "patent_title" not in fields:
            heads = _spaced_label_heads(page, P_ALL)
            hit = continuation(page, _rest_of_row(page, hit, P_ALL_CUT), P_ALL_CUT, max_lines=2, stop=lambda s: s in heads)
            fields["patent_title"] = hit.field(_DASH_YI.sub("一种", hit.text))
        hit = _labelled(page, P_OWNER_CUT, P_ALL_CUT, accept=lambda s: len(s) >= 2)
        if hit and "patentee" not in fields:
            fields["patentee"] = hit.field(normalize_company_name(hit.text) if COMPANY_SUFFIX.search(hit.text) else hit.text)
        if "application_date" not in fields:
            f = date_field(_labelled(page, P_APPLIED_CUT, P_ALL_CUT, accept=has_damaged_date), damaged=True)
            if f:
                fields["application_date"] = f
        if "grant_date" not in fields:
            f = date_field(_labelled(page, P_GRANTED_CUT, P_ALL_CUT, accept=has_damaged_date), damaged=True)
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
    _put_back_lost_yi(fields)
    return fields


def _rest_of_row(page: PageText, hit: Hit, stops: list[str]) -> Hit:
    """The value with the boxes the OCR cut its printed line into after it ('一种可调式中药饮片检测' |
    '测装置'): each touches the one before; a character read at the cut in boxes that overlap
    counts once (with a gap between them it is printed twice: '一种多层' | '层叠式过滤装置')."""
    if hit.line_index < 0:
        return hit
    h = height(page.lines[hit.line_index].box)
    text, box = hit.text, hit.bbox
    for j, line in right_of(page, hit.line_index):
        piece = compact_text(line.text)
        if not -0.5 * h <= line.box[0] - box[2] <= h or is_label(piece, stops):
            break
        text += piece[1:] if piece[:1] == text[-1:] and line.box[0] < box[2] else piece
        box = union([box, line.box])
    return replace(hit, text=text, bbox=box) if text != hit.text else hit


def _put_back_lost_yi(fields: dict[str, Field]) -> None:
    """An invention or utility-model title read from 种 on is 一种…, its 一 lost; less sure."""
    title, kind = fields.get("patent_title"), fields.get("patent_type")
    if title and kind and kind.value in _YI_ZHONG_TYPES and _BARE_ZHONG.match(str(title.value)):
        fields["patent_title"] = title.model_copy(update={
            "value": f"一{title.value}", "confidence": round(title.confidence * LOST_YI, 4)})


H_NUMBER = [r"证书编号", r"编号"]
H_NAME = [r"企业名称", r"名称"]
H_ISSUED = [r"发证时间", r"发证日期", r"颁发日期", r"颁发时间", r"批准日期", r"认定日期", r"认定时间"]
H_ALL = H_NUMBER + H_NAME + H_ISSUED + [r"有效期"]
# What is left of the year, then the month and the day.
_MONTH_DAY = re.compile(r"([〇○零Oo一二三四五六七八九十\d]{0,4})年([〇零一二三四五六七八九十\d]{1,3})月([〇零一二三四五六七八九十\d]{1,3})日")
_AS_DIGITS = str.maketrans("〇○零Oo一二三四五六七八九", "00000123456789")


# A box naming the validity, or a date that ends a span ('至2022年7月23日'), dates when the
# recognition ends, never when it was issued.
_VALIDITY = re.compile(r"有效期|^至|截止")
_BARE_VALIDITY = re.compile(r"有效期限?(?:至|截止)?[:：]?|截止|至")  # a label whose value is in the next box


def _rows_upward(page: PageText) -> list[tuple[list[int], str]]:
    """The page's printed rows from the bottom up, as (line indices, text), without the validity's
    boxes: a seal over a date makes the OCR cut its row into pieces ('九年' | '三月十' | '二日'),
    joined here left to right."""
    rows: list[list[int]] = []
    for i in sorted(range(len(page.lines)), key=lambda i: page.lines[i].box[0]):
        row = next((r for r in rows if same_row(page.lines[r[0]].box, page.lines[i].box)), None)
        if row is None:
            rows.append([i])
        else:
            row.append(i)
    rows.sort(key=lambda r: -page.lines[r[0]].box[1])
    kept = [r for r in (_without_validity(page, r) for r in rows) if r]
    return [(r, "".join(compact_text(page.lines[i].text) for i in r)) for r in kept]


def _without_validity(page: PageText, row: list[int]) -> list[int]:
    """The row's boxes but the validity's: a box naming it, and the box after a bare label
    ('有效期至' | '2022年7月23日'); a date beside '有效期：三年' is another one (the issue)."""
    kept, after_label = [], False
    for i in row:
        text = compact_text(page.lines[i].text)
        if _VALIDITY.search(text) or after_label:
            after_label = bool(_BARE_VALIDITY.fullmatch(text))
            continue
        kept.append(i)
    return kept


def _readings_upward(page: PageText, pieces_first: bool) -> list[tuple[list[int], str]]:
    """Each row from the bottom up, joined and as its pieces alone: joined first for a whole date
    ('2019年10月1' | '5日'), pieces first for a damaged one (pieces that overlap at a cut hold its
    characters twice: '20' | '019年10月22日'), but for a piece cut short after its month, which
    the joined row may finish ('一九年七月二' | '十四日')."""
    readings = []
    for indices, text in _rows_upward(page):
        pieces = [([i], compact_text(page.lines[i].text)) for i in indices] if len(indices) > 1 else []
        if pieces_first:
            whole = [piece for piece in pieces if not _cut_short(piece[1])]
            readings += whole + [(indices, text)] + [piece for piece in pieces if _cut_short(piece[1])]
        else:
            readings += [(indices, text)] + pieces
    return readings


def _row_field(page: PageText, indices: list[int], value: str, quality: float) -> Field:
    box = union(page.lines[i].box for i in indices)
    confidence = min(page.lines[i].confidence for i in indices) * quality
    return Hit(value, box, confidence, page.index, "".join(page.lines[i].text for i in indices), indices[0]).field(value)


def _bottom_date(page: PageText) -> Field | None:
    """Often the only date is the one under the issuing authorities, lowest on the page; where
    their seals cut it short ('二O一九年八月三', its 日 under a ring) it is read leniently."""
    for indices, text in _readings_upward(page, pieces_first=False):
        if has_date(text):
            return _row_field(page, indices, parse_date(text).isoformat(), 0.8)
    for indices, text in _readings_upward(page, pieces_first=True):
        if page.lines[indices[0]].box[1] < page.height / 2:
            break
        d = find_damaged_date(text)
        if d is not None:
            return _row_field(page, indices, d.isoformat(), 0.6)
    return None


def _dated_in_number_year(page: PageText, number: Field | None) -> Field | None:
    """The bottom date with its year lost under a seal ('〇一八年三月十二日'): the number
    carries the year of recognition (GR2018…), which is the year of issue."""
    if number is None or not number.value:
        return None
    year = int(str(number.value)[2:6])
    for indices, text in _readings_upward(page, pieces_first=True):
        d = month_day_in_year(text, year)
        if d is not None:
            return _row_field(page, indices, d.isoformat(), 0.7)
    return None


def month_day_in_year(text: str, year: int) -> date | None:
    """The month and day of a date whose year is lost or cut short ('八年四月二十日', '二一九年…'),
    in `year`, where what is left of the year is its digits with some lost ('二十八年' is no piece
    of 二〇一八).

    >>> month_day_in_year("八年四月二十日", 2018), month_day_in_year("年3月5日", 2019)
    (datetime.date(2018, 4, 20), datetime.date(2019, 3, 5))
    >>> month_day_in_year("二一九年五月十八日", 2019), month_day_in_year("二十八年八月十四日", 2018)
    (datetime.date(2019, 5, 18), None)
    """
    m = _MONTH_DAY.search(text)
    if m is None:
        return None
    # the year is written the way the month is: 2018年3月 or 二〇一八年三月
    written = str(year) if m.group(2).isdigit() else "".join("〇一二三四五六七八九"[int(c)] for c in str(year))
    rest = iter(str(year))
    if not all(c in rest for c in m.group(1).translate(_AS_DIGITS)):
        return None  # what is left of the year is no piece of `year`
    return parse_date(f"{written}年{m.group(2)}月{m.group(3)}日")


NUMBER_YEAR_QUALITY = 0.8  # a date whose year the certificate's number gave, or stands against it
# All four digits of a date's year read ('2019年', '二〇一九年', 'Q' for a 〇): such a year stands.
WHOLE_YEAR = re.compile(r"[〇○零OoQ\d一二三四五六七八九]{4}\s*年")


def _in_number_year(issued: Field, number: Field | None) -> Field:
    """A 高新技术企业 certificate is issued in the year of recognition its number carries
    (GR2019…). A year cut short under the authorities' seals ('O九年四月十五日' reads as 2009)
    takes the number's year; a year read whole stands, since the number has no check digit and a
    digit of it is as likely misread. Either way the date is less sure."""
    if number is None or not high_tech_id.is_valid(str(number.value or "")):
        return issued
    year = int(str(number.value)[2:6])
    if date.fromisoformat(str(issued.value)).year == year:
        return issued
    raw = issued.raw or ""
    moved = None if WHOLE_YEAR.search(raw) else month_day_in_year(raw, year)
    return issued.model_copy(update={"value": moved.isoformat() if moved else issued.value,
                                     "confidence": round(issued.confidence * NUMBER_YEAR_QUALITY, 4)})


def extract_high_tech(pages: Sequence[PageText]) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    for page in pages:
        if "certificate_number" not in fields:
            hit = find_value(page, H_NUMBER, H_ALL, accept=lambda s: high_tech_id.find(s) is not None)
            if hit:
                fields["certificate_number"] = hit.field(high_tech_id.find(hit.text))
            else:
                for i, line in enumerate(page.lines):
                    number = high_tech_id.find(line.text)
                    if number:
                        fields["certificate_number"] = line_hit(page, i).field(number, 0.9)
                        break
        if "company_name" not in fields:
            f = name_field(_labelled(page, H_NAME, H_ALL, accept=lambda s: len(s) >= 4))
            if f:
                fields["company_name"] = f
        if "issue_date" not in fields:
            f = date_field(_labelled(page, H_ISSUED, H_ALL, accept=has_date)) or _bottom_date(page)
            f = f or _dated_in_number_year(page, fields.get("certificate_number"))
            if f:
                fields["issue_date"] = _in_number_year(f, fields.get("certificate_number"))
    if "valid_until" not in fields:
        for page in pages:
            f = _printed_validity(page)
            if f is not None:
                fields["valid_until"] = f
                break
    _settle_span(fields)
    return fields


SPAN_QUALITY = 0.8  # a date found from the other end of the three years
OFF_YEAR_QUALITY = 0.5  # such a date that breaks the number's year of recognition: for review


def _settle_span(fields: dict[str, Field]) -> None:
    """The issue date and valid_until are the two ends of three years, so each gives the other.
    Where both were read and disagree, the end whose year fits the number's year of recognition
    (GR2019… is issued in 2019, valid into 2022) stands; where both or neither fit, a date read
    whole stands over one cut short after its month ('2018年1月1'); two dates read whole and
    fitting stand as printed."""
    issued, until = fields.get("issue_date"), fields.get("valid_until")
    if issued is None and until is None:
        return
    start = date.fromisoformat(str(issued.value)) if issued else None
    end = date.fromisoformat(str(until.value)) if until else None
    if start is not None and end is not None:
        if _three_years_from(start) == end:
            return
        end_stands = _span_end_stands(fields, start, end, issued, until)
        if end_stands is None:
            return
    else:
        end_stands = start is None
    year = _recognition_year(fields)
    if end_stands:
        derived = _three_years_before(end)
        quality = SPAN_QUALITY * (OFF_YEAR_QUALITY if year and derived.year != year else 1.0)
        fields["issue_date"] = until.model_copy(update={
            "value": derived.isoformat(), "raw": f"{until.raw} -3年+1日",
            "confidence": round(until.confidence * quality, 4)})
    else:
        derived = _three_years_from(start)
        quality = (1.0 if end is None else SPAN_QUALITY) * (OFF_YEAR_QUALITY if year and start.year != year else 1.0)
        fields["valid_until"] = issued.model_copy(update={
            "value": derived.isoformat(), "raw": f"{issued.raw} +3年-1日",
            "confidence": round(issued.confidence * quality, 4)})


def _recognition_year(fields: dict[str, Field]) -> int | None:
    """The year of recognition the certificate's number carries (GR2019… : 2019)."""
    number = fields.get("certificate_number")
    value = str(number.value or "") if number else ""
    return int(value[2:6]) if high_tech_id.is_valid(value) else None


def _span_end_stands(fields: dict[str, Field], start: date, end: date, issued: Field, until: Field) -> bool | None:
    """Whether valid_until stands against the issue date (None: neither is the surer). An end
    fits the number's year where the span it closes opens in that year (an issue on 1 January
    ends on 31 December two years on)."""
    year = _recognition_year(fields)
    if year:
        start_fits, end_fits = start.year == year, _three_years_before(end).year == year
        if start_fits != end_fits:
            return end_fits
    cut = _cut_short(issued.raw), _cut_short(until.raw)
    return None if cut[0] == cut[1] else cut[0]


def _cut_short(raw: str | None) -> bool:
    """A date whose day may have lost digits: its 月 read, no 日 after it ('2018年1月1')."""
    return bool(re.search(r"月[^日号]*$", raw or ""))


def _three_years_before(end: date) -> date:
    """The issue date of a recognition valid until `end` (an issue on 29 February, valid until
    27 February, comes back as the 28th: such a day is rare enough to leave).

    >>> _three_years_before(date(2021, 1, 16)), _three_years_before(date(2022, 2, 28))
    (datetime.date(2018, 1, 17), datetime.date(2019, 3, 1))
    """
    start = end + timedelta(days=1)
    try:
        return start.replace(year=start.year - 3)
    except ValueError:  # 29 February
        return start.replace(year=start.year - 3, day=28)


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
        hits = [(lm.rest, lm.line, lm.index)]
        if not lm.rest:  # '有效期：三年' has its value: a date in the next box is another one
            hits += [(t.text, t, j) for j, t in right_of(page, lm.index, H_ALL)[:1]]
        for text, line, j in hits:
            dates = find_dates(text)
            if dates:
                return line_hit(page, j if j != lm.index else lm.index).field(dates[-1][0].isoformat())
    return None


HONOURS = [  # specific kinds first; the generic 荣誉证书 only when nothing more specific is named
    ("famous_trademark", r"著名商标"), ("brand_product", r"名牌产品"), ("agri_leader", r"龙头企业"),
    ("dual_integration", r"两化融合"), ("specialized_sme", r"专精特新|小巨人"),
    ("contract_credit", r"守合同重信用"), ("tech_center", r"企业技术中心|工程技术研究中心"),
    ("ip_enterprise", r"知识产权(?:优势|示范)企业"), ("honour", r"荣誉证书|荣誉称号|荣誉"),
]


def extract_honor(pages: Sequence[PageText]) -> dict[str, Field]:
    """honor_kind from the most specific honour named, preferring the title lines; the company
    is the first organisation named with a company suffix (issuers are 厅/局/联盟)."""
    fields: dict[str, Field] = {}
    best: tuple[tuple[int, bool, int], Field] | None = None
    for page in pages:
        for i, (line, is_title) in enumerate(zip(page.lines, title_flags(page))):
            text = compact_text(line.text)
            for order, (kind, rx) in enumerate(HONOURS):
                if re.search(rx, text):
                    key = (order == len(HONOURS) - 1, not is_title, order)
                    if best is None or key < best[0]:
                        best = (key, line_hit(page, i).field(kind))
            m = COMPANY_SUFFIX.search(text)
            if m and "company_name" not in fields:
                fields["company_name"] = line_hit(page, i, quality=0.8).field(normalize_company_name(m.group(0)))
    if best is not None:
        fields["honor_kind"] = best[1]
    return fields
