"""The pipeline: ingest → pages → classify → extract → check → assemble → emit.

Page stages are a short list of named functions over a `PageContext`; each is
timed, so the benchmark can print seconds per page per stage. A stage may stop
the chain for a page (a blank page needs no OCR).
"""
from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import partial
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import numpy as np

from extractors import legibility, seals, signature
from extractors.classify import BLURRED_TITLE_CONFIDENCE, REVIEW_BELOW, PageClass, classify_page
from extractors.fields.business_licence import issue_date_unread
from extractors.blank import MIN_REGION_SHARE, PICTURE_AREA, is_blank, photo_share, picture_area
from extractors.geometry import downscale, rotate_upright
from extractors.normalize.places import repair_places
from extractors.text import PageText
from extractors.unreadable import SETTLED_CONFIDENCE, PageEvidence, settle
from intake.assemble import assemble_record
from intake.ingest import IngestReport, SourcePage, dossier_id, iter_pages
from intake.ocr.base import OcrEngine, OcrLine
from intake.ocr.blurred import detect_blurred
from intake.ocr.date_row import reread_date_rows, reread_issue_date_row
from intake.ocr.faded import detect_faded, read_faded
from intake.ocr.missed import read_missed
from intake.ocr.recover import last_look
from intake.ocr.rapid import RapidOcrEngine, sort_reading_order
from intake.ocr.show_through import reads_mirrored
from intake.orient import make_upright, turn_quads
from intake.programme import Programme
from models import DossierRecord, Legibility

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 12  # fewer recognised characters than this: a photo, not a document page
# The least text a readable page of these types yields; far less means it was not readable.
EXPECTED_CHARS = {
    "business_licence": 100,
    "application_form": 80,
    "financial_statement": 120,
    "commitment_letter": 80,
    "company_profile": 80,
    "patent_certificate": 60,
}


@dataclass
class PageContext:
    source: SourcePage
    index: int
    image: np.ndarray | None
    width: int = 0
    height: int = 0
    rotation: int = 0
    skew: float = 0.0
    text_source: str = "none"
    quads: np.ndarray | None = None  # text lines detected while turning the page upright
    perspective: bool = False  # a phone photo whose sheet was found and flattened
    dpi: float | None = None  # resolution of the page as processed, when it differs from the source's
    detected_lines: int = 0  # text lines the detector saw while turning the page upright
    lines: list[OcrLine] = field(default_factory=list)
    seals: list[seals.SealCandidate] = field(default_factory=list)
    seal_texts: list[tuple[str | None, float]] = field(default_factory=list)
    doc_type: str = "other"
    confidence: float = 0.0
    fiscal_year: int | None = None
    statement: str | None = None
    legibility: Legibility | None = None
    signature: tuple[bool, tuple | None, float] | None = None
    photo_share: float | None = None  # of a page with hardly any text: its share in photo-like areas
    pictures: bool = False  # ... or its sheet's middle covered by large, soft pictures (`picture_area`)
    recovered: tuple[OcrLine, ...] = ()  # an unreadable page's large text, from the last look: for its type only
    done: bool = False  # a stage decided the page needs nothing more

    def text(self) -> PageText:
        """The page's lines for the classifier and the extractors, place names misread by OCR put right."""
        lines = [OcrLine(repair_places(line.text), line.box, line.confidence) for line in self.lines]
        return PageText(
            index=self.index, lines=lines, width=self.width, height=self.height,
            doc_type=self.doc_type, fiscal_year=self.fiscal_year, statement=self.statement,
        )


@dataclass
class Preview:
    """A downscaled upright page; `scale` maps page pixels to preview pixels."""
    image: np.ndarray
    scale: float

    @classmethod
    def of(cls, image: np.ndarray, long_side: int = 1400) -> "Preview":
        small, scale = downscale(image, long_side)
        return cls(image=small.copy(), scale=scale)


@dataclass
class Timings:
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    pages: int = 0


