"""Render page plans and write them in one of the dossier file layouts."""
from __future__ import annotations

import dataclasses
import io
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image

from . import scan
from .dossier import DossierPlan, PagePlan
from .page import Ctx
from .surface import A4, PdfSurface, RasterSurface

GROUP_NAMES = {"cover": "目录", "form": "基本情况表", "fin": "财务报表", "licence": "营业执照", "evidence": "佐证材料",
               "photo": "照片", "profile": "企业简介", "letter": "承诺书", "other": "其他"}


@dataclass
class Options:
    fmt: str                  # jpeg_folder / mixed / single_pdf
    dpi: int
    quality: int
    naming: str               # jpeg_folder naming scheme
    born_digital: set[str] = field(default_factory=set)  # groups rendered as text PDFs


@dataclass
class Rendered:
    plan: PagePlan
    image: Image.Image | None       # None for born-digital pages
    seals: list[dict]
    rotation: int
    skew: float
    legible: bool
    source_file: str = ""
    # hard-case truth (None/empty for the committed corpus, which keeps the legacy format)
    extra: dict | None = None
    style: object = None            # hard.PageStyle the page was drawn with (born-digital pages redraw)
    company: str = ""


def choose_options(rng: random.Random, committed: bool, index: int) -> Options:
    if committed:
        fmt = ["mixed", "single_pdf", "jpeg_folder", "jpeg_folder", "mixed", "single_pdf"][index % 6]
        dpi, quality = rng.randrange(150, 171), rng.randrange(60, 71)
        born = {0: {"fin"}, 5: {"profile"}}.get(index % 6, set())
    else:
        fmt = rng.choice(["jpeg_folder", "jpeg_folder", "mixed", "single_pdf"])
        dpi, quality = rng.choice([150, 200, 200, 240, 300]), rng.randrange(60, 90)
        born = set()
        if fmt != "jpeg_folder" and rng.random() < 0.35:
            born = {rng.choice(["fin", "profile"])}
    return Options(fmt, dpi, quality, rng.choice(["{i:02d}.jpg", "page-{i}.jpg", "{i}.jpg", "scan_{i:03d}.jpg"]), born)


def _seal_dicts(ctx: Ctx, k: float, mapper=None) -> list[dict]:
    out = []
    for s in ctx.seals:
        b = tuple(v * k for v in s.bbox)
        box = scan.map_bbox(b, mapper) if mapper else [round(v) for v in b]
        out.append({"shape": s.shape, "text": s.text, "bbox": box})
    return out


def _outline(s, k: float, n: int = 24) -> list[tuple[float, float]]:
    """Points on a seal's outline in upright page pixels (k px per mm)."""
    cx, cy = (s.bbox[0] + s.bbox[2]) / 2, (s.bbox[1] + s.bbox[3]) / 2
    a, b = s.size_mm[0] / 2, s.size_mm[1] / 2
    t = math.radians(s.angle)
    if s.shape == "square":
        pts = [(-a, -b), (a, -b), (a, b), (-a, b)]
    else:
        pts = [(a * math.cos(2 * math.pi * i / n), b * math.sin(2 * math.pi * i / n)) for i in range(n)]
    out = []
    for x, y in pts:  # counter-clockwise on the page (y down)
        out.append(((cx + x * math.cos(t) + y * math.sin(t)) * k, (cy - x * math.sin(t) + y * math.cos(t)) * k))
    return out


def _hard_seal_dicts(ctx: Ctx, k: float, mapper, company: str, page_legible: bool) -> list[dict]:
    out = []
    for s in ctx.seals:
        up = [v * k for v in s.bbox]
        if mapper and s.size_mm[0]:
            pts = [mapper(x, y) for x, y in _outline(s, k)]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            g = (s.bbox[2] - s.bbox[0] - _outline_width(s)) / 2 * k  # second impression's offset
            box = [round(min(xs) - g), round(min(ys) - g), round(max(xs) + g), round(max(ys) + g)]
        elif mapper:
            box = scan.map_bbox(tuple(up), mapper)
        else:
            box = [round(v) for v in up]
        owner = s.owner or ("company" if s.text == company else "other")
        out.append({"shape": s.shape, "text": s.text, "bbox": box, "bbox_upright": [round(v) for v in up],
                    "centre_text": s.centre_text, "faded": s.faded, "legible": bool(s.legible and page_legible),
                    "company": owner == "company" and s.text == company, "owner": owner, "ink": s.ink,
                    "over_text": s.over_text, "over_signature": s.over_signature, "double": s.double,
                    "size_mm": list(s.size_mm)})
    return out


