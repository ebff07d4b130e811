"""Ingest: turn a dossier (a folder or one multi-page file) into page rasters.

A file that cannot be read becomes a finding naming the file and the reason;
the rest of the dossier still goes through. Pages are produced lazily so a
600-page dossier never sits in memory at once.
"""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np

from intake.ocr.base import OcrLine
from models import Finding

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp"}
DOSSIER_FILE_SUFFIXES = {".pdf", ".tif", ".tiff"} | IMAGE_SUFFIXES
IGNORED_NAMES = {"ready", "thumbs.db", ".ds_store", "desktop.ini"}
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_PAGES_PER_FILE = 2000
MAX_LONG_SIDE = 3000  # phone photos are downscaled to about A4 at 250 dpi
A4_LONG_INCHES = 11.69
MIN_TEXT_LAYER_CHARS = 20


@dataclass
class SourcePage:
    source_file: str  # relative to the dossier root
    page_number: int  # 1-based inside the file
    image: np.ndarray | None  # BGR, as scanned; dropped once the page is processed
    dpi: float
    text_lines: list[OcrLine] | None = None  # from a PDF text layer, in image pixels


@dataclass
class IngestReport:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def problem(self, code: str, file: str, message: str, severity: str = "error") -> None:
        log.warning("%s: %s (%s)", file, message, code)
        self.findings.append(Finding(code=code, severity=severity, message=message, file=file))


def natural_key(name: str) -> list:
    """Sort 'page-2' before 'page-10'."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]


def dossier_id(path: Path) -> str:
    return path.stem if path.is_file() else path.name


def list_dossier_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    files = [
        p for p in path.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.name.lower() not in IGNORED_NAMES
    ]
    return sorted(files, key=lambda p: natural_key(str(p.relative_to(path))))


def sniff_kind(head: bytes) -> str | None:
    """The real format from magic bytes, whatever the extension claims."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG") or head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if head.startswith(b"BM"):
        return "image"
    return None


def iter_pages(path: Path, report: IngestReport, dpi: int = 200) -> Iterator[SourcePage]:
    """Yield every readable page of a dossier; problems go to `report`."""
    root = path if path.is_dir() else path.parent
    seen_hashes: dict[str, str] = {}
    for file in list_dossier_files(path):
        rel = str(file.relative_to(root))
        report.files.append(rel)
        kind = _check_file(file, rel, report, seen_hashes)
        if kind is None:
            continue
        try:
            if kind == "pdf":
                yield from _pdf_pages(file, rel, dpi, report)
            else:
                yield from _image_pages(file, rel)
        except Exception as exc:  # a broken file must never stop the dossier
            report.problem("unreadable_file", rel, f"文件无法读取（{type(exc).__name__}: {exc}）")


def _check_file(file: Path, rel: str, report: IngestReport, seen: dict[str, str]) -> str | None:
    size = file.stat().st_size
    if size == 0:
        report.problem("empty_file", rel, "文件为空（0 字节）")
        return None
    if size > MAX_FILE_BYTES:
        report.problem("file_too_large", rel, f"文件过大（{size // 2**20} MB，上限 {MAX_FILE_BYTES // 2**20} MB）")
        return None
    digest = _sha256(file)
    if digest in seen:
        report.problem("duplicate_file", rel, f"与 {seen[digest]} 内容完全相同，已跳过", severity="warning")
        return None
    seen[digest] = rel
    with file.open("rb") as fh:
        kind = sniff_kind(fh.read(16))
    suffix = file.suffix.lower()
    if kind is None:
        if suffix in DOSSIER_FILE_SUFFIXES:
            report.problem("unreadable_file", rel, "文件已损坏或格式无法识别")
        else:
            report.problem("unsupported_file", rel, f"不支持的文件类型（{suffix or '无扩展名'}）", severity="warning")
        return None
    expected = {".pdf": "pdf", ".tif": "tiff", ".tiff": "tiff"}.get(suffix, "image" if suffix in IMAGE_SUFFIXES else None)
    if expected != kind and not (expected == "image" and kind == "tiff"):
        report.problem("mislabelled_file", rel, f"扩展名与实际格式不符（实际为 {kind}），已按实际格式读取", severity="warning")
    return kind


