"""Financial statements and audit reports: key figures, year, firm, report number, opinion.

Figures are read from table rows: the row is found by its label, then the
current-period column (期末余额 / 本期金额 / 本年金额 …) is chosen by the
x-position of the column headers, so the prior-period column (年初余额 /
上期金额 …) is never taken. Amounts are converted to yuan from the page's
"单位：元/千元/万元".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Sequence

from extractors.classify import STATEMENT_TITLES, detect_fiscal_year, detect_statement
from extractors.fields.locate import Hit, height, line_hit, right_of, same_row
from extractors.normalize.money import UNIT_FACTORS, parse_money
from extractors.normalize.places import LOOKALIKES
from extractors.normalize.text import compact_text, nfkc
from extractors.text import PageText
from intake.ocr.base import OcrLine
from models.record import Field

# Row labels (after stripping "一、" (or the "、" left when OCR drops the 一), "加：", "其中：" …). First pattern wins over later ones.
ROWS: dict[str, tuple[list[str], str | None]] = {
    "operating_revenue": ([r"营业总收[入人]", r"营业收[入人](?!.*合计)", r"主营业务收[入人]"], "income_statement"),
    # Last resorts when OCR garbled the label itself ("机间总额"): the note only these rows carry.
    "total_profit": ([r"利润?总额", r".{2,4}(?=[(（]亏损总额)"], "income_statement"),
    "net_profit": ([r"净利润(?![^(（]*归属)", r".{2,4}(?=[(（]净亏损)"], "income_statement"),
    # 负债和所有者权益总计 equals 资产总计 by definition: the last resort when OCR lost the assets label.
    "total_assets": ([r"资产总计", r"资产合计$", r"资产总额$", r"总资产$", r".{0,3}和(?:所有者|股东)权益.{0,10}计$"],
                     "balance_sheet"),
    "total_liabilities": ([r"负债合计", r"负债总额$", r"负债总计$"], "balance_sheet"),
    # 研究开发费 with the two characters between its 研 and 发 misread ("研宽升发费"): no other row opens with 研.
    "rd_expense": ([r"研发费用", r"研究开发费用?", r"研[\u4e00-\u9fff]{2}发费用?$"], "income_statement"),
}

CURRENT = re.compile(r"期末余额|期末数|期末金额|本期金额|本期数|本期发生额|本年金额|本年数|本年累计数?|本年发生额|年末余额|年末数|本期累计")
PRIOR = re.compile(r"年初余额|年初数|上期金额|上期数|上期发生额|上年金额|上年数|上年同期|上年累计|上年年末余额|上年末余额|期初余额|期初数|本月数|本月金额")
# A header cell misread by OCR ("本年全部" for 本年金额) still says which period it is.
CURRENT_LOOSE = re.compile(r"^(?:本年|本期|期末|年末)[\u4e00-\u9fff]{1,4}$")
PRIOR_LOOSE = re.compile(r"^(?:上年|上期|期初|年初)[\u4e00-\u9fff]{1,4}$")
ROW_NO = re.compile(r"^行次$|^行$|^附注$|^注释$|^注$")
# The numbered headline rows lose their 、 in OCR now and then: "四净利润".
_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]*[、丶.．,，·・]|[一二三四五六七八九十](?=营业|利润|净利|综合|其他)|\(?[一二三四五六七八九十\d]+\)|（[一二三四五六七八九十\d]+）|\d+[、.．](?!\d)|加[:：]|减[:：]|其中[:：]|：|:)+")
_AMOUNT = re.compile(
    # 1,234,567.89, OCR's 1.234.567.89, and 1,234567.89 with a separator OCR dropped (groups stay whole)
    r"[-−(（]?\d{1,3}(?:\d{3})*(?:[,，.](?:\d{3})+)+(?:[.,]\d{1,2})?(?![\d,.])[)）]?"
    r"|[-−(（]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?[)）]?|[-−(（]?\d+(?:\.\d+)?[)）]?"
)
UNIT_PATTERN = re.compile(r"单位[:：,，]?(?:人民币)?(百万元|千元|万元|元)")  # OCR reads the colon as a comma
_YEAR_HEADER = re.compile(r"((?:19|20)\d{2})年(?:度|12月31日|末)?")


@dataclass
class Token:
    value: Decimal
    text: str
    x: float  # centre
    box: tuple[float, float, float, float]
    confidence: float


def page_unit(page: PageText) -> str | None:
    """The unit the page states, None when OCR lost or the page omits its 单位 line."""
    for line in page.lines:
        m = UNIT_PATTERN.search(compact_text(line.text))
        if m:
            return m.group(1)
    return None


# A point or comma between digits that the OCR read as a colon ("13,961:25", "2:330:06"): a
# statement's cells hold no colon, so it is one of the two, and the amount's grammar says which:
# three digits and no more after it are a thousands group ("45,955:229"), anything else the cents.
_COLON_COMMA = re.compile(r"(?<=\d):(?=\d{3}(?!\d))")
_COLON_POINT = re.compile(r"(?<=\d):(?=\d)")
# A grouped amount with two digits run on after its last group: the cents, their point lost ("38,60743").
_POINT_LOST = re.compile(r"(?<![\d.])(\d{1,3}(?:[,，]\d{3})+)(\d{2})(?![\d,，.])")
# A comma before the last two digits is the decimal point misread ("75658,95"): a thousands group
# has three. Three digits before it at least: "5,12" is a note's reference (附注), never an amount.
_COMMA_POINT = re.compile(r"(?<=\d{3})[,，](?=\d{2}(?![\d,，.]))")


def _tokens(line: OcrLine, start_char: int = 0) -> list[Token]:
    """Amounts in a line with x-centres estimated from character positions."""
    text = re.sub(r"(?<=[,，])\s+(?=\d{3})", "", nfkc(line.text))  # OCR's space after a thousands comma
    text = _COLON_POINT.sub(".", _COLON_COMMA.sub(",", text))
    text = _COMMA_POINT.sub(".", _POINT_LOST.sub(r"\1.\2", text))
    total = max(len(text), 1)
    x0, y0, x1, y1 = line.box
    out = []
    for m in _AMOUNT.finditer(text):
        if m.start() < start_char or _broken(text, m.start(), m.end()):
            continue
        value = parse_money(m.group(0))
        if value is None:
            continue
        a = x0 + (x1 - x0) * m.start() / total
        b = x0 + (x1 - x0) * m.end() / total
        out.append(Token(value, m.group(0), (a + b) / 2, (a, y0, b, y1), line.confidence))
    # A dash alone means zero in Chinese statements.
    if not out and re.fullmatch(r"\s*[-—–]+\s*", text) and start_char == 0:
        out.append(Token(Decimal(0), text, (x0 + x1) / 2, line.box, line.confidence))
    return out


def _broken(text: str, start: int, end: int) -> bool:
    """A piece of a misread amount ("161,144,2.82" gives "161,144" and "2.82"): never a figure."""
    return bool(re.match(r"[,，.]\d", text[end:end + 2]) or (start and text[start - 1] in ",，."))


@dataclass
class Columns:
    current: list[float]
    prior: list[float]
    row_no: list[float]
    current_first: bool
    slope: float = 0.0  # dy/dx of the table's rows: a page left slightly askew


def _row_slope(page: PageText) -> float:
    """How far a row rises or falls per pixel across the page, from neighbouring amount
    cells of one row (an amount and the nearest amount to its right at about its height)."""
    cells = [l for l in page.lines if re.fullmatch(r"[-−(（]?[\d,，.]{4,}[)）]?", compact_text(l.text))]
    slopes = []
    for a in cells:
        h = height(a.box)
        right = [b for b in cells if b.box[0] >= a.box[2] and abs(b.box[1] - a.box[1]) < 0.7 * h]
        if right:
            b = min(right, key=lambda b: b.box[0])
            slopes.append(((b.box[1] + b.box[3]) - (a.box[1] + a.box[3])) / 2 / ((b.box[0] + b.box[2] - a.box[0] - a.box[2]) / 2))
    return sorted(slopes)[len(slopes) // 2] if len(slopes) >= 3 else 0.0


def _levelled(box: tuple[float, float, float, float], slope: float, x: float) -> tuple[float, float, float, float]:
    """`box` moved to where it would be on a level page, as seen from x."""
    dy = slope * ((box[0] + box[2]) / 2 - x)
    return (box[0], box[1] - dy, box[2], box[3] - dy)


def _keyword_centres(line: OcrLine, rx: re.Pattern[str], mask: re.Pattern[str] | None = None) -> list[float]:
    """x-centres of rx's matches; `mask`'s matches are blanked first (上年年末余额 holds 年末余额)."""
    text = nfkc(line.text)
    if mask is not None:
        text = mask.sub(lambda m: "＿" * len(m.group(0)), text)
    total = max(len(text), 1)
    x0, _, x1, _ = line.box
    return [x0 + (x1 - x0) * (m.start() + m.end()) / 2 / total for m in rx.finditer(text)]


def page_columns(page: PageText, fiscal_year: int | None) -> Columns:
    current: list[float] = []
    prior: list[float] = []
    row_no: list[float] = []
    order: list[str] = []
    year_heads: list[tuple[OcrLine, int, float]] = []
    for line in page.lines:
        text = compact_text(line.text)
        if len(text) > 40:
            continue
        c = _keyword_centres(line, CURRENT, mask=PRIOR)
        p = _keyword_centres(line, PRIOR)
        if not c and not p:
            centre = [(line.box[0] + line.box[2]) / 2]
            c, p = (centre, []) if CURRENT_LOOSE.match(text) else ([], centre) if PRIOR_LOOSE.match(text) else ([], [])
        years_in_line = {m.group(1) for m in _YEAR_HEADER.finditer(text)}
        if not c and not p and (len(text) <= 14 or len(years_in_line) >= 2):
            for m in _YEAR_HEADER.finditer(nfkc(line.text)):
                xs = _keyword_centres(line, re.compile(re.escape(m.group(0))))
                year_heads += [(line, int(m.group(1)), x) for x in xs[:1]]
        current += c
        prior += p
        if c or p:
            pairs = sorted([(x, "c") for x in c] + [(x, "p") for x in p])
            order += [k for _, k in pairs]
        if ROW_NO.search(text):
            row_no.append((line.box[0] + line.box[2]) / 2)
    if not current and not prior and fiscal_year:
        # Columns headed by dates ("2019年12月31日 | 2018年12月31日"): only when two
        # different years share a row; a lone date line is the statement's subtitle.
        for line, year, x in year_heads:
            others = [y for l2, y, _ in year_heads if same_row(l2.box, line.box)]
            if any(y != year for y in others):
                # The year before is the comparative; where the year itself was misread ("2010年"
                # for 2019年 beside 2018年), the column that is not the year before is the year's.
                own = year == fiscal_year or (fiscal_year not in others and year != fiscal_year - 1)
                (current if own else prior).append(x)
                order.append("c" if own else "p")
    current_first = True
    if order:
        current_first = order[0] == "c"
    return Columns(current, prior, row_no, current_first, _row_slope(page))


# Characters of the row labels OCR misreads on faint or grainy scans, one for one: 利洞总额, 净利网, 研完开发费.
_MISREAD = str.maketrans("洞网涧闰完", "润润润润究")


# The last cell of the table's left half that OCR merged into the next label: "30,439.55负债合计".
_LEADING_AMOUNT = re.compile(r"^[-−(（]?\d[\d,，.]{3,}[)）]?(?=[\u4e00-\u9fff])")


def _row_label(text: str) -> str:
    return _PREFIX.sub("", _LEADING_AMOUNT.sub("", compact_text(text))).translate(_MISREAD)


def find_label(text: str) -> str | None:
    """The field a row label names (a table cell read exactly), or None."""
    label = _row_label(text)
    for name, (patterns, _) in ROWS.items():
        if any(re.match(p, label) for p in patterns):
            return name
    return None


# The rows' plain labels: a cell that reads as one of them with one character wrong ("负值合计")
# is that row, tried after the rows read right (a cell of the other statement is no better).
ONE_OFF = {"operating_revenue": "营业收入", "total_profit": "利润总额", "total_assets": "资产总计",
           "total_liabilities": "负债合计", "rd_expense": "研发费用"}
_WORD = re.compile(r"[\u4e00-\u9fff]+")


def find_row(page: PageText, patterns: list[str], near: str | None = None) -> list[tuple[int, int]]:
    """(line index, char offset where the amounts may start) for lines labelled by a pattern,
    the first pattern's lines first, then those labelled `near` with one character misread (where
    the rows read right hold no figure: "资户总计" beside a total the OCR garbled)."""
    found = []
    for pattern in patterns:
        rx = re.compile(pattern)
        for i, line in enumerate(page.lines):
            compact = compact_text(line.text)
            label = _row_label(compact)
            m = rx.match(label)
            if m and all(i != j for j, _ in found):
                found.append((i, _label_end(nfkc(line.text), len(compact) - len(label) + m.end())))
    if near:
        for i, line in enumerate(page.lines):
            compact = compact_text(line.text)
            label = _row_label(compact)
            word = _WORD.match(label)
            if word and _one_off(word.group(0), near) and find_label(word.group(0)) is None:
                found.append((i, _label_end(nfkc(line.text), len(compact) - len(label) + word.end())))
    return found


def _one_off(word: str, label: str) -> bool:
    """`word` is `label` with one character misread (never its first: "负值合计" for 负债合计).

    >>> _one_off("负值合计", "负债合计"), _one_off("流动负债合计", "负债合计"), _one_off("资本公积", "资产总计")
    (True, False, False)
    """
    return len(word) == len(label) and word[0] == label[0] and sum(a != b for a, b in zip(word, label)) == 1


def _label_end(raw: str, compact_end: int) -> int:
    """Index in `raw` after its first `compact_end` non-space characters (the prefix and the label)
    and any bracketed note like (亏损总额以"-"号填列)."""
    seen = end = 0
    while end < len(raw) and seen < compact_end:
        seen += not raw[end].isspace()
        end += 1
    # OCR may drop the closing bracket, or read the opening one as a 1 ("净利润1净亏损以-填列）").
    # Without either bracket the note ends where the row's figures begin.
    note = re.match(r"\s*(?:[(（][^)）]*(?:[)）]|$)|[1lI|]?[^)）\d]*?亏损[^)）\d]*(?:[)）]|$|(?=\d)))", raw[end:])
    if note:
        end += note.end()
    return end


def row_value(page: PageText, index: int, start: int, cols: Columns, unit: str) -> tuple[Decimal, Hit] | None:
    label_line = page.lines[index]
    raw = nfkc(label_line.text)
    # A merged line may run on into the other half of a two-sided balance sheet, whose label sits
    # right of this half's figure columns; words left of them are a seal's text over the label.
    other = re.search(r"[\u4e00-\u9fff]{2,}", raw[start:])
    columns = cols.current + cols.prior
    if other and columns and _x_of(label_line, start + other.start()) < min(columns):
        other = None
    stop_char = start + other.start() if other else len(raw)
    tokens = [t for t in _tokens(label_line, start) if _char_of(label_line, t.x) < stop_char]
    if not other:
        centre = (label_line.box[0] + label_line.box[2]) / 2
        row = sorted(
            (l for j, l in enumerate(page.lines)
             if j != index and same_row(label_line.box, _levelled(l.box, cols.slope, centre))
             and l.box[0] >= label_line.box[2] - 0.5 * height(label_line.box)),
            key=lambda l: l.box[0],
        )
        for line in _join_cents(_join_wrapped(row, page.lines)):
            if re.search(r"[\u4e00-\u9fff]{2,}", line.text):
                if tokens:
                    break  # the next label on the row (e.g. the liabilities half)
                continue  # words before any amount: a seal's text over the row, not a label
            tokens += _tokens(line)
    tokens.sort(key=lambda t: t.x)
    if not tokens:
        return None
    h = height(label_line.box)
    # Drop row numbers: tokens under a 行次 header, or a leading small integer.
    if cols.row_no:
        tokens = [t for t in tokens if min(abs(t.x - x) for x in cols.row_no) > 1.5 * h or "," in t.text or "." in t.text]
    elif len(tokens) >= 2 and re.fullmatch(r"\d{1,2}", tokens[0].text):
        tokens = tokens[1:]
    if not tokens:
        return None
    lead = _LEADING_AMOUNT.match(compact_text(label_line.text))
    # The label's own left edge: columns left of it belong to the table's other half.
    right = label_line.box[0] + (label_line.box[2] - label_line.box[0]) * (
        lead.end() / len(compact_text(label_line.text)) if lead else 0)
    cur = sorted(x for x in cols.current if x > right)
    pri = sorted(x for x in cols.prior if x > right)
    chosen: Token | None = None
    quality = 0.95
    if cur:
        cx = cur[0]
        px = pri[0] if pri else None
        best = min(tokens, key=lambda t: abs(t.x - cx))
        if px is None or abs(best.x - cx) < abs(best.x - px):
            chosen, quality = best, 1.0
        elif len(tokens) == 1:
            return None  # only the prior year's figure was read on this row
    elif pri and len(tokens) >= 2:
        # Only the comparative column's header was read (期末余额 garbled, 上年年末余额 not): the
        # year's own figure is the one of the first two away from it.
        chosen, quality = max(tokens[:2], key=lambda t: abs(t.x - pri[0])), 0.9
    elif pri and abs(tokens[0].x - pri[0]) < UNDER_HEADER * h:
        return None  # the year's cell blank or lost: the one figure read is the comparative's
    if chosen is None:
        # No usable geometry: header order (current column first unless the header says otherwise).
        tokens_in_half = tokens[:2]
        if cols.current_first or len(tokens_in_half) < 2:
            chosen = tokens_in_half[0]
        else:
            chosen = tokens_in_half[1]
        quality = 0.85 if (cols.current or cols.prior) else 0.75
    value, hit = chosen.value, Hit(chosen.text, chosen.box, chosen.confidence * quality, page.index, label_line.text,
                                   index, "row")
    if _BARE_RUN.fullmatch(chosen.text) and _prints_cents(page):
        value, hit = value / 100, mended(hit, POINT_LOST_QUALITY)
    return value * UNIT_FACTORS.get(unit, Decimal(1)), hit


# A figure read as a bare run of digits on a page whose amounts carry their cents: the OCR lost
# its decimal point, the digits stay ("26567944283" for 265679442.93). Six digits at least: a row
# number or a note's reference is never an amount.
_BARE_RUN = re.compile(r"[-−(（]?\d{6,}[)）]?")
_WITH_CENTS = re.compile(r"[-−(（]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)\.\d{2}[)）]?")
CENTS_CELLS = 5  # amount cells read with their cents that show the page prints them
POINT_LOST_QUALITY = 0.8


def _prints_cents(page: PageText) -> bool:
    """The page prints its amounts with cents: several cells read so (a page of whole amounts has none)."""
    return sum(bool(_WITH_CENTS.fullmatch(compact_text(line.text))) for line in page.lines) >= CENTS_CELLS


# A figure whose centre is within this many text heights of a column header's is in its column
# (another column's figures are a column's width away).
UNDER_HEADER = 3
_WHOLE = re.compile(r"[-−(（]?(?:\d{1,3}(?:[,，.]\d{3})+|\d+)")
_CENTS = re.compile(r"[.,]\d{1,2}[)）]?")
_BARE_CENTS = re.compile(r"\d{2}[)）]?")
# "914.3" | ".22" with overlapping boxes: the first box ran into the cents the second reads whole.
_PARTIAL_CENTS = re.compile(r"(.*\d)[.,]\d")


def _cents_of(whole: str, tail: str, touching: bool) -> str | None:
    """The cents `tail` adds to `whole`: ".21", or bare "67" after a grouped amount or right against
    an ungrouped one ("8501" | "98": OCR lost the decimal point between the boxes)."""
    if _CENTS.fullmatch(tail):
        return tail
    if _BARE_CENTS.fullmatch(tail) and (touching or re.search(r"[,，.]", whole)):
        return "." + tail
    return None


# An amount that stands alone: whole groups, cents if any (a wrapped cell's upper line is not one).
_COMPLETE = re.compile(r"[-−(（]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d{2})?[)）]?")


# Most distance, in line heights, from a wrapped cell's line to the next: its own line pitch, under
# the pitch of a table's rows.
WRAP_PITCH = 1.35
# A piece of an amount: digits and separators only (an empty cell or a word is none).
_AMOUNT_PIECE = re.compile(r"[-−(（]?\d[\d,，.]*[)）]?")


def _stacked(top: OcrLine, below: OcrLine) -> bool:
    """`below` is the next line of `top`'s cell: right under it and ending at its right edge
    (statement cells are right-aligned)."""
    h = height(top.box)
    return (0.5 * h < below.box[1] - top.box[1] < WRAP_PITCH * h and abs(below.box[2] - top.box[2]) < h
            and below.box[0] > top.box[0] - 0.5 * h)


def _join_wrapped(row: list[OcrLine], lines: list[OcrLine]) -> list[OcrLine]:
    """An amount wrapped in its narrow cell ("115,384,63" over "6.84", "280390434." over "19")
    made whole: only when the upper line is no amount alone and the two together are one. The
    lower line is looked for on the whole page: a label level with the upper line leaves it off
    the row."""
    out = list(row)
    for top in row:
        upper = compact_text(top.text)
        if top not in out or not _AMOUNT_PIECE.fullmatch(upper) or _COMPLETE.fullmatch(upper):
            continue
        below = next((b for b in lines if b is not top and _stacked(top, b)
                      and _AMOUNT_PIECE.fullmatch(compact_text(b.text))
                      and _WITH_CENTS.fullmatch(compact_text(top.text) + compact_text(b.text))), None)
        if below is not None:
            box = (top.box[0], top.box[1], max(top.box[2], below.box[2]), below.box[3])
            out[out.index(top)] = OcrLine(compact_text(top.text) + compact_text(below.text), box,
                                          min(top.confidence, below.confidence))
            if below in out:
                out.remove(below)
    return out


def _join_cents(row: list[OcrLine]) -> list[OcrLine]:
    """An amount OCR cut into two boxes at its decimal point ("1.076" | ".21", "1,516.266" | "67")
    made whole again."""
    out: list[OcrLine] = []
    for line in row:
        last = out[-1] if out else None
        if last is None:
            out.append(line)
            continue
        gap = line.box[0] - last.box[2]
        touching = gap < 0.3 * height(last.box)
        whole, tail = compact_text(last.text), compact_text(line.text)
        partial = _PARTIAL_CENTS.fullmatch(whole)
        if touching and partial and (_CENTS.fullmatch(tail) or _BARE_CENTS.fullmatch(tail)) and len(tail.strip(".,)）")) == 2:
            whole = partial.group(1)
        cents = _cents_of(whole, tail, touching)
        if cents and _WHOLE.fullmatch(whole) and gap < height(last.box):
            box = (last.box[0], min(last.box[1], line.box[1]), line.box[2], max(last.box[3], line.box[3]))
            out[-1] = OcrLine(whole + cents, box, min(last.confidence, line.confidence))
        else:
            out.append(line)
    return out


def _x_of(line: OcrLine, char: int) -> float:
    """The x-position of character `char` of a line (characters are about equally wide)."""
    return line.box[0] + (line.box[2] - line.box[0]) * char / max(len(nfkc(line.text)), 1)


def _char_of(line: OcrLine, x: float) -> float:
    text = nfkc(line.text)
    x0, _, x1, _ = line.box
    return (x - x0) / max(x1 - x0, 1.0) * len(text)


def _number(value: Decimal):
    value = value.normalize()
    return int(value) if value == value.to_integral() else float(value)


PRIOR_QUALITY = 0.8  # a figure read from the next year's comparative column, not the year's own statement
TITLE_LINES = 8  # the statement's title is among a page's first lines
MAX_TITLE = 20  # characters of a title line ('母公司资产负债表(续)'); a longer one is a sentence naming it


def _title_texts(page: PageText) -> list[str]:
    """The first lines alone, then each row of them joined left to right: the OCR cuts a wide,
    spaced title in two, the character at the cut read in both ('合并资产' | '产负债表'). A title
    read whole is found alone, whatever small boxes share its row (会企01表). Each line's own row
    is joined: a seal's text read as a tall box over the title shares a row with the title's
    pieces and with the line under it, which do not share one (rows are not transitive)."""
    head = page.lines[:TITLE_LINES]
    rows: list[str] = []
    for line in head:
        pieces = sorted((o for o in head if same_row(line.box, o.box)), key=lambda o: o.box[0])
        if len(pieces) < 2:
            continue  # alone on its row
        text = ""
        for piece in pieces:
            more = compact_text(piece.text)
            text += more[1:] if text and more[:1] == text[-1:] else more
        if text not in rows:
            rows.append(text)
    return [compact_text(line.text) for line in head] + rows


def _title(page: PageText) -> tuple[str, str] | None:
    """(statement, title text) of the page's statement title."""
    for text in _title_texts(page):
        for name, pattern in STATEMENT_TITLES:
            if re.search(pattern, text) and len(text) <= MAX_TITLE:
                return name, text
    return None


