"""Turn a page upright: flatten a phone photo, find the quarter-turn rotation, remove skew.

1. A phone photo of a sheet is flattened to an A4-shaped page first
   (extractors.perspective); scans are left alone.
2. One text-detection pass on a copy downscaled to the detector's working size
   tells horizontal text (wide boxes) from text running top-to-bottom (tall
   boxes; a blurred table's column of cells, merged into one box on end, is
   no tall line); the direction classifier that ships with PP-OCR then votes on
   upside-down lines (and, before a page is turned over, on the same lines
   turned over: blurred text looks upside down to it either way). The same
   detected lines, carried through the turn and the deskew, are what the OCR
   stage recognises: detection runs once per page. A page whose undetected marks
   are all pale (an over-exposed copy keeps its bold title, its body text fades),
   or whose paper is as dark as an under-exposed photo's, is detected again with
   its ink stretched; the lines the first look found are kept beside the new ones.
   Marks as soft as show-through are not taken for the page's lines.
3. A page with only a line or two (a divider page, a title, a signature) has
   too few lines to vote: each line (levelled, if the sheet was fed in askew) is
   read in the turns its shape allows and the turn whose reading the recogniser
   is surest of wins, when it wins clearly. On a sheet holding a photo, only
   boxes shaped like a line of words are read: the photo's shapes are not text.
4. A page without text (photos) is turned by gravity cues
   (extractors.photo_orientation); when unsure it is left as scanned.
5. A sheet with no photo and no line the recogniser can read (blurred, washed
   out) is a document all the same: its title, the line in the largest
   characters, is at its top (found on the stretched copy when the page is too
   soft to tell from show-through). The title also settles a blurred page the
   direction classifier and the recogniser are both unsure of.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractors.geometry import (
    deskew,
    deskew_transform,
    estimate_skew,
    normalise_background,
    rotate_upright,
    turn_points_180,
)
from extractors.blank import DARK_SHEET, DEEP, MIN_SHARPNESS, faint_marks
from extractors.perspective import find_page_outline, flatten_page
from extractors.photo_orientation import photo_rotation

DETECT_LONG_SIDE = 1280  # the detector's own working size (see intake/ocr/rapid.py)
MIN_LINES = 3
# A washed-out page with fewer lines than this is detected again with its ink stretched: pale
# print loses most of its lines to the detector, not all (a statement page kept 4 of ~60).
PALE_RETRY_LINES = 12
ELONGATED = 1.8  # a text line is at least this much longer than tall
MIN_SKEW = 0.3  # degrees; less is left alone
# Degrees of tilt from which a line is levelled before it is read: below, its box holds little but the line;
# above the most a page is skewed (15), a box is a word or two standing on end, or a seal's text.
MIN_TILT, MAX_TILT = 2.0, 16.0
FEW_LINES = 4  # lines read in each turn on a near-empty page
MIN_READING_LEAD = 0.12  # mean recognition confidence by which the best turn must lead
MIN_READING = 0.75  # the best turn's lines are read at least this surely
LOW_CONTRAST = 90  # grey levels between the page's darkest and lightest: less is a washed-out page
LINE_MARGIN = 2  # px of the half-size copy around a detected line: its blurred or bold edges
# The darkest marks left beside the detected lines (0.5th percentile, paper levelled to 255) are at
# least this dark, or there is nothing more to find: clean paper measures 236-255 (grainy grey
# sheets 215-236 still take the look), the pale print of the licences, letters and statements the
# detector missed 191-228.
UNSEEN_INK = 235
INK_TAIL = 0.5  # percentile of a page taken as its darkest ink (text covers 1-10 %)
MIN_GLYPH_PX = 10  # detections smaller than this on the working copy are specks, not text
SURE_FLIP = 0.9  # both looks agree this clearly: no need to read the lines
READ_WINDOW = 12.0  # widths of its height: the part of a line read to compare turns
MIN_FLIP_LEAD = 0.1  # share of the votes (mean of both looks) by which "upside down" must lead
TITLE_PART = 0.35  # an unreadable page's largest line lies in this end part of the page: that end is the top
TITLE_CONFIDENCE = 0.5  # a turn from the layout alone: for a reviewer to check
# ... and on a page of a line or two it is set large: 4.5-16 % of the sheet's width on the blurred
# licences and certificates seen, where a line of 9-13 pt body text, blurred, stays under 3.5 %.
TITLE_MIN_HEIGHT = 0.04
TITLE_SIZE = 1.4  # a title's characters are at least this much larger than the page's typical line
# ... and it is a line of several characters: this much longer than thick (a blurred 营业执照: 3.1-4.7).
# A box barely longer than thick is as likely a blurred block of rows or a seal, whose long side says
# nothing of the page's axis (seen at 1.9-2.0 on blurred licences, against their title running the other way).
TITLE_ASPECT = 2.5
BLOCK = 2.5  # boxes one way this many times thicker than the lines the other way are blocks of rows
MAX_LINE = 0.1  # share of the page's short side no printed line reaches (a certificate's title: 8-15 mm of 210)


@dataclass(frozen=True)
class Orientation:
    rotation: int  # clockwise turn of the content in the scan: 0/90/180/270
    confidence: float
    text_lines: int  # text lines seen by the detector (0 on photos and blank pages)
    method: str = "text"  # text / few_lines / layout / photo / none


@dataclass
class Upright:
    image: np.ndarray
    orientation: Orientation
    skew: float  # degrees removed
    quads: np.ndarray  # (n, 4, 2) detected text lines in `image` pixels
    page_corners: np.ndarray | None = None  # phone photo: the sheet's corners in the input image (TL, TR, BR, BL)
    dpi: float | None = None  # resolution of the flattened sheet (phone photos only)

    @property
    def perspective(self) -> bool:
        return self.page_corners is not None


def make_upright(engine, image: np.ndarray, flatten: bool = True) -> Upright:
    """The upright, deskewed page, how it was turned, the skew removed and its text lines."""
    corners, dpi = None, None
    if flatten:
        outline = find_page_outline(image)
        if outline is not None:
            image, dpi = flatten_page(image, outline)
            corners = outline.corners
    small = _downscale(image, DETECT_LONG_SIDE)
    quads = _detect(engine, small)
    wide, tall = _count_elongated(_lines(quads, small.shape))
    pale, soft = False, np.empty((0, 4, 2), np.float32)
    if wide + tall < PALE_RETRY_LINES and (_washed_out(small, quads) or _underexposed(small)):
        # Pale print (a light copy, a washed-out photo of a page) and print on an under-exposed
        # sheet are below the detector's own contrast: look again with the paper levelled and the
        # ink stretched. Only low-contrast pages pay for the second look.
        more = _detect(engine, stretch_ink(small))
        # The page's faded text, not a few more marks (a photo's texture, a grey seal's characters,
        # whose look cuts the lines under it into pieces), nor show-through.
        if len(more) >= 2 * len(quads) + MIN_LINES:
            if _printed(small):
                # The stretched copy loses what was dark already (a bold, blurred title turns into a blob).
                quads, pale = merge_lines(more, quads), True
                wide, tall = _count_elongated(_lines(quads, small.shape))
            else:
                soft = more  # print too soft to tell from show-through: its title may still turn the sheet
    if wide + tall >= MIN_LINES:
        rotation, confidence, small, quads = _orient_by_lines(engine, small, quads, wide, tall, pale)
        method = "text"
    else:
        rotation, confidence, method, small, quads = _orient_sparse(engine, small, quads, soft)
    upright = rotate_upright(image, rotation) if rotation else image
    quads = quads * np.array([upright.shape[1] / small.shape[1], upright.shape[0] / small.shape[0]], np.float32)
    skew = estimate_skew(upright) if len(quads) else 0.0
    if abs(skew) >= MIN_SKEW:
        matrix, _ = deskew_transform(upright.shape, skew)
        upright = deskew(upright, skew)
        quads = quads @ matrix[:, :2].T.astype(np.float32) + matrix[:, 2].astype(np.float32)
    else:
        skew = 0.0
    orientation = Orientation(rotation, round(float(confidence), 3), len(quads), method)
    return Upright(upright, orientation, skew, quads, corners, dpi)


def _orient_by_lines(engine, small, quads, wide, tall, pale: bool = False):
    """`pale`: the lines were found on the stretched copy, and are found again on it once turned."""
    horizontal_share = wide / (wide + tall)
    rotation = 0
    if tall > wide:
        rotation = 90
        turned = turn_quads(quads, small.shape, 90)
        small = rotate_upright(small, 90)
        quads = _detect(engine, stretch_ink(small) if pale else small)
        if pale:
            quads = merge_lines(quads, turned)
    flipped = _upside_down(engine, small, quads, pale)
    if flipped > 0.5:
        rotation = (rotation + 180) % 360
        small = rotate_upright(small, 180)
        quads = turn_points_180(quads, small.shape)
    confidence = max(horizontal_share, 1 - horizontal_share) * max(flipped, 1 - flipped)
    return rotation, confidence, small, quads


def _upside_down(engine, small: np.ndarray, quads: np.ndarray, pale: bool = False) -> float:
    """How surely the lines are upside down (over 0.5: turn the page over).

    The direction classifier calls blurred or pale text "upside down" in
    either turn, and washed-out text (`pale`) as often "upright" in either.
    Before a page is turned over, the same lines are shown to it
    turned over: a real upside-down page reads as upright then. The verdict is
    the mean of the two looks. Unless both looks agree clearly, the recogniser
    reads the largest lines both ways: it reads even a blurred title far more
    surely the right way up, and a clear lead decides. Text too blurred for
    that still shows its title: a title standing out at one end of the page
    decides. Otherwise the verdict must clearly lead, or the page stays as
    scanned (most pages are scanned upright).
    """
    flipped = engine.upside_down_share(small, list(quads))
    if flipped <= 0.5 and not pale:
        return flipped  # upright pages, nearly all of them, need no second look
    turned = engine.upside_down_share(rotate_upright(small, 180), list(turn_points_180(quads, small.shape)))
    evidence = (flipped + 1.0 - turned) / 2.0
    if evidence < SURE_FLIP and recogniser(engine) is not None:
        scores, _ = reading_scores(engine, small, list(quads), (0, 180))
        lead = scores[180] - scores[0]
        if abs(lead) >= MIN_READING_LEAD:
            return 0.5 + float(np.clip(lead, -0.5, 0.5))
    if evidence < SURE_FLIP:
        # Lines too blurred to read either way: the page's title shows which end is the top.
        title = _orient_by_title(list(quads), small.shape)
        if title in (0, 180):
            return max(evidence, 0.5 + MIN_FLIP_LEAD) if title == 180 else min(evidence, 0.5)
    return evidence if evidence > 0.5 + MIN_FLIP_LEAD else min(evidence, 0.5)


def _orient_sparse(engine, small, quads, soft: np.ndarray | None = None):
    """A page with at most a couple of text lines: read them, else look at it as a photo,
    or, when it shows no photo, as a document by its title. `soft`: lines only the stretched copy
    shows, which may be show-through; they are not the page's lines, but a title among them shows its top."""
    lines = [q for q in _lines(quads, small.shape) if line_height(q) >= MIN_GLYPH_PX]
    photo = photo_rotation(small)
    if lines and (not photo.photos or _any_line_of_words(lines)):
        # A photo's shapes are squarish boxes to the detector, each "read" as a character: only
        # boxes shaped like a line of words (a caption) are read on a sheet holding a photo.
        verdict = _orient_by_reading(engine, small, lines)
        if verdict is not None:
            rotation, confidence = verdict
            return rotation, confidence, "few_lines", rotate_upright(small, rotation), turn_quads(quads, small.shape, rotation)
    if not photo.photos:
        # Strokes on a sheet but no photo: a document too blurred or pale to read.
        if not lines and soft is not None and len(soft):
            lines = [q for q in _lines(soft, small.shape) if line_height(q) >= MIN_GLYPH_PX]
        rotation = _orient_by_title(lines, small.shape)
        if rotation is not None:
            return rotation, TITLE_CONFIDENCE, "layout", rotate_upright(small, rotation), turn_quads(quads, small.shape, rotation)
    if photo.rotation:
        return photo.rotation, photo.confidence, "photo", rotate_upright(small, photo.rotation), turn_quads(
            quads, small.shape, photo.rotation
        )
    method = "photo" if not len(quads) else "none"
    return 0, photo.confidence if not len(quads) else 0.3, method, small, quads