class Pipeline:
    def __init__(self, engine: OcrEngine, programme: Programme, dpi: int = 200, keep_previews: bool = False) -> None:
        self.engine = engine
        # Orientation needs text detection and the direction classifier; every
        # install has them in the RapidOCR wheel, whatever engine reads the text.
        self.probe = engine if hasattr(engine, "text_quads") else RapidOcrEngine()
        self.programme = programme
        self.dpi = dpi
        self.timings = Timings()
        # Small upright copies of the last dossier's pages, for annotated output.
        self.keep_previews = keep_previews
        self.previews: dict[int, Preview] = {}
        self.page_stages: list[tuple[str, Callable[[PageContext], None]]] = [
            ("upright", self._upright),
            ("blank", self._blank),
            ("seals", self._seals),
            ("ocr", self._ocr),
            ("classify", self._classify),
            ("recover", self._recover),
            ("legibility", self._legibility),
            ("letter_date", self._letter_date),
            ("licence_date", self._licence_date),
            ("signature", self._signature),
        ]

    # -- dossier level -------------------------------------------------------

    def process(self, path: Path, on_page: Callable[[], None] | None = None) -> DossierRecord:
        started = time.perf_counter()
        contexts, report = self.read_pages(path, on_page)
        t0 = time.perf_counter()
        record = self.assemble(path, contexts, report)
        self.timings.seconds["assemble"] += time.perf_counter() - t0
        log.info("dossier %s: %d pages in %.1fs", record.dossier_id, len(contexts), time.perf_counter() - started)
        return record

    def read_pages(self, path: Path, on_page: Callable[[], None] | None = None) -> tuple[list[PageContext], IngestReport]:
        """Every page of one dossier through the page stages; rasters are dropped on the way."""
        report = IngestReport()
        contexts: list[PageContext] = []
        self.previews = {}
        pages = iter_pages(path, report, dpi=self.dpi)
        while True:
            t0 = time.perf_counter()
            source = next(pages, None)
            self.timings.seconds["ingest"] += time.perf_counter() - t0
            if source is None:
                break
            ctx = PageContext(source=source, index=len(contexts) + 1, image=source.image)
            self._run_page(ctx)
            if self.keep_previews and ctx.image is not None:
                self.previews[ctx.index] = Preview.of(ctx.image)
            ctx.image = ctx.source.image = ctx.quads = None  # a dossier's rasters never pile up
            contexts.append(ctx)
            self.timings.pages += 1
            if on_page:
                on_page()
        return contexts, report

    def assemble(self, path: Path, contexts: list[PageContext], report: IngestReport) -> DossierRecord:
        classify_unreadable(contexts)
        return assemble_record(
            dossier_id=dossier_id(path),
            source=str(path),
            contexts=contexts,
            findings=report.findings,
            programme=self.programme,
            processed_at=datetime.now(timezone.utc),
        )

    def _run_page(self, ctx: PageContext) -> None:
        ctx.height, ctx.width = ctx.image.shape[:2]
        for name, stage in self.page_stages:
            if ctx.done:
                break
            t0 = time.perf_counter()
            try:
                stage(ctx)
            except Exception:  # one broken page must not lose the dossier
                log.exception("stage %s failed on %s p%d", name, ctx.source.source_file, ctx.source.page_number)
                ctx.done = True
            self.timings.seconds[name] += time.perf_counter() - t0
        if ctx.legibility is None:
            ctx.legibility = Legibility(score=0.0, legible=False, reasons=["processing_error"])

    # -- page stages -----------------------------------------------------------

    def _upright(self, ctx: PageContext) -> None:
        if ctx.source.text_lines:  # born-digital page: the text layer is already upright
            return
        upright = make_upright(self.probe, ctx.image)
        ctx.image, ctx.skew, ctx.rotation = upright.image, upright.skew, upright.orientation.rotation
        ctx.height, ctx.width = ctx.image.shape[:2]
        ctx.perspective = upright.perspective
        ctx.detected_lines = upright.orientation.text_lines
        if upright.dpi:
            ctx.dpi = upright.dpi
        if self.probe is self.engine:  # another engine detects its own lines
            ctx.quads = upright.quads

    def _blank(self, ctx: PageContext) -> None:
        mirrored = partial(reads_mirrored, self.probe, ctx.image)
        if ctx.source.text_lines or not is_blank(ctx.image, ctx.detected_lines, ctx.perspective, mirrored):
            return
        # A washed-out certificate can keep nothing but its seals' pale colour, too faint
        # for the blank check's colour test; the seal finder sees their rings. (The seal stage
        # looks again: a page turned later needs its seals found where they are then.)
        if not seals.find_seals(ctx.image, page_ppm=_px_per_mm(ctx)):
            ctx.doc_type, ctx.confidence = "blank", 0.9
            ctx.legibility = Legibility(score=1.0, legible=True, reasons=[])
            ctx.done = True

    def _seals(self, ctx: PageContext) -> None:
        ctx.seals = seals.find_seals(ctx.image, page_ppm=_px_per_mm(ctx))
        ctx.seal_texts = [seals.read_seal_text(ctx.image, seal, self.engine) for seal in ctx.seals]

    def _ocr(self, ctx: PageContext) -> None:
        if ctx.source.text_lines:
            ctx.lines, ctx.text_source = ctx.source.text_lines, "pdf_text"
            return
        # Red seal ink over black text confuses recognition: read the page without it.
        image = seals.remove_red(ctx.image) if ctx.seals else ctx.image
        if ctx.quads is not None:
            # Faded ink and blur hide lines from the first detection.
            faded = detect_faded(self.engine, image, ctx.quads)
            quads = detect_blurred(self.engine, image, faded, ctx.dpi or ctx.source.dpi)
            quads = _add_lines_under_seals(self.engine, image, quads, ctx.seals) if ctx.seals else quads
            if faded is ctx.quads:
                ctx.lines = self.engine.read_regions(image, quads)
            else:  # faded strokes read better now from the page, now from its stretched copy
                ctx.lines = read_faded(self.engine, image, quads)
        else:
            ctx.lines = self.engine.read(image)
        missed = read_missed(self.engine, image, ctx.lines)
        if missed:
            ctx.lines = sort_reading_order(ctx.lines + missed)
        ctx.text_source = "ocr"

    def _classify(self, ctx: PageContext) -> None:
        if _text_chars(ctx) < MIN_TEXT_CHARS:
            ctx.photo_share = photo_share(*_sheet_middle(ctx.image, ctx.quads))
            if ctx.photo_share < MIN_REGION_SHARE:  # large, soft pictures show few edges: the sheet they cover
                ctx.pictures = picture_area(ctx.image, ctx.quads) >= PICTURE_AREA
        classify_context(ctx)

    def _recover(self, ctx: PageContext) -> None:
        """A page the classifier could not read gets a last look at its large text
        (`intake/ocr/recover.py`), which may type it and turn it; it stays as illegible as it was.
        A page whose own lines read clearly (a cover, a divider, a caption) was read: it is no unreadable page."""
        if ctx.source.text_lines or not _unread(ctx.doc_type, ctx.confidence, ctx) or _read_clearly(ctx):
            return
        look = last_look(self.engine, ctx.image, ctx.dpi or ctx.source.dpi)
        if look is None:
            return
        if look.turn and self._turned(ctx, look.turn, look.readings[look.turn]):
            return
        ctx.recovered = tuple(look.readings[0])
        classify_context(ctx)

    def _turned(self, ctx: PageContext, turn: int, recovered: list[OcrLine]) -> bool:
        """Whether the page, turned further by `turn` (its seals and lines read again across), reads as a
        document; only then is it left turned."""
        if not _recovered_class(recovered, ctx, turn):  # no title that way
            return False
        image = rotate_upright(ctx.image, turn)
        turned = replace(
            ctx, image=image, rotation=(ctx.rotation + turn) % 360, height=image.shape[0], width=image.shape[1],
            quads=None if ctx.quads is None else turn_quads(ctx.quads, ctx.image.shape, turn), recovered=tuple(recovered),
        )
        self._seals(turned)
        self._ocr(turned)
        classify_context(turned)
        if turned.doc_type in NOT_RECOVERED:
            return False
        for name in PageContext.__dataclass_fields__:
            setattr(ctx, name, getattr(turned, name))
        return True

    def _legibility(self, ctx: PageContext) -> None:
        lines = [] if ctx.doc_type == "photo" else ctx.lines
        expected = EXPECTED_CHARS.get(ctx.doc_type, 0) if ctx.text_source == "ocr" else 0
        ctx.legibility = legibility.assess(ctx.image, lines, ctx.dpi or ctx.source.dpi, expected_chars=expected)

    def _letter_date(self, ctx: PageContext) -> None:
        # The seal over the sign-off cuts the date row short: read the whole row again.
        if ctx.doc_type == "commitment_letter" and ctx.text_source == "ocr":
            ctx.lines = reread_date_rows(self.engine, seals.lift_grey_seals(ctx.image, ctx.seals), ctx.lines)

    def _licence_date(self, ctx: PageContext) -> None:
        # The authority's seal cuts the issue date under it: read its row again, where it came out empty or cut.
        if ctx.doc_type == "business_licence" and ctx.text_source == "ocr" and issue_date_unread(ctx.text()):
            ctx.lines = reread_issue_date_row(self.engine, ctx.image, ctx.lines, ctx.seals)

    def _signature(self, ctx: PageContext) -> None:
        if ctx.doc_type == "commitment_letter":
            ctx.signature = signature.find_signature(ctx.image, ctx.lines, ctx.seals)