def page_scope(page: PageText) -> str | None:
    """consolidated (合并) / parent (母公司) from the statement's title, None when it says neither."""
    title = _title(page)
    if title is None:
        return None
    return "parent" if "母公司" in title[1] else "consolidated" if "合并" in title[1] else None


_RESTATED = re.compile(r"重述|调整后|追溯调整")


def comparative_stands(own: PageText, comparative: PageText) -> bool:
    """The next year's comparative may stand for a figure of `own` put right: only from a
    statement of the same scope (a 母公司 one never for a 合并 one) that was not restated."""
    scopes = page_scope(own), page_scope(comparative)
    return (None in scopes or scopes[0] == scopes[1]) and not _RESTATED.search(
        "".join(compact_text(line.text) for line in comparative.lines))


def statement_of(page: PageText) -> str | None:
    """balance_sheet / income_statement / cash_flow, from the classifier or the title's pieces joined."""
    found = page.statement or detect_statement(page)
    title = None if found else _title(page)
    return found or (title[0] if title else None)


_MONTH = re.compile(r"本月")


def _prior_period(page: PageText, cols: Columns) -> Columns | None:
    """The columns with the prior period's as the one to read; None unless both are located and
    the other column is the prior year's (本月数 beside 本年累计数 is this year's month)."""
    if not cols.current or not cols.prior or _MONTH.search(compact_text(page.text)):
        return None
    return Columns(cols.prior, cols.current, cols.row_no, not cols.current_first, cols.slope)