def _any_line_of_words(lines: list[np.ndarray]) -> bool:
    """Whether a box is shaped like a line of several characters, not a squarish blob."""
    return any(sum(_count_elongated(q[None])) for q in lines)


def _orient_by_title(lines: list[np.ndarray], shape: tuple[int, ...]) -> int | None:
    """The turn that puts the page's title at the top, if it lies clearly towards one end of the page.

    Text too blurred to read still shows where its largest characters are, and a
    document's title (营业执照, a table's heading, a certificate's name) is set in
    them above the rest: a reviewer turns such a page by it. The title is the
    thickest line of several characters: on a page of many lines it must stand
    out from the others, on a page of a line or two it must be set large.
    The line's shape tells the axis.
    """
    h, w = shape[:2]
    elongated = [q for q in lines if sum(_count_elongated(q[None]))]
    if not elongated:
        return None
    titles = [q for q in elongated if _aspect(q) >= TITLE_ASPECT]
    if not titles:
        return None
    title = max(titles, key=line_height)
    if len(elongated) >= MIN_LINES and line_height(title) < TITLE_SIZE * float(np.median([line_height(q) for q in elongated])):
        return None
    if len(elongated) < MIN_LINES and line_height(title) < TITLE_MIN_HEIGHT * min(h, w):
        return None  # a lone line of body-text size (a date, a footer) says nothing of which end is the top
    cx, cy = title.mean(axis=0)
    # How far down the page the title's middle lies, for the turn that makes it a line across.
    if np.ptp(title[:, 0]) > np.ptp(title[:, 1]):
        turns, depth = (0, 180), cy / h
    else:  # a line running down: the page is turned by a quarter, its top on the right (90) or left
        turns, depth = (90, 270), 1.0 - cx / w
    if depth <= TITLE_PART:
        return turns[0]
    if depth >= 1.0 - TITLE_PART:
        return turns[1]
    return None


