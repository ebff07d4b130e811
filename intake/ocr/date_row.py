"""A second look at a commitment letter's date row.

The company seal is stamped over the sign-off. Where its ring or star crosses
the date, the line detector ends the line early ("日期：2020-0", "承诺日期：2020年10"
| "日") or cuts it into pieces that hold no whole date between them, or a wrong
one ("2020年10月1" | "日" for 13日). Given the whole row, the recogniser reads it
through the seal: the row's box, widened by a date's width, is recognised again
with the red ink removed, and a reading that holds a date replaces the row's pieces.
Where the detector missed the date row altogether (a greyscale seal's ring over it), the
band under the sign-off, where the date is printed, is read again the same way.
"""
from __future__ import annotations

import re

import numpy as np

from extractors.fields.locate import same_row, union
from extractors.normalize.dates import find_damaged_date
from extractors.seals import remove_red
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
        if len(pieces) == 1 and find_damaged_date(pieces[0].text):
            continue
        reading = _read_row(engine, image, union(l.box for l in pieces), line.box[3] - line.box[1])
        if reading is not None and find_damaged_date(reading.text):
            result, replaced = [l for l in result if l not in pieces] + [reading], True
    if not any(line.box[1] >= height / 2 and find_damaged_date(line.text) for line in result):
        found = _read_under_sign_off(engine, image, result)
        if found is not None:
            result, replaced = result + [found], True
    return sort_reading_order(result) if replaced else lines


def _read_under_sign_off(engine: OcrEngine, image: np.ndarray, lines: list[OcrLine]) -> OcrLine | None:
    """The date row under the sign-off's last line, read in a band of its own; None without one."""
    height, width = image.shape[:2]
    sign_off = [line for line in lines if line.box[1] >= height / 2 and _SIGN_OFF.search(line.text)]
    if not sign_off:
        return None
    last = max(sign_off, key=lambda line: line.box[3])
    h = last.box[3] - last.box[1]
    x0, y0 = int(max(0, last.box[0] - LEAD_BAND * h)), int(last.box[3])
    x1, y1 = width, int(min(height, last.box[3] + BELOW * h))
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
              line_height: float) -> OcrLine | None:
    h, w = image.shape[:2]
    x0, x1 = int(max(0, box[0] - LEAD * line_height)), int(min(w, box[2] + REACH * line_height))
    y0, y1 = int(max(0, box[1] - PAD * line_height)), int(min(h, box[3] + PAD * line_height))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    crop = remove_red(np.ascontiguousarray(image[y0:y1, x0:x1]))
    if hasattr(engine, "read_regions"):  # recognition alone, over the whole row
        read = engine.read_regions(crop, np.array([[[0, 0], [x1 - x0, 0], [x1 - x0, y1 - y0], [0, y1 - y0]]], np.float32))
    else:
        read = sorted(engine.read(crop), key=lambda l: l.box[0])
    if not read:
        return None
    text = "".join(l.text for l in read)
    return OcrLine(text, (float(x0), float(y0), float(x1), float(y1)), min(l.confidence for l in read))