def document_unit(pages: Sequence[PageText]) -> str:
    """The unit a document's statements are printed in (the most common one stated): one set of
    statements shares a unit, so a page whose 单位 line is lost is read in it."""
    units = [u for p in pages if statement_of(p) for u in [page_unit(p)] if u]
    return max(set(units), key=units.count) if units else "元"


def _as_printed(value: Decimal, unit: str) -> Decimal:
    """`value` as a statement in `unit` with two decimals prints it (a comparative read in yuan
    for a year whose own statements are in 万元)."""
    factor = UNIT_FACTORS.get(unit, Decimal(1))
    return (value / factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN) * factor


def extract_figures(pages: Sequence[PageText], fiscal_year: int | None, scope: str = "consolidated",
                    prior: bool = False, printed_in: str = "元") -> dict[str, Field]:
    """prior: read the comparative column (年初余额, 上年金额 …) of fiscal_year + 1's statements
    instead, rounded to the cents of `printed_in`, the unit the year's own statements use."""
    fields: dict[str, Field] = {}
    prepared = []
    stated = document_unit(pages)
    for page in pages:
        statement = statement_of(page)
        own = page_scope(page)
        scope_rank = 1 if own not in (None, scope) else 0  # only the other scope's statements step back
        cols = page_columns(page, fiscal_year + 1 if prior and fiscal_year else fiscal_year)
        cols = _prior_period(page, cols) if prior else cols
        unit = page_unit(page) or stated
        if prior and UNIT_FACTORS.get(unit, Decimal(1)) > UNIT_FACTORS.get(printed_in, Decimal(1)):
            continue  # rounded coarser than the year's own statements: never their figure
        if cols is not None:
            prepared.append((page, statement, cols, unit, scope_rank))
    profit_page: tuple[PageText, Columns, str] | None = None
    balance_pages: list[tuple[PageText, Columns, str]] = []  # where 负债合计, then 资产总计, were read
    for name, (patterns, statement) in ROWS.items():
        # Pages of the right statement first (notes pages repeat the labels), of the wanted scope first.
        ordered = sorted(prepared, key=lambda t: (0 if t[1] == statement else 1 if t[1] is None else 2, t[4]))
        # The other scope's statement stands in only where the document has none of the wanted
        # scope: beside one that the OCR could not read (a page scanned too dark) its figure is
        # another statement's, and the figure is better left unread (the next year's comparative
        # may give it).
        wanted = any(t[1] == statement and page_scope(t[0]) == scope for t in prepared)
        for page, _, cols, unit, other_scope in ordered:
            if wanted and other_scope:
                continue
            found = _read_row(page, patterns, cols, unit, ONE_OFF.get(name))
            if found is None and name == "total_profit":
                found = _profit_before_tax(page, cols, unit)
            if found:
                value, hit = found
                if prior:
                    value = _as_printed(value, printed_in)
                fields[name] = hit.field(_number(value), PRIOR_QUALITY if prior else 1.0)
                if name == "total_profit":
                    profit_page = (page, cols, unit)
                if name in ("total_assets", "total_liabilities"):
                    balance_pages.insert(0 if name == "total_liabilities" else len(balance_pages), (page, cols, unit))
                break
    if profit_page is not None:
        page, cols, unit = profit_page
        tax = _read_row(page, _TAX, cols, unit, TAX_LABEL)
        _sign_from_parts(fields, _net_parts(page, cols, unit))
        _sign_from_operating(fields, page, cols, unit)
        _mend_signs(fields, tax[0] if tax else None)
        if not prior:
            _net_from_garbled_cell(fields, page, cols, unit, _nets(fields, page, cols, unit, tax))
    if balance_pages and not prior:
        _mend_balance(fields, _balance_sheet(balance_pages, prepared))
    return fields