SHEET_EDGE = 0.12  # share of each side left out when looking for a photo's pictures


def _sheet_middle(image: np.ndarray, quads: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
    """The page without its edges, and its detected lines in it: a photo sheet's pictures lie inside
    it, while the desk or the scanner lid around a sheet whose corners were not found lies along the edges."""
    h, w = image.shape[:2]
    dy, dx = int(SHEET_EDGE * h), int(SHEET_EDGE * w)
    return image[dy : h - dy, dx : w - dx], None if quads is None else quads - np.float32([dx, dy])


def _text_chars(ctx: PageContext) -> int:
    return sum(len(line.text) for line in ctx.lines)


def classify_context(ctx: PageContext) -> None:
    """The page's type from its text. A page with no text to speak of is a photo, unless
    it has no photo in it either: then it is a document nobody could read, for a reviewer."""
    result = classify_page(ctx.text())
    if ctx.recovered and _unread(result.doc_type, result.confidence, ctx):
        result = _recovered_class(list(ctx.recovered), ctx) or result
    # A short title read for sure (税务登记证) makes the page that other document, not a picture.
    if result.doc_type == "other" and result.confidence <= REVIEW_BELOW and _text_chars(ctx) < MIN_TEXT_CHARS:
        unreadable = ctx.photo_share is not None and ctx.photo_share < MIN_REGION_SHARE and not ctx.pictures
        ctx.doc_type, ctx.confidence = ("other", 0.3) if unreadable else ("photo", 0.7)
        return
    ctx.doc_type, ctx.confidence = result.doc_type, result.confidence
    ctx.fiscal_year, ctx.statement = result.fiscal_year, result.statement


LITTLE_TEXT = 40  # characters: a page the classifier left unread with more than this was read, only unsure
# The last look's text types the page only when the classifier is surer of it than of its guess from a
# title a character or two off: garbage read large can come that close to a title.
RECOVERED_SURE = BLURRED_TITLE_CONFIDENCE + 0.1
CLEARLY_READ = 0.9  # the page's own lines read at this mean confidence (per character): nothing left to recover
# What the last look may make of a page: a document. A cover or a picture's caption is no reason to retype it.
NOT_RECOVERED = frozenset({"other", "photo", "blank"})


def _unread(doc_type: str, confidence: float, ctx: PageContext) -> bool:
    """The classifier left the page `other` for a reviewer, with hardly any text read."""
    return doc_type == "other" and confidence <= REVIEW_BELOW and _text_chars(ctx) < LITTLE_TEXT


def _read_clearly(ctx: PageContext) -> bool:
    """The page's own lines were read surely: whatever it is, it is no page past reading."""
    chars = _text_chars(ctx)
    return chars > 0 and sum(len(line.text) * line.confidence for line in ctx.lines) / chars >= CLEARLY_READ


def _recovered_class(lines: list[OcrLine], ctx: PageContext, turn: int = 0) -> PageClass | None:
    """The type the last look's lines (of the page turned further by `turn`) give the page, when the
    classifier is sure of a document."""
    lines = [OcrLine(repair_places(line.text), line.box, line.confidence) for line in lines]
    width, height = (ctx.height, ctx.width) if turn in (90, 270) else (ctx.width, ctx.height)
    result = classify_page(PageText(index=ctx.index, lines=lines, width=width, height=height))
    return result if result.doc_type not in NOT_RECOVERED and result.confidence >= RECOVERED_SURE else None


def _px_per_mm(ctx: PageContext) -> float:
    """The page's scale, from the image as read in (or as flattened), taken for an A4 sheet as
    the seal finder does: deskewing turns a page on a grown canvas without changing its scale,
    so the deskewed image's shape no longer tells it."""
    return ctx.dpi / 25.4 if ctx.dpi else seals.px_per_mm(ctx.source.image.shape)


def classify_unreadable(contexts: list[PageContext]) -> None:
    """The pages nobody could read get their kind from their seals, file name and neighbours,
    as a reviewer tells an unreadable licence from a photo (`extractors/unreadable.py`)."""
    evidence = [
        PageEvidence(
            doc_type=ctx.doc_type,
            source_file=ctx.source.source_file,
            unreadable=ctx.doc_type == "other" and ctx.confidence <= REVIEW_BELOW,
            no_text_photo=ctx.doc_type == "photo" and _text_chars(ctx) < MIN_TEXT_CHARS,
            seal_texts=[text for text, _ in ctx.seal_texts if text],
        )
        for ctx in contexts
    ]
    for ctx, doc_type in zip(contexts, settle(evidence)):
        if not doc_type:
            continue
        if ctx.doc_type == "blank":  # the blank stage's "legible" meant "nothing to read"
            ctx.legibility = Legibility(score=0.0, legible=False, reasons=["little_text"])
        ctx.doc_type, ctx.confidence = doc_type, SETTLED_CONFIDENCE


SEAL_MARGIN = 0.25  # share of the seal's size searched around it


def _add_lines_under_seals(engine, clean: np.ndarray, quads: np.ndarray, found: list) -> np.ndarray:
    """Lines printed under a seal are often not detected while the seal's ink is on
    the page: detect again around each seal on the page with the red removed."""
    h, w = clean.shape[:2]
    boxes = np.concatenate([quads.min(axis=1), quads.max(axis=1)], axis=1) if len(quads) else np.empty((0, 4))
    extra = []
    for seal in found:
        x0, y0, x1, y1 = seal.bbox
        mx, my = SEAL_MARGIN * (x1 - x0), SEAL_MARGIN * (y1 - y0)
        cx0, cy0 = int(max(0, x0 - mx)), int(max(0, y0 - my))
        cx1, cy1 = int(min(w, x1 + mx)), int(min(h, y1 + my))
        for quad in engine.text_quads(clean[cy0:cy1, cx0:cx1]):
            quad = np.asarray(quad, np.float32) + np.float32([cx0, cy0])
            if _covered_share(quad, boxes) < 0.5:  # not a line the first detection already had
                extra.append(quad)
    return np.concatenate([quads, np.stack(extra)]) if extra else quads


def _covered_share(quad: np.ndarray, boxes: np.ndarray) -> float:
    """How much of the quad's bounding box the given boxes (x0, y0, x1, y1) cover."""
    x0, y0 = quad.min(axis=0)
    x1, y1 = quad.max(axis=0)
    area = max(1.0, float((x1 - x0) * (y1 - y0)))
    if not len(boxes):
        return 0.0
    w = np.clip(np.minimum(boxes[:, 2], x1) - np.maximum(boxes[:, 0], x0), 0, None)
    h = np.clip(np.minimum(boxes[:, 3], y1) - np.maximum(boxes[:, 1], y0), 0, None)
    return float((w * h).sum()) / area