def _orient_by_reading(engine, small: np.ndarray, lines: list[np.ndarray]) -> tuple[int, float] | None:
    """The turn in which the recogniser reads the few lines most surely, if it clearly leads."""
    if recogniser(engine) is None:
        return None
    scores, chars = reading_scores(engine, small, lines, (0, 90, 180, 270))
    order = sorted(scores, key=scores.get, reverse=True)
    best, lead = order[0], scores[order[0]] - scores[order[1]]
    # A blob in a photo is "read" as a character or so in any turn: words are text.
    if lead < MIN_READING_LEAD or scores[best] < MIN_READING or chars[best] < 2:
        return None
    return best, min(1.0, lead / 0.5)


def reading_scores(engine, small: np.ndarray, lines: list[np.ndarray],
                    turns: tuple[int, ...]) -> tuple[dict[int, float], dict[int, int]]:
    """Per turn: the mean recognition confidence of the largest lines, and the characters read surely.

    Each line is cut out in every turn in which it lies horizontally (a square
    box, one or two characters, in all four) and recognised; a line not readable
    in a turn counts 0. Upside-down or sideways text is read as something, but
    with far lower confidence than the same text upright.
    """
    recognise = recogniser(engine)
    ranked = sorted(lines, key=lambda q: -line_area(q))[:FEW_LINES]
    scores, chars = {}, {}
    for rotation in turns:
        turned = rotate_upright(small, rotation) if rotation else small
        crops = []
        for quad in turn_quads(np.asarray(ranked, np.float32), small.shape, rotation):
            crop = crop_line(turned, quad)
            if crop is not None:
                crops.append(_middle(crop))
        if not crops:
            scores[rotation], chars[rotation] = 0.0, 0
            continue
        results = recognise(crops)
        scores[rotation] = sum(float(conf) for text, conf in results if str(text).strip()) / len(ranked)
        chars[rotation] = sum(len(str(text).strip()) for text, conf in results if float(conf) >= MIN_READING)
    return scores, chars