def _balance_sheet(found: list[tuple[PageText, Columns, str]], prepared: list[tuple]) -> list[tuple[PageText, Columns, str]]:
    """The pages the totals were read on, then the pages next to them of the same balance sheet
    (same scope): a balance sheet runs on over two pages, its assets on one, liabilities and
    equity on the next."""
    sheets = [t for k, t in enumerate(found) if all(t[0] is not u[0] for u in found[:k])]
    scope = page_scope(found[0][0])
    indices = {page.index for page, _, _ in sheets}
    return sheets + [(page, cols, unit) for page, statement, cols, unit, _ in prepared
                     if statement in ("balance_sheet", None) and page_scope(page) == scope
                     and {page.index - 1, page.index + 1} & indices and page.index not in indices]


MENDED_QUALITY = 0.8  # a total taken from the statement's own arithmetic, not from its cell: for a reviewer to look at
MENDED = "+mended"  # the raw text's mark of a figure put right, not read as printed


def mended(hit: Hit, quality: float = MENDED_QUALITY) -> Hit:
    """The hit of a figure put right (its point lost, its cell garbled, from the arithmetic): less
    sure, and marked so, since the next year's comparative may then stand over it."""
    return replace(hit, confidence=hit.confidence * quality, raw=f"{hit.raw}{MENDED}")