def _sha256(file: Path) -> str:
    h = hashlib.sha256()
    with file.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _pdf_pages(file: Path, rel: str, dpi: int, report: IngestReport) -> Iterator[SourcePage]:
    import pymupdf

    doc = pymupdf.open(file)
    try:
        if doc.needs_pass and not doc.authenticate(""):
            report.problem("encrypted_file", rel, "PDF 已加密，无法打开")
            return
        if doc.page_count == 0:
            report.problem("empty_file", rel, "PDF 没有页面")
            return
        if doc.page_count > MAX_PAGES_PER_FILE:
            report.problem("file_too_large", rel, f"PDF 页数过多（{doc.page_count} 页），仅处理前 {MAX_PAGES_PER_FILE} 页")
        text_layers = _pdf_text_layers(file, dpi, min(doc.page_count, MAX_PAGES_PER_FILE))
        for number in range(min(doc.page_count, MAX_PAGES_PER_FILE)):
            try:
                page = doc.load_page(number)
                pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
                rgb = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)
                lines = text_layers.get(number) if page.rotation == 0 else None
                yield SourcePage(rel, number + 1, np.ascontiguousarray(rgb[:, :, ::-1]), float(dpi), lines)
            except Exception as exc:
                report.problem("unreadable_page", rel, f"第 {number + 1} 页无法渲染（{exc}）")
    finally:
        doc.close()


def _pdf_text_layers(file: Path, dpi: int, page_count: int) -> dict[int, list[OcrLine]]:
    """Lines of the real text layer, scaled to raster pixels; pages without one are absent."""
    import pdfplumber

    scale = dpi / 72.0
    layers: dict[int, list[OcrLine]] = {}
    try:
        with pdfplumber.open(file) as pdf:
            for number, page in enumerate(pdf.pages[:page_count]):
                if len(page.chars) < MIN_TEXT_LAYER_CHARS:
                    continue
                lines = [
                    OcrLine(
                        text=item["text"],
                        box=(item["x0"] * scale, item["top"] * scale, item["x1"] * scale, item["bottom"] * scale),
                        confidence=1.0,
                    )
                    for item in page.extract_text_lines(return_chars=False)
                    if item["text"].strip()
                ]
                if sum(len(l.text) for l in lines) >= MIN_TEXT_LAYER_CHARS and _looks_like_text(lines):
                    layers[number] = lines
    except Exception as exc:  # the raster path still works without a text layer
        log.info("no usable text layer in %s: %s", file, exc)
    return layers


def _looks_like_text(lines: list[OcrLine]) -> bool:
    """Reject text layers of broken fonts (no unicode map gives '(cid:123)' or private-use glyphs)."""
    text = "".join(l.text for l in lines)
    bad = text.count("(cid:") * 6 + sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd")
    return bad < 0.1 * len(text)


def _image_pages(file: Path, rel: str) -> Iterator[SourcePage]:
    from PIL import Image, ImageOps, ImageSequence

    with Image.open(file) as img:
        for number, frame in enumerate(ImageSequence.Iterator(img)):
            if number >= MAX_PAGES_PER_FILE:
                break
            upright = ImageOps.exif_transpose(frame.copy())
            rgb = np.asarray(upright.convert("RGB"))
            bgr = np.ascontiguousarray(rgb[:, :, ::-1])
            dpi = _image_dpi(frame, bgr.shape)
            bgr, dpi = _limit_size(bgr, dpi)
            yield SourcePage(rel, number + 1, bgr, dpi)


def _image_dpi(frame, shape: tuple[int, ...]) -> float:
    """Declared dpi when plausible, else estimated as if the image were an A4 page."""
    declared = frame.info.get("dpi")
    estimated = max(shape[:2]) / A4_LONG_INCHES
    if declared and 50 <= float(declared[0]) <= 1200:
        # A phone photo declares 72 dpi for 4000 px: the A4 estimate is closer to the truth.
        return float(declared[0]) if abs(float(declared[0]) - estimated) < estimated * 0.5 else estimated
    return estimated


def _limit_size(bgr: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    import cv2

    long_side = max(bgr.shape[:2])
    if long_side <= MAX_LONG_SIDE:
        return bgr, dpi
    scale = MAX_LONG_SIDE / long_side
    small = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return small, dpi * scale


def count_pages(path: Path) -> int:
    """A cheap page count for progress bars; unreadable files count as zero."""
    total = 0
    for file in list_dossier_files(path):
        try:
            with file.open("rb") as fh:
                kind = sniff_kind(fh.read(16))
            if kind == "pdf":
                import pymupdf

                with pymupdf.open(file) as doc:
                    total += min(doc.page_count, MAX_PAGES_PER_FILE)
            elif kind is not None:
                from PIL import Image

                with Image.open(file) as img:
                    total += min(getattr(img, "n_frames", 1), MAX_PAGES_PER_FILE)
        except Exception:
            continue
    return total


def list_dossiers(root: Path) -> list[Path]:
    """Each child of a batch root is one dossier: a folder or a single file."""
    children = [
        p for p in root.iterdir()
        if not p.name.startswith(".") and p.name.lower() not in IGNORED_NAMES
        and (p.is_dir() or p.suffix.lower() in DOSSIER_FILE_SUFFIXES)
    ]
    return sorted(children, key=lambda p: natural_key(p.name))