def _outline_width(s) -> float:
    """Width in mm of the rotated outline's bounding box (without a double impression)."""
    a, b = s.size_mm[0] / 2, s.size_mm[1] / 2
    t = math.radians(s.angle)
    if s.shape == "square":
        return 2 * (a * abs(math.cos(t)) + b * abs(math.sin(t)))
    return 2 * math.sqrt((a * math.cos(t)) ** 2 + (b * math.sin(t)) ** 2)


def render_pages(plan: DossierPlan, opts: Options, seed_key: str, prof: scan.ScanProfile,
                 hard_profile=None) -> list[Rendered]:
    if hard_profile is not None:
        return [_render_hard(plan, pp, i, opts, seed_key, prof, hard_profile) for i, pp in enumerate(plan.pages)]
    out = []
    for i, pp in enumerate(plan.pages):
        if pp.born_digital or pp.group in opts.born_digital:
            pp.born_digital = True
            out.append(Rendered(pp, None, [], 0, 0.0, True))
            continue
        rng = random.Random(f"{seed_key}:{i}:draw")
        surf = RasterSurface(opts.dpi)
        ctx = Ctx(surf, rng, pp.theme)
        pp.draw(ctx)
        srng = random.Random(f"{seed_key}:{i}:scan")
        params = scan.sample_params(srng, prof, pp.illegible)
        img, mapper = scan.apply(surf.img, params, prof, srng, opts.dpi)
        out.append(Rendered(pp, img, _seal_dicts(ctx, surf.k, mapper), params.rotation, params.skew,
                            not params.illegible))
    return out


def _render_hard(plan: DossierPlan, pp: PagePlan, i: int, opts: Options, seed_key: str, prof: scan.ScanProfile,
                 hp) -> Rendered:
    """One page with its hard-case effects and the extended truth."""
    from . import degrade, effects, hard
    hrng = random.Random(f"{seed_key}:{i}:hard")
    em = pp.theme.size * (0.8 if pp.doc_type in ("financial_statement", "audit_report", "rd_expense_proof") else 1.0)
    fx = hard.PageFx.choose(hrng, hp, pp.doc_type, pp.group, pp.near_empty, pp.illegible, em)
    style = dataclasses.replace(hp.style, foreign_seal=pp.foreign_seal)
    company = plan.company.name
    a4 = [round(A4[0] * opts.dpi / 25.4), round(A4[1] * opts.dpi / 25.4)]
    if pp.born_digital or pp.group in opts.born_digital:
        pp.born_digital = True
        extra = {"greyscale": False, "perspective": False, "corners": None, "blank": _blank_kind(pp, hrng),
                 "page_size": a4, "image_size": a4, "dpi": opts.dpi, "degradation": None, "borderline": False,
                 "born_digital": True, "near_empty": pp.near_empty}
        return Rendered(pp, None, [], 0, 0.0, True, extra=extra, style=style, company=company)
    rng = random.Random(f"{seed_key}:{i}:draw")
    surf = RasterSurface(opts.dpi)
    ctx = Ctx(surf, rng, pp.theme, hard=style)
    pp.draw(ctx)
    img = surf.img
    page_size = list(img.size)
    blank = _blank_kind(pp, hrng)
    if blank == "show_through":
        img = effects.show_through(img, hrng)
    degradation, borderline, legible = None, False, fx.legible
    if fx.degradation:
        kind, level = fx.degradation
        small, value, _ = degrade.apply(img, kind, level, hrng, opts.dpi, em_mm=em)
        img = small.resize(img.size, Image.BICUBIC) if small.size != img.size else small
        legible, borderline = degrade.verdict(kind, value, em)
        degradation = {"kind": kind, "level": level, "value": round(value, 4), "unit": degrade.UNITS[kind]}
    if fx.grey:
        img = effects.photocopy(img, hrng)
    srng = random.Random(f"{seed_key}:{i}:scan")
    params = scan.sample_params(srng, prof, pp.illegible)
    corners = None
    if params.illegible:  # the scan washes out and blurs an illegible page; a photo would skip that
        fx.phone = False
    if fx.phone:
        img, mapper, corners = effects.photograph(img, hrng, fx.rotation)
        rotation, skew = fx.rotation, 0.0
    else:
        params.rotation = fx.rotation
        if fx.skew is not None:
            params.skew = fx.skew
        tint = None
        if fx.grey:
            v = float(sum(prof.tint)) / 3
            tint = (v, v, v)
        if blank == "grey":
            v = hrng.uniform(178, 212)
            tint = (v, v, v * hrng.uniform(0.97, 1.0))
        elif blank == "white":
            tint = (255.0, 255.0, 255.0)
        img, mapper = scan.apply(img, params, prof, srng, opts.dpi, expand=abs(params.skew) > 3, tint=tint)
        rotation, skew = params.rotation, params.skew
    if fx.grey_storage:
        img = img.convert("L")
    legible = legible and not params.illegible
    extra = {"greyscale": fx.grey, "perspective": fx.phone, "corners": corners, "blank": blank,
             "page_size": page_size, "image_size": list(img.size), "dpi": opts.dpi, "degradation": degradation,
             "borderline": borderline, "born_digital": False, "near_empty": pp.near_empty}
    seals = _hard_seal_dicts(ctx, surf.k, mapper, company, legible)
    mark_invisible_seals(img, seals)
    return Rendered(pp, img, seals, rotation, skew, legible, extra=extra, style=style, company=company)