def doubted(field: Field) -> bool:
    """A figure put right rather than read as printed."""
    return (field.raw or "").endswith(MENDED)


def _mended_field(field: Field, value: float) -> Field:
    """`field` with the value put right, as `mended` marks a hit."""
    return field.model_copy(update={"value": value, "confidence": round(field.confidence * MENDED_QUALITY, 4),
                                    "raw": f"{field.raw}{MENDED}"})


_BOTH_TOTAL = [r".{0,3}和(?:所有者|股东)权益.{0,10}[总合]计?$"]  # its 计 may be cut off the cell
_EQUITY = [r"(?:所有者|股东)权益(?:[(（][^)）]*[)）]?)?合计$"]


_CURRENT_LIABILITIES, _NONCURRENT_LIABILITIES = [r"流动负债合计"], [r"非流动负债合计"]


def _mend_balance(fields: dict[str, Field], sheets: list[tuple[PageText, Columns, str]]) -> None:
    """资产总计 = 负债和所有者权益总计 = 负债合计 + 所有者权益合计, and 负债合计 = 流动负债合计 +
    非流动负债合计. A 资产总计 the OCR misread ("15,955,229.01" for 45,955,229.01) is the other
    side's total where the sum says it is. A 负债合计 is the total less the equity where a read
    资产总计 confirms that total and the readable parts agree: where the cell's digits are that
    figure's with some lost under a seal ("128.92" for 3,128.92), or, where its cell was not read,
    where the sum of its parts says the same."""
    both, equity = _read_sheet(sheets, _BOTH_TOTAL), _read_sheet(sheets, _EQUITY)
    if both is None or equity is None:
        return
    tolerance = Decimal("0.005") * UNIT_FACTORS.get(both[2], Decimal(1))
    assets, liabilities = _value(fields.get("total_assets")), _value(fields.get("total_liabilities"))
    if assets is not None and liabilities is not None and abs(assets - both[0]) > tolerance \
            and abs(liabilities + equity[0] - both[0]) <= tolerance:
        fields["total_assets"] = mended(both[1]).field(_number(both[0]))
        return
    owed = both[0] - equity[0]
    if assets is not None and abs(assets - both[0]) > tolerance:
        return  # the total itself may be the misread cell
    if liabilities is not None and abs(liabilities - owed) <= tolerance:
        return
    # Both parts readable: their sum must say the same (the total or the equity may be misread).
    parts = [_read_sheet(sheets, rows) for rows in (_CURRENT_LIABILITIES, _NONCURRENT_LIABILITIES)]
    summed = parts[0][0] + parts[1][0] if parts[0] and parts[1] else None
    if summed is not None and abs(summed - owed) > tolerance:
        return
    if liabilities is not None:
        if _digits_lost(liabilities, owed, both[2]):
            fields["total_liabilities"] = _mended_field(fields["total_liabilities"], _number(owed))
    elif summed is not None:  # unread: the parts must say it too (either alone rests on cells one of which may be misread)
        fields["total_liabilities"] = mended(both[1]).field(_number(owed))


