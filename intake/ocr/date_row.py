"""A second look at a commitment letter's date row.

The company seal is stamped over the sign-off. Where its ring or star crosses
the date, the line detector ends the line early ("日期：2020-0", "承诺日期：2020年10"
| "日") or cuts it into pieces that hold no whole date between them, or a wrong
one ("2020年10月1" | "日" for 13日). Given the whole row, the recogniser reads it
through the seal: the row's box, widened by a date's width, is recognised again
with the red ink removed, and a reading that holds a date replaces the row's pieces.
Where the detector missed the date row altogether (a greyscale seal's ring over it), the
band under the sign-off, where the date is printed, is read again the same way. A row read
whole whose day has no 日 after it ("2020年09月1" of 09月12日) is read again too, and the new
reading kept only where it ends that day (same year and month, the day written on from the cut
digits): a date read through the seal that is not the cut one's is no reading of it.

A licence's issue date is printed under 登记机关, where the authority's seal is stamped:
the same seal cuts it ("2020年02月", "019年" | "月15"). Its row, the lowest row of unlabelled
date pieces on the page, is read again the same way (`reread_issue_date_row`), or
the band under 登记机关 where no such row was read at all. The pipeline asks for it only where
the licence's issue date came out empty or cut short, so it costs nothing on the other pages.
A band the detector finds no date in (a grey seal's ring text and serial across the date row,
which the red removal leaves) is read again in overlapping strips two lines high: on a licence only,
where it is asked for rarely; a letter's band is read once.
Where even the strips read no date (the ring text across the date itself, or 登记机关 lost under
the seal), the rows under the round seal's centre, where the date is printed, are recognised
whole (`_read_in_seal`, recognition alone), as they are and with the seal's ink thresholded away:
a grey seal's ink is paler than the printed text, and its darkest ink is measured on its ring,
where nothing else is printed. A date is taken only where most of those readings, and more than
one, agree on it: the seal's ink left over makes any one reading a guess.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Sequence

import cv2
import numpy as np

from extractors.fields.business_licence import DATE_LINE_CHARS, ESTABLISHED, TERM, under_label
from extractors.fields.locate import same_row, union
from extractors.normalize.dates import DAY_UNENDED, ends_cut_day, find_damaged_date
from extractors.normalize.text import compact_text
from extractors.seals import SealCandidate, find_seals, remove_red
from intake.ocr.base import OcrEngine, OcrLine
from intake.ocr.rapid import sort_reading_order

# A date's label, or the start of a date without one ("2020年", "2020.", "二〇二〇").
_DATE_START = re.compile(r"日\s*期|期\s*[:：]|(?:19|20)\d{2}\s*[年.\-/]|二[〇○零O0]")
# The sign-off's lines (company, legal representative), under which the letter is dated.
_SIGN_OFF = re.compile(r"签\s*字|签\s*名|盖\s*章|公\s*章|法定代表人|法人代表")
BELOW = 3.5  # line heights under the sign-off's last line where its date is printed
REACH = 8.0  # line heights a whole date reaches past what the detector kept ("2020年10月13日" is about 8)
LEAD = 1.0  # and before it: a label's first character lost under the seal
PAD = 0.15  # above and below, of a line height
LEAD_BAND = 3.0  # line heights left of the sign-off where the date row under it may start
STRIP, STRIP_STEP = 2.0, 0.5  # line heights of a strip of that band read on its own, and from one to the next
EDGE = 2  # pixels from a strip's edge within which a row read in it may be cut by it
# A piece of a date: a number beside 年, 月 or 日, or a written year ("二〇").
_DATE_PIECE = re.compile(r"\d\s*[年月日]|[年月]\s*\d|二[〇○零O0]")
_DATE_MARK = re.compile(r"[\d年月日〇○]")  # a reading of a date's row, however garbled ("二九年二月二十六日")
# Lines that hold a date but not the issue date: a labelled date or term, the annual-report notice.
_NOT_ISSUE = re.compile(r"期|至|每年")
# The labels of the licence's other dates: their rows hold the founding date and the term, never the issue date.
_DATED_LABEL = re.compile("|".join(ESTABLISHED + TERM))
NEIGHBOUR = 3.0  # line heights between the pieces of one printed line the seal cut apart
# Line heights a whole issue date spans from its start ("2020年02月17日" is about 7.5): its row is
# read that far and no further, the seal's ring past the date read as more characters otherwise.
ISSUE_WIDTH = 8.0
_AUTHORITY = re.compile(r"记\s*机\s*关")  # 登记机关, its first character often under the seal
# Where the issue date lies in the authority's round seal: rows centred this far under its centre, of its radius.
SEAL_ROW_FROM, SEAL_ROW_TO, SEAL_ROW_STEP = 0.2, 0.7, 0.08
SEAL_LINE = 0.22  # a printed line's height, of the seal's radius: a copy scales both alike
SEAL_ROW_HIGH = 1.3  # line heights of one such row
SEAL_ROW_WIDE = 1.1  # of the radius each side of the centre: the date, centred under 登记机关, may pass the ring
RING = (0.9, 1.05)  # of the radius: the ring line, where only the seal's ink is
PAPER = 200  # grey levels at or above this are paper
RING_INK_PERCENTILE = 5  # the seal's darkest ink, but for noise: darker than it is the printed text's
INK_CUTS = (0, 5, 10)  # grey levels over the seal's darkest ink kept as text: the text under the seal is as dark
MIN_RING_INK = 200  # ring pixels of ink under which no grey seal was found to measure
VOTES = 2  # readings that agree on a date, for it to be the date


def reread_date_rows(engine: OcrEngine, image: np.ndarray, lines: list[OcrLine]) -> list[OcrLine]:
    """`lines` with each damaged date row of the lower page read again whole.

    A row is damaged when it yields no date or the detector cut it into pieces. When no
    date was read in the lower page at all, the band under the sign-off is read on its own.
    """
    height = image.shape[0]
    done: set[int] = set()
    result, replaced = list(lines), False
    for i, line in enumerate(lines):
        if i in done or line.box[1] < height / 2 or not _DATE_START.search(line.text):
            continue
        row = [j for j, other in enumerate(lines) if j not in done and same_row(line.box, other.box)]
        done.update(row)
        pieces = sorted((lines[j] for j in row), key=lambda l: l.box[0])
        # A whole row with a date is read as it is, unless the row ends in a day with no 日 after it
        # ("2020年09月1" of 09月12日): the seal took the day's end, and the row read again must end it.
        cut = pieces[0].text if len(pieces) == 1 and DAY_UNENDED.search(compact_text(pieces[0].text)) else ""
        if len(pieces) == 1 and find_damaged_date(pieces[0].text) and not cut:
            continue
        reading = _read_row(engine, image, union(l.box for l in pieces), line.box[3] - line.box[1])
        if reading is not None and find_damaged_date(reading.text) and (not cut or ends_cut_day(cut, reading.text)):
            result, replaced = [l for l in result if l not in pieces] + [reading], True
    if not any(line.box[1] >= height / 2 and find_damaged_date(line.text) for line in result):
        found = _read_under(engine, image, result, _SIGN_OFF)
        if found is not None:
            result, replaced = result + [found], True
    return sort_reading_order(result) if replaced else lines


def reread_issue_date_row(engine: OcrEngine, image: np.ndarray, lines: list[OcrLine],
                          seals: Sequence[SealCandidate] | None = None) -> list[OcrLine]:
    """`lines` with a licence's issue-date row read again whole, or the band under 登记机关 read
    where no row of date pieces is on the page, or the rows inside the authority's round seal
    (`seals`, the page's, sought here when not given); `lines` as they were when none holds a date."""
    # Anywhere on the page: a licence copied onto A4 may fill only its upper half.
    authority = [line for line in lines if _AUTHORITY.search(line.text)]
    pieces = [line for line in lines if _issue_piece(line, lines, authority)]
    if pieces:
        lowest = max(pieces, key=lambda line: line.box[1])
        row = _neighbours(lowest, lines)
        box, line_height = union(l.box for l in row), _height(lowest)
        reach = max(0.0, ISSUE_WIDTH - (box[2] - box[0]) / line_height)
        reading = _read_row(engine, image, box, line_height, reach)
        if reading is not None and find_damaged_date(reading.text):
            return sort_reading_order([l for l in lines if l not in row] + [reading])
    found = _read_under(engine, image, lines, _AUTHORITY, whole_page=True, strips=True)
    if found is not None:
        return sort_reading_order(lines + [found])
    found = _read_in_seal(engine, image, seals)
    if found is None:
        return lines
    # The detector's own reading of that row ("二0一九年十一月每十日") gives way to it, not joined to it;
    # other lines beside it (登记机关 a little low) stay.
    return sort_reading_order([l for l in lines if not (_DATE_MARK.search(l.text) and _within_row(l.box, found.box))]
                              + [found])


def _issue_piece(line: OcrLine, lines: list[OcrLine], authority: list[OcrLine]) -> bool:
    """`line` may be a piece of the issue date: a short unlabelled date piece, on no row of the
    founding date or the term, and under 登记机关 where that label was read."""
    return (bool(_DATE_PIECE.search(line.text)) and not _NOT_ISSUE.search(line.text)
            and len(line.text) <= DATE_LINE_CHARS
            and not any(same_row(line.box, other.box) and _DATED_LABEL.search(other.text) for other in lines)
            and (not authority or any(under_label(line.box, label.box) for label in authority)))


def _within_row(box: tuple[float, float, float, float], row: tuple[float, float, float, float]) -> bool:
    return same_row(box, row) and row[0] <= box[0] and box[2] <= row[2]


def _neighbours(piece: OcrLine, lines: list[OcrLine]) -> list[OcrLine]:
    """`piece` and the lines beside it on its row, each within a few line heights of the next:
    the printed line the seal cut apart, not the other column of a two-column licence."""
    row = [piece]
    others = [line for line in lines if line is not piece and same_row(piece.box, line.box)]
    grown = True
    while grown:
        near = [o for o in others if any(_gap(o, r) <= NEIGHBOUR * max(_height(o), _height(r)) for r in row)]
        others = [o for o in others if o not in near]
        row += near
        grown = bool(near)
    return row


def _gap(a: OcrLine, b: OcrLine) -> float:
    return max(a.box[0] - b.box[2], b.box[0] - a.box[2], 0.0)


def _height(line: OcrLine) -> float:
    return max(line.box[3] - line.box[1], 1.0)  # a degenerate box still spans a pixel


def _read_under(engine: OcrEngine, image: np.ndarray, lines: list[OcrLine], anchor: re.Pattern[str],
                whole_page: bool = False, strips: bool = False) -> OcrLine | None:
    """The date row under the last line matching `anchor` (the sign-off, 登记机关), read in a band
    of its own; None without one. The anchor is sought in the lower page (a letter's sign-off),
    or on the `whole_page` (a licence copied onto A4 has 登记机关 in its upper half). With
    `strips`, a band that shows no date is read again in overlapping strips (`_read_strips`)."""
    height, width = image.shape[:2]
    top = 0.0 if whole_page else height / 2
    anchors = [line for line in lines if line.box[1] >= top and anchor.search(line.text)]
    if not anchors:
        return None
    last = max(anchors, key=lambda line: line.box[3])
    h = _height(last)
    if strips:
        # A seal over the anchor swells its box with the ring's text: the page's own text height is the measure.
        h = min(h, float(np.median([_height(line) for line in lines])))
    x0, y0 = int(max(0, last.box[0] - LEAD_BAND * h)), int(last.box[3])
    band = (x0, y0, width, int(min(height, last.box[3] + BELOW * h)))
    found = _date_row_in(engine, image, band)
    return found if found is not None or not strips else _read_strips(engine, image, band, h)


def _read_strips(engine: OcrEngine, image: np.ndarray, band: tuple[int, int, int, int], h: float) -> OcrLine | None:
    """The date row of `band` read in overlapping strips two lines high: the ring's text across the
    band can hide the date row from the detector, most of all a seal in grey the red removal leaves.
    A strip that cuts the row reads it short, so a row clear of its strip's edges wins, then the surest."""
    x0, y0, x1, y1 = band
    step, strip = max(1, int(STRIP_STEP * h)), int(STRIP * h)
    found = []
    for top in range(y0 - step, y1 - strip + 1, step):
        area = (x0, max(0, top), x1, min(image.shape[0], top + strip))
        row = _date_row_in(engine, image, area)
        if row is not None:
            clear = area[1] + EDGE < row.box[1] and row.box[3] < area[3] - EDGE
            found.append((clear, row.confidence, row))
    return max(found, key=lambda f: f[:2])[2] if found else None


def _date_row_in(engine: OcrEngine, image: np.ndarray, area: tuple[int, int, int, int]) -> OcrLine | None:
    """The first row of `area`, read on its own with the red ink removed, that holds a date."""
    x0, y0, x1, y1 = area
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    read = engine.read(remove_red(np.ascontiguousarray(image[y0:y1, x0:x1])))
    rows: list[list[OcrLine]] = []
    for piece in sorted(read, key=lambda l: l.box[0]):
        row = next((r for r in rows if same_row(r[0].box, piece.box)), None)
        if row is None:
            rows.append([piece])
        else:
            row.append(piece)
    for row in sorted(rows, key=lambda r: r[0].box[1]):
        text = "".join(l.text for l in row)
        if find_damaged_date(text):
            box = union(l.box for l in row)
            return OcrLine(text, (box[0] + x0, box[1] + y0, box[2] + x0, box[3] + y0), min(l.confidence for l in row))
    return None


def _read_row(engine: OcrEngine, image: np.ndarray, box: tuple[float, float, float, float],
              line_height: float, reach: float = REACH) -> OcrLine | None:
    """The row in `box` read again whole: widened by `reach` line heights past its end, the red ink removed."""
    h, w = image.shape[:2]
    x0, x1 = int(max(0, box[0] - LEAD * line_height)), int(min(w, box[2] + reach * line_height))
    y0, y1 = int(max(0, box[1] - PAD * line_height)), int(min(h, box[3] + PAD * line_height))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    return _one_line(engine, remove_red(np.ascontiguousarray(image[y0:y1, x0:x1])), (x0, y0, x1, y1))


def _one_line(engine: OcrEngine, crop: np.ndarray, area: tuple[int, int, int, int]) -> OcrLine | None:
    """`crop` (of the page's `area`) read as one line: recognition alone over the whole of it where
    the engine has it, else its detected pieces left to right; None where nothing is read."""
    h, w = crop.shape[:2]
    if hasattr(engine, "read_regions"):
        read = engine.read_regions(crop, np.array([[[0, 0], [w, 0], [w, h], [0, h]]], np.float32))
    else:
        read = sorted(engine.read(crop), key=lambda l: l.box[0])
    if not read:
        return None
    return OcrLine("".join(l.text for l in read), tuple(float(v) for v in area), min(l.confidence for l in read))


def _read_in_seal(engine: OcrEngine, image: np.ndarray, seals: Sequence[SealCandidate] | None) -> OcrLine | None:
    """The issue date inside a round seal, lowest first (the authority's, stamped at the foot), that
    readings of its rows agree on; None without one, or without recognition alone (`read_regions`):
    the detector finds no line across the seal's ring."""
    if not hasattr(engine, "read_regions"):
        return None
    round_seals = [s for s in (find_seals(image) if seals is None else seals) if s.shape == "round"]
    grey = image if image.ndim == 2 else cv2.cvtColor(remove_red(image), cv2.COLOR_BGR2GRAY)
    for seal in sorted(round_seals, key=lambda s: -s.centre[1]):
        found = _agreed_date(engine, grey, seal)
        if found is not None:
            return found
    return None


def _agreed_date(engine: OcrEngine, grey: np.ndarray, seal: SealCandidate) -> OcrLine | None:
    """A reading of the date most readings of the rows under `seal`'s centre agree on, as the page is
    and at each ink cut; None where too few agree."""
    # A red seal is gone with the red ink already; cutting the page's levels would only thin its print.
    cut = _seal_ink(grey, seal) if seal.source == "shape" else None
    cx, cy = seal.centre
    r = float(max(seal.axes))
    h = SEAL_LINE * r
    x0, x1 = int(max(0, cx - SEAL_ROW_WIDE * r)), int(min(grey.shape[1], cx + SEAL_ROW_WIDE * r))
    readings: list[tuple[date, OcrLine]] = []
    # The page as it is too: a seal lifted off it already, or too faint to measure, leaves the print.
    for level in [PAPER] + ([] if cut is None else [cut + step for step in INK_CUTS]):
        kept = np.where(grey < level, grey, 255).astype(np.uint8)  # paler than the text: the seal, gone
        for offset in np.arange(SEAL_ROW_FROM, SEAL_ROW_TO, SEAL_ROW_STEP):
            mid = cy + offset * r
            y0, y1 = int(max(0, mid - SEAL_ROW_HIGH * h / 2)), int(min(grey.shape[0], mid + SEAL_ROW_HIGH * h / 2))
            row = _recognise(engine, kept, (x0, y0, x1, y1))
            dated = _dated(row) if row is not None else None
            if dated is not None:
                readings.append(dated)
    votes = Counter(found for found, _ in readings).most_common(1)
    if not votes or votes[0][1] < VOTES or 2 * votes[0][1] <= len(readings):
        return None
    return next(row for found, row in readings if found == votes[0][0])


def _dated(row: OcrLine) -> tuple[date, OcrLine] | None:
    """The date of a row read across the seal, and the row from where it is read: its end from the
    year on where the ring's line and text before the year were read as characters too ("〇二一九年"
    of 二〇一九年). Two of the year's characters at least are kept, a year of one being no year."""
    year_end = row.text.find("年")
    for start in range(max(1, year_end - 1)):
        found = find_damaged_date(row.text[start:])
        if found is not None:
            return found, OcrLine(row.text[start:], row.box, row.confidence)
    return None


def _seal_ink(grey: np.ndarray, seal: SealCandidate) -> float | None:
    """The grey level of the seal's darkest ink, measured on its ring; None where the ring shows
    too little ink to measure. (`lift_grey_seals` fades a seal by its ring's typical ink instead:
    the votes here were measured with this cut, and move with a grey level.)"""
    cx, cy = seal.centre
    r = float(max(seal.axes))
    x0, y0 = int(max(0, cx - RING[1] * r)), int(max(0, cy - RING[1] * r))
    patch = grey[y0:int(cy + RING[1] * r) + 1, x0:int(cx + RING[1] * r) + 1]
    yy, xx = np.mgrid[:patch.shape[0], :patch.shape[1]]
    distance = np.hypot(xx + x0 - cx, yy + y0 - cy) / max(r, 1.0)
    ink = patch[(distance >= RING[0]) & (distance <= RING[1]) & (patch < PAPER)]
    return float(np.percentile(ink, RING_INK_PERCENTILE)) if ink.size >= MIN_RING_INK else None


def _recognise(engine: OcrEngine, image: np.ndarray, area: tuple[int, int, int, int]) -> OcrLine | None:
    """`area` of a grey page recognised as one line; None where nothing is read."""
    x0, y0, x1, y1 = area
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    return _one_line(engine, cv2.cvtColor(np.ascontiguousarray(image[y0:y1, x0:x1]), cv2.COLOR_GRAY2BGR), area)
