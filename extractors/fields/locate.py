"""Geometry helpers: find a labelled value on a page.

OCR gives a label and its value either as one line ("名称衡阳市恒通…"), as
separate boxes on one row, or as a label with the value on the line below.
`find_value` tries those three in that order. All matching is done on
space-free NFKC text, because spaced labels ("名　　称") come out as "名称" or
"名 称" and punctuation width varies.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from rapidfuzz import fuzz

from extractors.normalize.text import compact_text
from extractors.text import PageText
from intake.ocr.base import OcrLine
from models.record import Field

Box = tuple[float, float, float, float]

_LEAD_JUNK = re.compile(r"^[^\u4e00-\u9fffA-Za-z0-9]+")
_SEP = re.compile(r"^[:;,.：；，、·‧\s]+")  # a gap dot after a spaced label too
_UNIT_ONLY = re.compile(r"[(（]?(?:万?元|件|项|人)[)）]?")
_COUNT_UNIT = re.compile(r"[(（](?:件|项|人)[)）]?")  # a count's unit, bracketed: never a value itself


@dataclass
class Hit:
    """A value found on a page, with its evidence."""

    text: str
    bbox: Box
    confidence: float
    page: int
    raw: str
    line_index: int = -1
    how: str = "same_line"  # same_line / right / below / scan

    def field(self, value, quality: float = 1.0) -> Field:
        return Field(
            value=value,
            confidence=round(max(0.0, min(1.0, self.confidence * quality)), 4),
            page=self.page,
            bbox=tuple(round(v, 1) for v in self.bbox),
            raw=self.raw,
        )


@dataclass
class LabelMatch:
    index: int  # line index in page.lines
    line: OcrLine
    label: str
    rest: str  # compact text after the label (separators stripped)
    rest_box: Box  # estimated box of `rest` inside the line
    quality: float  # 1.0 exact, lower for fuzzy


def height(box: Box) -> float:
    return max(box[3] - box[1], 1.0)


def same_row(a: Box, b: Box) -> bool:
    """Boxes overlap vertically by at least half the smaller height."""
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap >= 0.5 * min(height(a), height(b))


def x_overlap(a: Box, b: Box) -> float:
    return min(a[2], b[2]) - max(a[0], b[0])


def union(boxes: Iterable[Box]) -> Box:
    bs = list(boxes)
    return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))


def joined_at_cut(text: str, box: Box, nxt: str, nxt_box: Box) -> str | None:
    """`text` continued by the next box of its row, or None if that box does not continue it.

    Boxes cut under a seal often overlap and both hold the characters at the cut
    ("…有限责" | "责任公司", "2020" | "0年10月01日", "…科技股份" | "设份有限公司"): those
    are kept once, found by their text or, misread in one of the boxes, by the overlap's width.

    >>> joined_at_cut("衡阳县晟达生物科技有限责", (700, 0, 990, 30), "责任公司", (988, 0, 1080, 30))
    '衡阳县晟达生物科技有限责任公司'
    >>> joined_at_cut("承诺单位（盖章）：耒阳市德源科技股份", (903, 0, 1589, 51), "设份有限公司", (1528, 0, 1746, 51))
    '承诺单位（盖章）：耒阳市德源科技股份有限公司'
    >>> joined_at_cut("衡阳市", (0, 0, 90, 30), "恒通机械有限公司", (95, 0, 335, 30)), joined_at_cut("法定代表人", (0, 0, 150, 30), "南", (60, 0, 90, 30))
    ('衡阳市恒通机械有限公司', None)
    >>> joined_at_cut("有限", (1005, 1416, 1136, 1547), "市星源化工有限公司", (974, 1517, 1289, 1573)) is None  # a seal's ring text
    True
    >>> joined_at_cut("2020年05月2", (1364, 2322, 1553, 2367), "25", (1537, 2330, 1582, 2356))
    '2020年05月25'
    """
    gap, h = nxt_box[0] - box[2], height(box)
    # Only a box of the same print that starts in the second half of this one overlaps it at a cut
    # (a box of digits alone is lower than one with CJK glyphs: "2020年05月2" | "25").
    low = 1 / 2 if nxt.isdigit() else 2 / 3
    same_print = low <= height(nxt_box) / h <= 3 / 2 and nxt_box[0] > (box[0] + box[2]) / 2
    if gap < 0 and same_print:
        pitch = (box[2] - box[0]) / max(1, len(text))
        # Text both boxes hold counts however thin the overlap: boxes cut at a seal that share a
        # character overlap by a pixel or a few as often as by its width ("衡阳市" | "市天新…", "2018" | "8年…").
        shared = next((k for k in range(min(3, len(nxt) - 1), 0, -1) if text.endswith(nxt[:k])), 0)
        if not shared and gap < -0.3 * h:
            shared = round(-gap / pitch)
        if 0 < shared < len(nxt) and -gap <= 3.5 * pitch:
            return text + nxt[shared:]
    return text + nxt if -0.3 * h <= gap <= 1.5 * h else None


def _sub_box(line: OcrLine, start: int, total: int) -> Box:
    """Estimate the box of the text from char `start` on (chars are ~equal width)."""
    x0, y0, x1, y1 = line.box
    if total <= 0 or start <= 0:
        return line.box
    frac = min(start / total, 0.95)
    return (x0 + (x1 - x0) * frac, y0, x1, y1)


# The gap of a widely spaced label ("注  册  资  本") as the OCR may read it: a dot between two characters.
_GAP_DOT = re.compile(r"(?<=[\u4e00-\u9fff])[.·・‧•∙](?=[\u4e00-\u9fff])")


def _offset_in(body: str, end: int) -> int:
    """The offset in `body` of offset `end` in `body` without its gap dots."""
    kept = 0
    for k in range(len(body)):
        if kept == end:
            return k
        if not _GAP_DOT.match(body, k):
            kept += 1
    return len(body)


def match_label(text: str, labels: Sequence[str], fuzzy: bool = True) -> tuple[str, int, float] | None:
    """If compact `text` starts with one of `labels`, return (label, end offset, quality).

    Labels are regexes on compact text. Long labels (>= 6 chars) may also match
    fuzzily to survive one misread character.

    >>> match_label("名称:衡阳市恒通", ["名称"])
    ('名称', 3, 1.0)
    >>> match_label("统一社会信用代玛91430400MA4L1234X4", ["统一社会信用代码"])[:2]
    ('统一社会信用代码', 8)
    >>> match_label("注‧册资本叁仟万元整", ["注册资本"])  # a spaced label's gap read as a dot
    ('注册资本', 5, 1.0)
    >>> match_label("注‧册资本·叁仟万元整", ["注册资本"])  # and the gap after it
    ('注册资本', 6, 1.0)
    """
    body = _LEAD_JUNK.sub("", text)
    lead = len(text) - len(body)
    joined = _GAP_DOT.sub("", body)
    for label in labels:
        m, gapped = re.match(label, body), False
        if m is None and joined != body:
            m, gapped = re.match(label, joined), True
        if m:
            end = _offset_in(body, m.end()) if gapped else m.end()
            sep = _SEP.match(body[end:])
            return label, lead + end + (sep.end() if sep else 0), 1.0
    if fuzzy:
        for label in labels:
            plain = re.sub(r"[\\^$()?*+|\[\]{}.]", "", label)
            if len(plain) >= 6 and plain == label and len(body) >= len(plain):
                score = fuzz.ratio(body[: len(plain)], plain)
                if score >= 80:
                    end = len(plain)
                    sep = _SEP.match(body[end:])
                    return label, lead + end + (sep.end() if sep else 0), 0.85
    return None


def find_labels(page: PageText, labels: Sequence[str], fuzzy: bool = True) -> list[LabelMatch]:
    """All lines that start with one of `labels`, in reading order.

    A spaced label ("名　　称") may come out as one box per character; short
    boxes are joined with their right neighbours on the row before matching,
    and the match then points at the last joined box.
    """
    found = []
    lines = page.lines
    for i, line in enumerate(lines):
        text = compact_text(line.text)
        m = match_label(text, labels, fuzzy)
        if m:
            label, end, quality = m
            rest = text[end:]
            found.append(LabelMatch(i, line, label, rest, _sub_box(line, end, len(text)), quality))
            continue
        if len(text) > 2 or (i > 0 and _joinable(lines[i - 1], line) and len(compact_text(lines[i - 1].text)) <= 2):
            continue
        joined, box, conf, j = text, line.box, line.confidence, i
        while j + 1 < len(lines) and len(joined) < 8 and _joinable(lines[j], lines[j + 1]):
            j += 1
            part = compact_text(lines[j].text)
            joined += part
            box = union([box, lines[j].box])
            conf = min(conf, lines[j].confidence)
            m = match_label(joined, labels, fuzzy=False)
            if m and m[1] == len(joined):
                merged = OcrLine(joined, box, conf)
                found.append(LabelMatch(j, merged, m[0], "", box, m[2] * 0.95))
                break
            if m and m[1] > len(joined) - len(part):
                # The last label character came out glued to the value: "名" + "称衡阳市…".
                start = m[1] - (len(joined) - len(part))
                merged = OcrLine(line.text + lines[j].text, box, conf)
                found.append(LabelMatch(j, merged, m[0], joined[m[1]:], _sub_box(lines[j], start, len(part)), m[2] * 0.95))
                break
            if len(part) > 2:
                break
    return found


# A two-character label spread over the width of a five-character one ("名　　　称" above
# "法定代表人") leaves three characters' gap, a little more where the OCR's boxes are tight.
SPACED_LABEL_GAP = 4.0  # in line heights


def _joinable(a: OcrLine, b: OcrLine) -> bool:
    """b follows a on the same row with at most a few character widths between them."""
    h = max(height(a.box), height(b.box))
    return same_row(a.box, b.box) and 0 <= b.box[0] - a.box[0] and b.box[0] - a.box[2] <= SPACED_LABEL_GAP * h


def is_label(text: str, labels: Sequence[str]) -> bool:
    return match_label(compact_text(text), labels, fuzzy=False) is not None


def right_of(page: PageText, index: int, stop_labels: Sequence[str] = ()) -> list[tuple[int, OcrLine]]:
    """Boxes on the same row to the right of line `index`, nearest first, up to the next label."""
    base = page.lines[index]
    out = []
    for j, line in enumerate(page.lines):
        if j == index or not (same_row(base.box, line.box) or _centred_on_row(base.box, line.box)):
            continue
        if line.box[0] < base.box[2] - height(base.box):
            continue  # boxes of label and value may overlap by up to a character
        out.append((j, line))
    out.sort(key=lambda t: t[1].box[0])
    # Lines of one cell start at the same x (a value wrapped inside it: "176613800." over
    # "00"): the cell's first line before its continuation, whatever the OCR's x jitter.
    h, starts = height(base.box), [line.box[0] for _, line in out]
    out.sort(key=lambda t: (next(x for x in starts if abs(x - t[1].box[0]) <= 0.6 * h), t[1].box[1]))
    kept = []
    for j, line in out:
        if stop_labels and is_label(line.text, stop_labels):
            break
        kept.append((j, line))
    return kept


def _centred_on_row(a: Box, b: Box) -> bool:
    """b's vertical centre lies within a's span (a cell whose text sits lower or
    higher than its label's, e.g. beside a label wrapped over two lines)."""
    centre = (b[1] + b[3]) / 2
    return a[1] <= centre <= a[3] + 0.5 * height(a) and height(b) <= 1.6 * height(a)


def below(page: PageText, index: int, max_gap: float = 2.5, column: Box | None = None) -> list[tuple[int, OcrLine]]:
    """Lines under line `index` that overlap its column, nearest first."""
    base = page.lines[index]
    col = column or base.box
    h = height(base.box)
    out = []
    for j, line in enumerate(page.lines):
        if j == index or line.box[1] < base.box[1] + 0.5 * h:
            continue
        if line.box[1] - base.box[3] > max_gap * h:
            continue
        if x_overlap(line.box, (col[0] - h, col[1], col[2] + 2 * h, col[3])) <= 0:
            continue
        out.append((j, line))
    out.sort(key=lambda t: (t[1].box[1], t[1].box[0]))
    ordered: list[tuple[int, OcrLine]] = []
    while out:
        # Row by row; within a row, a line under the label itself comes before one that
        # only reaches into the widened column (the next cell's value in a stacked table).
        row = [t for t in out if same_row(t[1].box, out[0][1].box)]
        ordered += sorted(row, key=lambda t: (x_overlap(t[1].box, col) <= 0, t[1].box[0]))
        out = [t for t in out if t not in row]
    return ordered


def find_value(
    page: PageText,
    labels: Sequence[str],
    stop_labels: Sequence[str] = (),
    accept: Callable[[str], bool] | None = None,
    allow_below: bool = True,
) -> Hit | None:
    """The value of the first label occurrence that has an acceptable value.

    Order: text after the label on the same line; the nearest box to the right
    on the same row (unless it is another label); the line below.
    """
    accept = accept or (lambda s: bool(s))
    for lm in find_labels(page, labels):
        if accept(lm.rest):
            return Hit(lm.rest, lm.rest_box, lm.line.confidence * lm.quality, page.index, lm.line.text, lm.index)
        right = right_of(page, lm.index, stop_labels)
        if len(right) > 1 and _COUNT_UNIT.fullmatch(compact_text(right[0][1].text)):
            right = right[1:]  # the label's unit read as a box of its own: "从业人员" | "（人）" | "76人"
        for j, line in right[:1]:
            text = _SEP.sub("", compact_text(line.text))
            if accept(text):
                conf = min(lm.line.confidence, line.confidence) * lm.quality
                return Hit(text, line.box, conf, page.index, line.text, j, "right")
        if allow_below:
            # The next cell's label that only reaches into the widened column is not under this one.
            under = [(j, line) for j, line in below(page, lm.index)
                     if x_overlap(line.box, lm.line.box) > 0 or not (stop_labels and is_label(line.text, stop_labels))]
            for j, line in under[:2]:
                if stop_labels and is_label(line.text, stop_labels):
                    break
                text = _SEP.sub("", compact_text(line.text))
                if accept(text):
                    conf = min(lm.line.confidence, line.confidence) * lm.quality * 0.9
                    return Hit(text, line.box, conf, page.index, line.text, j, "below")
                # The label's own end, wrapped in its cell ("上年度研发投入（" over "万元）",
                # "是否“上云上平台”企" over "业"), sits tight under it: the value is further down.
                if not (_UNIT_ONLY.fullmatch(text) or line.box[1] - lm.line.box[3] < 0.3 * height(lm.line.box)):
                    break
    return None


def _behind_split_label(page: PageText, line: OcrLine, h: float) -> bool:
    """A line with a lone one- or two-character box just left of it on its row:
    the head of a spaced label (名　称, 经　营　范　围) that the OCR split off."""
    centre = (line.box[1] + line.box[3]) / 2
    for other in page.lines:
        if other is line or len(compact_text(other.text)) > 2:
            continue
        if abs((other.box[1] + other.box[3]) / 2 - centre) < 0.5 * h and line.box[0] - 6 * h <= other.box[2] <= line.box[0] + 0.3 * h:
            return True
    return False


def continuation(
    page: PageText,
    hit: Hit,
    stop_labels: Sequence[str],
    max_lines: int = 20,
    stop: Callable[[str], bool] | None = None,
) -> Hit:
    """Extend a value over the following wrapped lines of the same column.

    A line continues the value when it starts near the value's left edge (or
    the label's), is not a label, and follows within ~1.8 line heights. Lines
    of another column on the same rows are skipped, not taken.
    """
    if hit.line_index < 0:
        return hit
    first = page.lines[hit.line_index]
    h = height(first.box)
    left_edges = {round(hit.bbox[0]), round(first.box[0])}
    own_label = _nearest_before(page, first, h)
    label_x = own_label.box[0] if own_label is not None else first.box[0]  # the value's label column
    texts, boxes, confs = [hit.text], [hit.bbox], [hit.confidence]
    last_bottom = first.box[3]
    for j in range(hit.line_index + 1, len(page.lines)):
        if len(texts) > max_lines:
            break
        line = page.lines[j]
        if line.box[1] < first.box[1] + 0.5 * h:
            continue  # same row as the first line (another column)
        if line.box[1] - last_bottom > 1.8 * h:
            break
        text = compact_text(line.text)
        if len(texts) > 1 and same_row(line.box, boxes[-1]) and -0.5 * h <= line.box[0] - boxes[-1][2] <= h:
            # One printed line that the OCR cut in two boxes: the rest of the previous line.
            texts.append(text)
            boxes.append(line.box)
            confs.append(line.confidence)
            continue
        if not any(abs(line.box[0] - e) <= 2.5 * h for e in left_edges):
            if stop_labels and _row_label_before(line, hit.bbox, h) and is_label(text, stop_labels):
                break  # the next row's label cell, left of a value written in its own cell
            continue  # another column
        if stop_labels and (is_label(text, stop_labels) or _heads_split_label(page, j, stop_labels)
                            or _own_label_cell(page, line, first, label_x, h, stop_labels)):
            break
        if stop and stop(text):
            break
        if _behind_split_label(page, line, h):
            break  # "经" + "营范围…": the next field's spaced label, split by the OCR
        texts.append(text)
        boxes.append(line.box)
        confs.append(line.confidence)
        last_bottom = line.box[3]
    return Hit("".join(texts), union(boxes), min(confs), hit.page, "\n".join(texts), hit.line_index, hit.how)


def _heads_split_label(page: PageText, index: int, labels: Sequence[str]) -> bool:
    """Line `index` is a lone character or two that the next box on its row completes into a
    label ("经" | "营范围…"): the head of a spaced label the OCR split off."""
    line = page.lines[index]
    if len(compact_text(line.text)) > 2:
        return False
    after = [other for other in page.lines if other is not line and _joinable(line, other)]
    nearest = min(after, key=lambda other: other.box[0], default=None)
    return nearest is not None and is_label(line.text + nearest.text, labels)


def _nearest_before(page: PageText, line: OcrLine, h: float) -> OcrLine | None:
    """The line just left of `line` on its row."""
    before = [other for other in page.lines
              if other is not line and same_row(other.box, line.box) and other.box[2] <= line.box[0] + 0.5 * h]
    return max(before, key=lambda other: other.box[2], default=None)


def _own_label_cell(page: PageText, line: OcrLine, first: OcrLine, label_x: float, h: float,
                    labels: Sequence[str]) -> bool:
    """`line` has a label cell of its own just before it, in the column of the value's own label
    (发明人 | 朱东明 under a title): the next field's value, not a wrapped line of this one. A label
    of another column beside a wrapped line, or the value's own label centred on its two lines, is
    no such cell."""
    nearest = _nearest_before(page, line, h)
    return (nearest is not None and nearest.box[1] >= first.box[3] - 0.25 * h
            and abs(nearest.box[0] - label_x) <= 2.5 * h and is_label(compact_text(nearest.text), labels))


def _row_label_before(line: OcrLine, value_box: Box, h: float) -> bool:
    """`line` sits just left of the value column (a label cell of this column), not in another column."""
    return line.box[2] <= value_box[0] + 0.5 * h and value_box[0] - line.box[0] <= 8 * h


def line_hit(page: PageText, index: int, text: str | None = None, quality: float = 1.0) -> Hit:
    line = page.lines[index]
    t = compact_text(line.text) if text is None else text
    return Hit(t, line.box, line.confidence * quality, page.index, line.text, index, "scan")