def _read_sheet(sheets: list[tuple[PageText, Columns, str]], patterns: list[str]) -> tuple[Decimal, Hit, str] | None:
    """The current period's figure of a row on the first of a balance sheet's pages that has it, with its unit."""
    for page, cols, unit in sheets:
        found = _read_row(page, patterns, cols, unit)
        if found:
            return found[0], found[1], unit
    return None


def _value(field: Field | None) -> Decimal | None:
    return None if field is None or field.value is None else Decimal(str(field.value))


def _digits_lost(read: Decimal, figure: Decimal, unit: str) -> bool:
    """`read` (in yuan) is `figure` as the statement prints it in `unit` with digits lost."""
    factor = UNIT_FACTORS.get(unit, Decimal(1))
    digits = [re.sub(r"\D", "", f"{abs(v / factor).quantize(Decimal('0.01')):.2f}") for v in (read, figure)]
    return len(digits[0]) < len(digits[1]) and _holds_in_order(digits[0].lstrip("0") or "0", digits[1])


# An amount as statements print it: grouped by thousands or not, with its cents or none.
_WELL_FORMED = re.compile(r"[-−(（]?(?:\d{1,3}(?:[,，]\d{3})*|\d+)(?:\.\d{2})?[)）]?")


_CENTS_LOST = re.compile(r"[-−(（]?\d[\d,，]*\.")  # "696.": the point read, the cents after it not


# 净利润 split by whether the business goes on: 持续经营净利润 + 终止经营净利润 = 净利润.
_CONTINUING, _DISCONTINUED = [r"持续经营净利润"], [r"终止经营净利润"]


def _nets(fields: dict[str, Field], page: PageText, cols: Columns, unit: str,
          tax: tuple[Decimal, Hit] | None) -> list[Decimal]:
    """净利润 as the income statement's arithmetic gives it: 利润总额 − 所得税费用, and the sum of
    its continuing and discontinued parts."""
    nets = [Decimal(str(fields["total_profit"].value)) - tax[0]] if tax is not None else []
    parts = _net_parts(page, cols, unit)
    return nets + ([parts] if parts is not None else [])


def _net_parts(page: PageText, cols: Columns, unit: str) -> Decimal | None:
    """持续经营净利润 + 终止经营净利润, where the page reads both (a blank discontinued row is 0)."""
    continuing = _read_row(page, _CONTINUING, cols, unit)
    discontinued = _read_row(page, _DISCONTINUED, cols, unit)
    if discontinued is None and find_row(page, _DISCONTINUED):
        discontinued = (Decimal(0), None)  # its row left blank: nothing discontinued
    if continuing is None or discontinued is None:
        return None
    return continuing[0] + discontinued[0]


def _sign_from_parts(fields: dict[str, Field], parts: Decimal | None) -> None:
    """净利润 read without the minus sign its parts carry (持续经营净利润 + 终止经营净利润 is the
    same loss): the OCR loses a minus sign, never adds one. The profit before tax follows it in
    `_mend_signs`."""
    net = fields.get("net_profit")
    if net is None:
        return
    read = Decimal(str(net.value))
    signed = _signed(read, parts)
    if signed != read:
        fields["net_profit"] = net.model_copy(update={"value": _number(signed)})


def _signed(net: Decimal, parts: Decimal | None) -> Decimal:
    """`net` with the minus sign its `parts` (持续经营 + 终止经营) say the OCR lost."""
    return parts if parts is not None and parts < 0 and abs(net + parts) <= Decimal("0.005") else net


def _net_from_garbled_cell(fields: dict[str, Field], page: PageText, cols: Columns, unit: str,
                           nets: list[Decimal]) -> None:
    """净利润 whose cell the OCR garbled (a digit lost: "15,331,25.68", "(235.6" under a seal; the
    cents lost after the point: "696.") is what the statement's arithmetic gives (`nets`), where the
    cell's digits are that figure's with one lost, or its head with the cents lost."""
    read = fields.get("net_profit")
    if read is not None and any(abs(Decimal(str(read.value)) - net) <= Decimal("0.005") for net in nets):
        return
    for net in nets:
        if _net_in_cell(fields, page, cols, unit, net):
            return


def _net_in_cell(fields: dict[str, Field], page: PageText, cols: Columns, unit: str, net: Decimal) -> bool:
    """`net` as 净利润 where the row's garbled cell holds its digits; False where it does not."""
    printed = abs(net / UNIT_FACTORS.get(unit, Decimal(1))).quantize(Decimal("0.01"))
    whole = re.sub(r"\D", "", f"{printed:.2f}")
    forms = {whole, whole[:-2]} if whole.endswith("00") else {whole}  # cents printed or not
    for index, _ in find_row(page, ROWS["net_profit"][0]):
        cell = _current_cell(page, index, cols)
        if cell is None or _WELL_FORMED.fullmatch(compact_text(cell.text)):
            continue
        digits = re.sub(r"\D", "", cell.text)
        cents_lost = bool(_CENTS_LOST.fullmatch(compact_text(cell.text)))
        if any(len(form) - len(digits) == 1 and _holds_in_order(digits, form)
               or cents_lost and len(form) - len(digits) == 2 and form.startswith(digits) for form in forms):
            hit = mended(Hit(cell.text, cell.box, cell.confidence, page.index, page.lines[index].text, index, "row"))
            fields["net_profit"] = hit.field(_number(net))
            return True
    return False