def _middle(crop: np.ndarray) -> np.ndarray:
    """A long line's middle stretch of a dozen characters: as telling as the whole line, far cheaper
    to recognise, and the same stretch in either turn."""
    h, w = crop.shape[:2]
    keep = int(READ_WINDOW * h)
    if w <= keep:
        return crop
    x0 = (w - keep) // 2
    return crop[:, x0 : x0 + keep]


def recogniser(engine):
    """The engine's bare line recogniser (crops in, [(text, confidence)] out), if it has one.

    `read_regions` runs the direction classifier first, which turns upside-down
    crops over: comparing turns needs recognition alone.
    """
    return getattr(engine, "recognise_crops", None)


def crop_line(image: np.ndarray, quad: np.ndarray, pad: int = 3) -> np.ndarray | None:
    """The quad's bounding box if it lies horizontally (a line to read left to right), else None.
    A tilted line (a page fed in skewed) is levelled first: its bounding box would hold a band of
    paper above and below a slanted line, which the recogniser reads far less surely."""
    angle = _tilt(quad)
    if MIN_TILT <= abs(angle) <= MAX_TILT:
        return _levelled_crop(image, quad, angle, pad)
    x0, y0 = np.floor(quad.min(axis=0)).astype(int) - pad
    x1, y1 = np.ceil(quad.max(axis=0)).astype(int) + pad
    h, w = image.shape[:2]
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 - x0 < 8 or y1 - y0 < 8 or (x1 - x0) < 0.8 * (y1 - y0):
        return None
    return image[y0:y1, x0:x1]