SEAL_INK_SHARE = 0.01  # of the seal's box: less ink than this and nobody can see a seal there


def mark_invisible_seals(img: Image.Image, seals: list[dict]) -> None:
    """Over-exposure, a photocopier or a scanner app's 'enhance' can burn a light seal out
    entirely. A seal that left no visible ink is not in the picture: truth says so
    (`visible` false, and its text is not legible), and the eval does not count it.
    Called on every image the page passes through; a seal gone once stays gone."""
    arr = np.asarray(img.convert("RGB")).astype(np.int16)
    colour = int(np.abs(arr[..., 0] - arr[..., 2]).mean()) > 2
    for seal in seals:
        x0, y0, x1, y1 = (max(0, v) for v in seal["bbox"])
        crop = arr[y0:y1, x0:x1]
        if crop.size == 0:
            seal["visible"] = False
        elif colour:  # red, brown or orange ink stands out from black print and tinted paper by its hue
            redness = crop[..., 0] - crop[..., 1:].mean(axis=-1)
            seal["visible"] = seal.get("visible", True) and bool(
                (redness - np.median(redness) > 10).mean() >= SEAL_INK_SHARE)
        else:  # grey ink: darker than the paper around it
            grey = crop.mean(axis=-1)
            seal["visible"] = seal.get("visible", True) and bool(
                (grey < np.percentile(grey, 95) - 30).mean() >= SEAL_INK_SHARE)
        if not seal["visible"]:
            seal["legible"] = False


def _blank_kind(pp: PagePlan, rng: random.Random) -> str | None:
    if pp.doc_type != "blank":
        return None
    return pp.blank_kind or rng.choice(["white", "grey", "show_through"])


ENHANCE_CUT = 165  # grey level above which a scanner app's 'enhance' calls a pixel paper
ENHANCE_KEEP = 0.6  # of the way from the darkest print to the paper: fainter print than the cut is kept up to here
ENHANCE_COLOUR = 10  # chroma (max - min channel) above the paper's: ink of a colour, kept


def _enhanced(img: Image.Image, faithful: bool = True) -> Image.Image:
    """Scanner-app 'enhance' export: paper pushed to pure white (also keeps PNGs small).

    The app whitens the paper, not the print: on a washed-out or over-exposed page whose
    darkest print is paler than the cut, the cut moves up between print and paper, and a
    pale seal keeps its colour. (A fixed grey cut erased such pages, or left a faded seal
    as red specks, while their truth said legible and visible.) Not `faithful`: the fixed grey
    cut alone, which the committed corpus was made with (it is rebuilt byte for byte), and
    which suits a blank sheet (nothing on it is print).
    """
    a = np.asarray(img)
    grey = a if a.ndim == 2 else a.min(axis=2)
    cut = float(ENHANCE_CUT)
    if faithful:
        ink, paper = np.percentile(grey, [0.05, 90])
        cut = max(cut, ink + ENHANCE_KEEP * (paper - ink))
    whiten = grey > cut
    if faithful and a.ndim == 3:
        chroma = a.max(axis=2).astype(np.int16) - grey
        whiten &= chroma <= np.median(chroma) + ENHANCE_COLOUR
    out = a.copy()
    out[whiten] = 255
    return Image.fromarray(out)


def _photographed(r: Rendered) -> bool:
    """A phone photo with the desk round the sheet. A scanner app crops and flattens the
    sheet before its 'enhance'; a cut applied to the raw photo would turn the sheet's
    shading into a speckled grey blob no app produces."""
    return bool(r.extra and r.extra.get("perspective"))


def _jpeg(img: Image.Image, q: int) -> bytes:
    buf = io.BytesIO()
    # Saving leaves its settings on the image (Pillow merges them into the next save):
    # a page saved as JPEG and then into a JPEG-compressed TIFF would break the TIFF encoder.
    img.copy().save(buf, "JPEG", quality=q, optimize=True)
    return buf.getvalue()


def _stored_jpeg(r: Rendered, q: int) -> bytes:
    """The page as a JPEG file or PDF/TIFF page stores it. Hard-case truth judges the seals
    on these very pixels: JPEG halves the red's resolution, and a faint seal can go."""
    data = _jpeg(r.image, q)
    if r.extra is not None:
        mark_invisible_seals(Image.open(io.BytesIO(data)), r.seals)
    return data