def _current_cell(page: PageText, index: int, cols: Columns) -> OcrLine | None:
    """The box of row `index` in the current period's column (nearer it than the prior one's)."""
    label = page.lines[index]
    centre = (label.box[0] + label.box[2]) / 2
    cur = sorted(x for x in cols.current if x > label.box[2])
    if not cur:
        return None
    pri = [x for x in cols.prior if x > label.box[2]]
    row = [l for j, l in enumerate(page.lines) if j != index and same_row(label.box, _levelled(l.box, cols.slope, centre))
           and l.box[0] >= label.box[2] and re.search(r"\d", l.text)]
    best = min(row, key=lambda l: abs((l.box[0] + l.box[2]) / 2 - cur[0]), default=None)
    if best is None:
        return None
    x = (best.box[0] + best.box[2]) / 2
    return best if not pri or abs(x - cur[0]) < min(abs(x - p) for p in pri) else None


def _holds_in_order(digits: str, form: str) -> bool:
    """`digits` are `form`'s digits in order, with some left out."""
    rest = iter(form)
    return bool(digits) and all(d in rest for d in digits)


def _read_row(page: PageText, patterns: list[str], cols: Columns, unit: str,
              near: str | None = None) -> tuple[Decimal, Hit] | None:
    """The current period's figure on the first row a pattern (or `near`, misread) labels that has one."""
    for index, start in find_row(page, patterns, near):
        found = row_value(page, index, start, cols, unit)
        if found:
            return found
    return None


_TAX = [r"所得税费用", r"所得税$"]
TAX_LABEL = "所得税费用"


def _profit_before_tax(page: PageText, cols: Columns, unit: str) -> tuple[Decimal, Hit] | None:
    """利润总额 whose label the OCR garbled past reading ("三·利总"), from the statement's own
    arithmetic on its page: 净利润 (its sign as its parts give it) + 所得税费用 (the tax row's
    label read with a slip at most), for a reviewer to look at."""
    net = _read_row(page, ROWS["net_profit"][0], cols, unit)
    tax = _read_row(page, _TAX, cols, unit, TAX_LABEL)
    if net is None or tax is None:
        return None
    hit = net[1]
    profit = _signed(net[0], _net_parts(page, cols, unit)) + tax[0]
    return profit, mended(hit)


_OPERATING, _NON_OPERATING_IN, _NON_OPERATING_OUT = [r"营业利润"], [r"营业外收[入人]"], [r"营业外支出"]


def _sign_from_operating(fields: dict[str, Field], page: PageText, cols: Columns, unit: str) -> None:
    """利润总额 = 营业利润 + 营业外收入 − 营业外支出: a total read without the minus sign of a loss
    is one where only the operating loss makes the sum hold (the OCR loses minus signs, never adds
    one). `_mend_signs` then carries the sign on to 净利润."""
    total = fields.get("total_profit")
    if total is None or Decimal(str(total.value)) <= 0:
        return
    parts = [_read_row(page, rows, cols, unit) for rows in (_OPERATING, _NON_OPERATING_IN, _NON_OPERATING_OUT)]
    if any(part is None for part in parts):
        return
    read = Decimal(str(total.value))
    operating, income, expense = (abs(part[0]) for part in parts)
    tolerance = Decimal("0.005") * UNIT_FACTORS.get(unit, Decimal(1))
    if abs(operating + income - expense - read) > tolerance and abs(-operating + income - expense + read) <= tolerance:
        fields["total_profit"] = _mended_field(total, _number(-read))


def _mend_signs(fields: dict[str, Field], tax: Decimal | None) -> None:
    """Give back a minus sign OCR lost (it never adds one): 利润总额 − 所得税费用 = 净利润 says
    which profit is a loss. Without the tax row, a profit and a loss of the same size are both
    losses (no income tax is charged on a loss)."""
    if "total_profit" not in fields or "net_profit" not in fields:
        return
    total, net = Decimal(str(fields["total_profit"].value)), Decimal(str(fields["net_profit"].value))

    def holds(t: Decimal, n: Decimal) -> bool:
        if tax is None:
            return t == n
        return abs(t - tax - n) <= Decimal("0.005") * max(abs(t), abs(n), Decimal(1))

    if holds(total, net):
        return
    for t, n in ((-total, net), (total, -net), (-total, -net)):
        if (t == total or total > 0) and (n == net or net > 0) and holds(t, n):
            for name, old, new in (("total_profit", total, t), ("net_profit", net, n)):
                if new != old:
                    fields[name] = fields[name].model_copy(update={"value": _number(new)})
            return


# 某某会计师事务所（特殊普通合伙）湖南分所, 湖南某某有限责任会计师事务所 …
_FIRM = re.compile(r"([\u4e00-\u9fff（）()]{2,30}?会计师事务所(?:[(（][^)）]{2,12}[)）])?(?:有限责任公司|有限公司)?"
                   r"(?:[\u4e00-\u9fff]{2,4}分所)?)")
# 湘华审字〔2020〕第0483号, 天健湘审〔2020〕318号, 天职业字[2020]123号, 大信审字（2020）第27-00012号 …
_REPORT_NO = re.compile(r"([\u4e00-\u9fffA-Za-z]{0,10}(?:[审专业]字|审)[\[(（〔【]?\d{4}[\])）〕】]?(?:第)?[A-Za-z0-9\-]{1,12}号)")
_PARTNERSHIP = re.compile(r"^[(（]?((?:特殊)?普通合伙)[)）]")


def _firm_line(page: PageText, index: int) -> str:
    """A line's text with common misreadings of the firm's words mended (事务所, 有限责任) and a
    partnership form that OCR split off to the next box ("…事务所" | "特殊普通合伙）") joined."""
    text = compact_text(page.lines[index].text)
    text = re.sub(r"会计师[享亊争]务所", "会计师事务所", text).replace("有限贵任", "有限责任")
    if text.endswith("会计师事务所"):
        for _, line in right_of(page, index)[:1]:
            m = _PARTNERSHIP.match(compact_text(line.text))
            if m:
                text += f"（{m.group(1)}）"
    return text


def _report_number(text: str) -> str:
    """Document numbers write the year in 六角括号 (GB/T 9704); OCR gives [ ] ( ) or none.

    >>> _report_number("湘审华审字[2020]第0483号"), _report_number("湘衡职审字(2019)第0647号")
    ('湘审华审字〔2020〕第0483号', '湘衡职审字〔2019〕第0647号')
    >>> _report_number("天健湘审【2020】318号")
    '天健湘审〔2020〕318号'
    """
    return re.sub(r"(字|审)[\[(（〔【]?(\d{4})[\])）〕】]?", r"\1〔\2〕", text, count=1)


def _agree_firm_and_number(fields: dict[str, Field]) -> None:
    """A firm's report numbers open with its short name (湖南德衡… numbers 湘德衡审字…), so the two
    readings check each other where the OCR took a glyph for its look-alike (德街 for 德衡): the
    reading whose two characters around the glyph the other spells with the true glyph is put right."""
    firm, number = str(fields["audit_firm"].value), str(fields["report_number"].value)
    head = re.split(r"审字|审", number, maxsplit=1)[0]
    for name, text, other in (("audit_firm", firm, head), ("report_number", head, firm)):
        mended = _glyphs_from(text, other)
        if mended != text:
            value = mended if name == "audit_firm" else mended + number[len(head):]
            fields[name] = fields[name].model_copy(update={"value": value})