def _tilt(quad: np.ndarray) -> float:
    """Degrees by which the quad's long side falls to the right of the horizontal (negative: rises)."""
    edges = np.roll(quad, -1, axis=0) - quad
    dx, dy = edges[int(np.argmax(np.hypot(edges[:, 0], edges[:, 1])))]
    angle = float(np.degrees(np.arctan2(dy, dx)))
    return (angle + 90.0) % 180.0 - 90.0  # the side's direction, not which way round the corners go


def _levelled_crop(image: np.ndarray, quad: np.ndarray, angle: float, pad: int) -> np.ndarray | None:
    """The line turned level about its centre, cut out: only the crop's own pixels are warped."""
    matrix = cv2.getRotationMatrix2D(tuple(float(v) for v in quad.mean(axis=0)), angle, 1.0)
    level = quad @ matrix[:, :2].T + matrix[:, 2]
    x0, y0 = np.floor(level.min(axis=0)).astype(int) - pad
    x1, y1 = np.ceil(level.max(axis=0)).astype(int) + pad
    if x1 - x0 < 8 or y1 - y0 < 8 or (x1 - x0) < 0.8 * (y1 - y0):
        return None
    matrix[:, 2] -= (x0, y0)
    return cv2.warpAffine(image, matrix, (int(x1 - x0), int(y1 - y0)), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def turn_quads(quads: np.ndarray, shape: tuple[int, ...], rotation: int) -> np.ndarray:
    """Quads of an image, in the image `rotate_upright(image, rotation)`; corners stay TL, TR, BR, BL."""
    quads = np.asarray(quads, np.float32).reshape(-1, 4, 2)
    h, w = shape[:2]
    x, y = quads[..., 0], quads[..., 1]
    r = rotation % 360
    if r == 0:
        return quads
    if r == 180:
        return turn_points_180(quads, shape)
    if r == 90:  # the image turns counter-clockwise: the top-right corner becomes the top-left
        turned = np.stack([y, w - 1 - x], axis=-1)
        return np.roll(turned, -1, axis=-2)
    turned = np.stack([h - 1 - y, x], axis=-1)  # 270: the image turns clockwise
    return np.roll(turned, 1, axis=-2)


def _washed_out(small: np.ndarray, quads: np.ndarray) -> bool:
    """The marks the detector left are there but pale once the paper is levelled (shading from a
    phone's light is not ink). The lines it found are left out: an over-exposed page keeps its bold
    title (and a stamped 此复印件与原件一致) dark while its body text fades; and a page whose every
    mark was found, or a bare sheet, has nothing left to look for."""
    half = ink_channel(small)[::2, ::2].copy()
    paper = np.median(half)
    for quad in quads:  # painted over with paper
        x0, y0 = np.floor(quad.min(axis=0) / 2).astype(int) - LINE_MARGIN
        x1, y1 = np.ceil(quad.max(axis=0) / 2).astype(int) + LINE_MARGIN
        half[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = paper
    norm = normalise_background(half, kernel=15)
    return 255 - LOW_CONTRAST < float(np.percentile(norm, 0.5)) < UNSEEN_INK



def stretch_ink(small: np.ndarray, paper_kernel: int | None = 31, grain: float = 0.0,
                paper: float | None = None, min_stretch: float = 8.0) -> np.ndarray:
    """Paper levelled to white (divided by a closing `paper_kernel` wide; None: left as it is), ink
    stretched to black (BGR for the engine). A copy read small has its `grain` smoothed first (sigma,
    px), and its paper taken at the `paper` percentile (most of a page is paper) rather than white;
    the ink is never stretched by more than 255 / `min_stretch`."""
    grey = ink_channel(small)
    if paper_kernel:
        grey = normalise_background(grey, kernel=paper_kernel)
    if grain:
        grey = cv2.GaussianBlur(grey.astype(np.float32), (0, 0), grain)
    lo = float(np.percentile(grey, INK_TAIL))
    hi = 255.0 if paper is None else float(np.percentile(grey, paper))
    out = np.clip((grey.astype(np.float32) - lo) * (255.0 / max(hi - lo, min_stretch)), 0, 255).astype(np.uint8)
    return cv2.cvtColor(out, cv2.COLOR_GRAY2BGR)


def _underexposed(small: np.ndarray) -> bool:
    """The sheet's paper is as dark as a failed exposure's: its print lies a few grey levels below
    it, whatever their ratio (`_washed_out` measures that ratio, and finds such print contrasty)."""
    return float(np.median(ink_channel(small))) < DARK_SHEET


def merge_lines(lines: np.ndarray, others: np.ndarray) -> np.ndarray:
    """`lines` and those of `others` that overlap none of them by half their own area."""
    kept = [q for q in others if not any(_overlap(q, p) > 0.5 for p in lines)]
    return np.concatenate([lines, np.asarray(kept, np.float32).reshape(-1, 4, 2)])


def _overlap(quad: np.ndarray, other: np.ndarray) -> float:
    """The share of `quad`'s bounding box that `other`'s covers."""
    (x0, y0), (x1, y1) = quad.min(axis=0), quad.max(axis=0)
    (u0, v0), (u1, v1) = other.min(axis=0), other.max(axis=0)
    inter = max(0.0, min(x1, u1) - max(x0, u0)) * max(0.0, min(y1, v1) - max(y0, v0))
    return float(inter) / max(float((x1 - x0) * (y1 - y0)), 1.0)


def _printed(small: np.ndarray) -> bool:
    """Print, not show-through: stretched, the back of a sheet is "text" to the detector too, but
    soft (the paper diffuses it) and faint, where print keeps sharp strokes, or, blurred, marks
    deeper than show-through gets (`extractors.blank`)."""
    faint = faint_marks(small)
    return faint.sharpness >= MIN_SHARPNESS or faint.darkness >= DEEP


def ink_channel(small: np.ndarray) -> np.ndarray:
    """The page as its red channel: red and magenta seal ink is as light as the paper in it, and a
    seal is no pale print (stretched, its strokes cut the lines printed under it into pieces)."""
    return small if small.ndim == 2 else small[:, :, 2]


def _detect(engine, image: np.ndarray) -> np.ndarray:
    quads = engine.text_quads(image)
    return np.asarray(quads, dtype=np.float32).reshape(-1, 4, 2)


def _lines(quads: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The detected boxes that are lines of text, on a page of `shape`. On a blurred table the detector
    merges a column of cells into one box standing on end: a box several times thicker than the lines
    across it is such a block of rows, not text running the other way (it is still read; it only has no
    say in the turn)."""
    quads = np.asarray(quads, np.float32).reshape(-1, 4, 2)
    span_x, span_y = np.ptp(quads[..., 0], axis=1), np.ptp(quads[..., 1], axis=1)
    wide, tall = span_x >= ELONGATED * span_y, span_y >= ELONGATED * span_x
    if not wide.any() or not tall.any():
        return quads
    across, along = float(np.median(span_y[wide])), float(np.median(span_x[tall]))  # line thickness either way
    if along > BLOCK * across and _blocks(along, tall.sum(), wide.sum(), shape):
        return quads[~tall]
    if across > BLOCK * along and _blocks(across, wide.sum(), tall.sum(), shape):
        return quads[~wide]
    return quads


def _blocks(thickness: float, count: int, others: int, shape: tuple[int, ...]) -> bool:
    """Whether `count` boxes this thick, against `others` thin ones the other way, are blocks of rows:
    thicker than any printed line, or no more of them than of the thin lines. A table has more rows
    than columns, while a thin footer or stamp in the scanner's own frame is one box against a turned
    page's many lines."""
    return thickness > MAX_LINE * min(shape[:2]) or count <= others


def _count_elongated(quads: np.ndarray) -> tuple[int, int]:
    wide = tall = 0
    for quad in quads:
        span_x = float(quad[:, 0].max() - quad[:, 0].min())
        span_y = float(quad[:, 1].max() - quad[:, 1].min())
        if span_x >= ELONGATED * span_y:
            wide += 1
        elif span_y >= ELONGATED * span_x:
            tall += 1
    return wide, tall


def _aspect(quad: np.ndarray) -> float:
    """How many times longer than thick a box is."""
    span = sorted((float(np.ptp(quad[:, 0])), float(np.ptp(quad[:, 1]))))
    return span[1] / max(span[0], 1.0)


def line_height(quad: np.ndarray) -> float:
    return float(min(np.ptp(quad[:, 0]), np.ptp(quad[:, 1])))


def line_area(quad: np.ndarray) -> float:
    return float(np.ptp(quad[:, 0]) * np.ptp(quad[:, 1]))


def _downscale(image: np.ndarray, long_side: int) -> np.ndarray:
    scale = long_side / max(image.shape[:2])
    if scale >= 1:
        return image
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