def _pdf(pages: list[Rendered], opts: Options, seed_key: str, index0: int) -> bytes:
    doc = pymupdf.open()
    for j, r in enumerate(pages):
        if r.image is None:  # born-digital: draw vectors + text layer, seals as images
            page = doc.new_page(width=A4[0] * 72 / 25.4, height=A4[1] * 72 / 25.4)
            surf = PdfSurface(page, opts.dpi)
            ctx = Ctx(surf, random.Random(f"{seed_key}:{index0 + j}:draw"), r.plan.theme, hard=r.style)
            r.plan.draw(ctx)
            if r.style is not None:
                r.seals = _hard_seal_dicts(ctx, opts.dpi / 25.4, None, r.company, r.legible)
            else:
                r.seals = _seal_dicts(ctx, opts.dpi / 25.4)
        else:
            w, h = r.image.size
            page = doc.new_page(width=w * 72 / opts.dpi, height=h * 72 / opts.dpi)
            page.insert_image(page.rect, stream=_stored_jpeg(r, opts.quality))
    doc.subset_fonts()
    doc.set_metadata({"producer": "scanner", "creator": "scanner"})
    return doc.tobytes(garbage=3, deflate=True, no_new_id=True)


def _tiff(pages: list[Rendered], q: int, dpi: int) -> bytes:
    buf = io.BytesIO()
    for r in pages:
        _stored_jpeg(r, q)  # the TIFF's pages are JPEG-compressed as well
    ims = [r.image for r in pages]
    ims[0].save(buf, "TIFF", save_all=True, append_images=ims[1:], compression="jpeg", quality=q, dpi=(dpi, dpi))
    return buf.getvalue()


def write(root: Path, plan: DossierPlan, pages: list[Rendered], opts: Options, rng: random.Random,
          seed_key: str) -> None:
    """Write files; fills Rendered.source_file. File natural order == page order."""
    did = plan.dossier_id
    root.mkdir(parents=True, exist_ok=True)
    if opts.fmt == "single_pdf":
        name = f"{did}.pdf"
        data = _pdf(pages, opts, seed_key, 0)
        (root / name).write_bytes(data)
        for r in pages:
            r.source_file = name
        return
    folder = root / did
    folder.mkdir(parents=True, exist_ok=True)
    if opts.fmt == "jpeg_folder" and not any(r.image is None for r in pages):
        for i, r in enumerate(pages, 1):
            r.source_file = opts.naming.format(i=i)
            (folder / r.source_file).write_bytes(_stored_jpeg(r, opts.quality))
        return
    # mixed: one file (or a run of images) per consecutive group of pages
    runs: list[list[int]] = []
    for i, r in enumerate(pages):
        if runs and pages[runs[-1][0]].plan.group == r.plan.group:
            runs[-1].append(i)
        else:
            runs.append([i])
    for n, run in enumerate(runs, 1):
        grp = [pages[i] for i in run]
        stem = f"{n:02d}-{GROUP_NAMES.get(grp[0].plan.group, '材料')}"
        if any(r.image is None for r in grp) or (len(grp) > 1 and rng.random() < 0.5 and grp[0].plan.group != "fin"):
            kind = "pdf"
        elif grp[0].plan.group == "fin" and len(grp) > 1:
            kind = rng.choice(["tif", "pdf"])
        else:
            kind = rng.choice(["jpg", "jpg", "png"])
        if kind == "pdf":
            (folder / f"{stem}.pdf").write_bytes(_pdf(grp, opts, seed_key, run[0]))
            names = [f"{stem}.pdf"] * len(grp)
        elif kind == "tif":
            (folder / f"{stem}.tif").write_bytes(_tiff(grp, opts.quality, opts.dpi))
            names = [f"{stem}.tif"] * len(grp)
        else:
            names = []
            for k, r in enumerate(grp, 1):
                nm = f"{stem}.{kind}" if len(grp) == 1 else f"{stem}-{k}.{kind}"
                if kind == "png" and _photographed(r):  # a camera's own picture: no app enhanced it
                    r.image.save(folder / nm, "PNG", optimize=True)
                elif kind == "png":
                    enhanced = _enhanced(r.image, r.extra is not None and r.plan.doc_type != "blank")
                    enhanced.save(folder / nm, "PNG", optimize=True)
                    if r.extra is not None:  # hard-case sets carry per-seal visibility
                        mark_invisible_seals(enhanced, r.seals)
                else:
                    (folder / nm).write_bytes(_stored_jpeg(r, opts.quality))
                names.append(nm)
        for r, nm in zip(grp, names):
            r.source_file = nm