def _glyphs_from(text: str, other: str) -> str:
    """`text` with each look-alike glyph (街 for 衡) put right where `other` has the true glyph
    beside the same neighbour.

    >>> _glyphs_from("湖南德街会计师事务所有限公司", "湘德衡"), _glyphs_from("湘职街", "湖南职衡联合会计师事务所")
    ('湖南德衡会计师事务所有限公司', '湘职衡')
    >>> _glyphs_from("湖南街道会计师事务所", "湘德衡")
    '湖南街道会计师事务所'
    """
    chars = list(text)
    for i, ch in enumerate(chars):
        true = next((t for t, looks in LOOKALIKES.items() if ch in looks), None)
        if true is None:
            continue
        before, after = (text[i - 1] + true if i else None), (true + text[i + 1] if i + 1 < len(text) else None)
        if any(pair and pair in other for pair in (before, after)):
            chars[i] = true
    return "".join(chars)


# The unqualified opinion's own sentence; the framework's name may be lost under a seal ("按照介则的规定编制").
_STANDARD_WORDING = re.compile(r"在所有重大方面按照.{0,24}规定编制.{0,4}公允反映")


# The heading 审计意见, one of its first two characters misread at most ("申计意见"); a review
# report's 审阅意见 or 审核意见 is no audit opinion.
_OPINION_HEADING = r"^(?:[一1][、.．,，]?)?(?:.计意见|审(?![阅核]).意见)$"
# Sections an unmodified opinion that is not a standard one adds after its 审计意见 heading.
# An emphasis of matter is known by its heading, one glyph of it misread ("强调亭项"), or by the
# sentence it opens with, which a going-concern section opens with too.
_EMPHASIS_HEADING = r"强调.项|强.事项"
_EMPHASIS_SENTENCE = r"提醒财务报表使用者关注"
_GOING_CONCERN = r"与持续经营相关的重大不确定性"
_ADDED_SECTIONS = re.compile(rf"{_GOING_CONCERN}|其他事项|{_EMPHASIS_HEADING}|{_EMPHASIS_SENTENCE}")


def _opinion(pages: Sequence[PageText]) -> tuple[str, Hit] | None:
    text_lines = [(p, i, compact_text(l.text)) for p in pages for i, l in enumerate(p.lines)]
    full = "".join(t for _, _, t in text_lines)

    def where(rx: str) -> Hit | None:
        for p, i, t in text_lines:
            if re.search(rx, t):
                return line_hit(p, i)
        return None

    emphasis = _EMPHASIS_HEADING if re.search(_GOING_CONCERN, full) else f"{_EMPHASIS_HEADING}|{_EMPHASIS_SENTENCE}"
    # (A qualified opinion with an emphasis paragraph is a qualified opinion.)
    checks = [
        ("无法表示意见", r"无法表示意见"),
        ("否定意见", r"否定意见"),
        ("保留意见", r"(?<!无)保留意见"),
        ("带强调事项段的无保留意见", emphasis),
        ("标准无保留意见", r"标准无保留意见|无保留意见"),
    ]
    for label, rx in checks:
        if re.search(rx, full):
            hit = where(rx)
            if hit:
                return label, hit
    m = _STANDARD_WORDING.search(full)
    if m:
        hit = where(r"公允反映|在所有重大方面") or where(r"我们认为")
        if hit:
            return "标准无保留意见", Hit(hit.text, hit.bbox, hit.confidence * 0.85, hit.page, hit.raw, hit.line_index, "scan")
    # The opinion paragraph too garbled to read, its section heading plain: a report titles that
    # section 审计意见 (and the next 形成审计意见的基础) only for an unmodified opinion (保留意见,
    # 否定意见 … title the others), and it is the standard one only without the sections a reader
    # is pointed to.
    heading = where(_OPINION_HEADING)
    if heading and re.search(r"我们认为|形成审计意见的基础", full) and not _ADDED_SECTIONS.search(full):
        return "标准无保留意见", Hit(heading.text, heading.bbox, heading.confidence * 0.75, heading.page, heading.raw,
                                     heading.line_index, "scan")
    return None


def extract(pages: Sequence[PageText], doc_type: str = "financial_statement",
            scope: str = "consolidated") -> dict[str, Field]:
    """scope: the statements whose figures count when 合并 and 母公司 ones are both there."""
    fields: dict[str, Field] = {}
    years = [p.fiscal_year or detect_fiscal_year(p) for p in pages]
    known = [y for y in years if y]
    fiscal_year = max(set(known), key=known.count) if known else None
    if fiscal_year:
        page = pages[years.index(fiscal_year)]
        hit = None
        for i, line in enumerate(page.lines):
            if str(fiscal_year) in compact_text(line.text):
                hit = line_hit(page, i)
                break
        fields["fiscal_year"] = hit.field(fiscal_year) if hit else Field(value=fiscal_year, confidence=0.7, page=page.index)
    statements = []
    for p in pages:
        s = statement_of(p)
        if s and s not in statements:
            statements.append(s)
    if statements:
        first = next(p for p in pages if statement_of(p) == statements[0])
        # One statement per financial_statement document; an audit report lists all it contains.
        value = statements[0] if doc_type == "financial_statement" else ",".join(statements)
        fields["statement"] = Field(value=value, confidence=0.9, page=first.index, bbox=None)
    fields.update(extract_figures(pages, fiscal_year, scope))
    if doc_type == "audit_report" or any("会计师事务所" in p.text for p in pages):
        firms: dict[str, Hit] = {}
        counts: dict[str, int] = {}
        for p in pages:
            for i, line in enumerate(p.lines):
                for m in _FIRM.finditer(_firm_line(p, i)):
                    name = re.sub(r"^(?:[\u4e00-\u9fff]{0,6}?[:：]|审计机构|事务所名称)", "", m.group(1))
                    name = name.replace("(", "（").replace(")", "）")
                    counts[name] = counts.get(name, 0) + 1
                    firms.setdefault(name, line_hit(p, i, name))
        if firms:
            best = max(firms, key=lambda n: (counts[n], len(n)))
            fields["audit_firm"] = firms[best].field(best)
        for p in pages:
            for i, line in enumerate(p.lines):
                m = _REPORT_NO.search(compact_text(line.text))
                if m:
                    fields.setdefault("report_number", line_hit(p, i, m.group(1)).field(_report_number(m.group(1))))
        if "audit_firm" in fields and "report_number" in fields:
            _agree_firm_and_number(fields)
        if doc_type == "audit_report":
            op = _opinion(pages)
            if op:
                fields["opinion"] = op[1].field(op[0])
    return fields
