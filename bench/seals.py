"""Seal detection, shape, text reading and company match on generated dossiers.

Runs `find_seals` and `read_seal_text` directly on every page image (as the
pipeline's ingest yields it) and scores them against the generator's truth:

    .venv/bin/python -m samples.generate --out /tmp/s7 --count 6 --seed 7
    .venv/bin/python bench/seals.py /tmp/s7 [--no-read] [-v]

Truth seals carry bboxes in stored-image pixels (PDF pages: at the generator's
dpi); they are scaled to the image the bench sees. Detection is
rotation-invariant, so stored (possibly rotated) pages are used as they are.
A detection matches a truth seal when its box overlaps it with IoU >= 0.3.
Truth seals marked not visible (burnt out by the scan) or with no seal ink in
their box are not scored, as in `intake eval`: finding one is no error.

Prints recall / precision of detection, shape accuracy of matched seals, mean
similarity of the text read to the truth text, the company match rate
(company_similarity >= 0.6 where the truth seal carries the company name and is
legible), the rate of false "matches" on other organisations' seals, and the
time per page (detection) and per seal (reading).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from extractors import seals  # noqa: E402
from intake.evaluate import iou  # noqa: E402
from intake.ingest import IngestReport, iter_pages, list_dossiers  # noqa: E402

SEAL_MATCH = 0.6  # intake/assemble.py SEAL_MATCH


def _pdf_dpi(path: Path) -> float | None:
    """The generator's dpi: page-sized raster images in the PDF, pixels per inch."""
    import pymupdf

    doc = pymupdf.open(path)
    try:
        for page in doc:
            for info in page.get_image_info():
                x0, y0, x1, y1 = info["bbox"]
                if (x1 - x0) > 0.9 * page.rect.width and info.get("width"):
                    return info["width"] / ((x1 - x0) / 72.0)
    finally:
        doc.close()
    return None


def _image_size(path: Path, frame: int) -> tuple[int, int] | None:
    from PIL import Image, ImageOps, ImageSequence

    with Image.open(path) as img:
        for n, f in enumerate(ImageSequence.Iterator(img)):
            if n == frame:
                return ImageOps.exif_transpose(f.copy()).size
    return None


def _pages(dossier: Path, truth: dict):
    """(truth page, image, scale from truth pixels to image pixels) in truth order."""
    report = IngestReport()
    root = dossier if dossier.is_dir() else dossier.parent
    by_key = defaultdict(list)
    for tp in truth["pages"]:
        by_key[tp["source_file"]].append(tp)
    dpi_cache: dict[str, float | None] = {}
    for sp in iter_pages(dossier, report):
        tps = by_key.get(sp.source_file) or []
        if sp.page_number > len(tps):
            continue
        tp = tps[sp.page_number - 1]
        file = root / sp.source_file
        if file.suffix.lower() == ".pdf" or file.read_bytes()[:4] == b"%PDF":
            if sp.source_file not in dpi_cache:
                dpi_cache[sp.source_file] = _pdf_dpi(file)
            # A born-digital PDF has no page-sized raster: the truth's own dpi then.
            gen = dpi_cache[sp.source_file] or tp.get("dpi") or sp.dpi
            scale = sp.dpi / gen
        else:
            size = _image_size(file, sp.page_number - 1)
            scale = sp.image.shape[1] / size[0] if size else 1.0
        yield tp, sp.image, scale


def _kinds(t: dict, tp: dict) -> list[str]:
    """The recall groups a truth seal falls in (as intake eval reports them)."""
    out = [t["shape"], t.get("owner") or "?"]
    if tp.get("greyscale"):
        out.append("greyscale")
    for k in ("faded", "over_text", "over_signature", "double"):
        if t.get(k):
            out.append(k)
    if t.get("ink") not in (None, "red"):
        out.append("ink:" + str(t["ink"]))
    if tp.get("perspective"):
        out.append("perspective")
    if tp.get("rotation"):
        out.append("turned")
    if abs(tp.get("skew") or 0) > 1:
        out.append("skewed")
    return out


def _invisible(image: np.ndarray, box, tp: dict) -> bool:
    """A truth seal the generator did not draw: its box is plain white, or on a
    colour page (almost) no pixel in it is even faintly reddish."""
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    crop = image[max(0, y0):max(0, y1), max(0, x0):max(0, x1)].astype(np.int16)
    if crop.size == 0:
        return True
    grey = crop if crop.ndim == 2 else crop.mean(axis=2)
    if float(grey.min()) >= 250:
        return True  # nothing but white paper
    if tp.get("greyscale") or crop.ndim == 2:
        return False  # a grey seal cannot be told from the print under it
    if int(np.abs(crop[..., 2] - crop[..., 1]).max()) < 3 and int(np.abs(crop[..., 1] - crop[..., 0]).max()) < 3:
        return False  # a colourless page the truth does not call greyscale: cannot tell
    red = crop[..., 2] - np.maximum(crop[..., 1], crop[..., 0])
    return float((red >= 6).mean()) < 0.002


def _dump(folder: Path | None, name: str, image: np.ndarray, box) -> None:
    if folder is None:
        return
    import cv2

    x0, y0, x1, y1 = (int(round(v)) for v in box)
    m = int(0.3 * max(x1 - x0, y1 - y0))
    crop = image[max(0, y0 - m): y1 + m, max(0, x0 - m): x1 + m]
    if crop.size:
        cv2.imwrite(str(folder / (name.replace("/", "_")[:80] + ".png")), crop)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("root", type=Path, help="generator output (with dossiers/ and truth/)")
    ap.add_argument("--no-read", action="store_true", help="detection only")
    ap.add_argument("--limit", type=int, default=0, help="at most this many dossiers")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses, false alarms and bad reads")
    ap.add_argument("--keep-invisible", action="store_true",
                    help="score truth seals marked not visible, or with no seal-coloured ink in their box, too")
    ap.add_argument("--dump", type=Path, help="save a crop of every missed seal, false alarm and bad read here")
    a = ap.parse_args(argv)
    if a.dump:
        a.dump.mkdir(parents=True, exist_ok=True)

    engine = None
    if not a.no_read:
        from intake.ocr.rapid import RapidOcrEngine

        engine = RapidOcrEngine()
    dossiers = list_dossiers(a.root / "dossiers")
    if a.limit:
        dossiers = dossiers[: a.limit]
    n_pages = tp_n = fp_n = fn_n = 0
    shape_ok = shape_n = 0
    shapes: Counter = Counter()
    sims: list[float] = []
    match = [0, 0]  # company seals (legible): matched, total
    false_match = [0, 0]  # other organisations' seals: matched as company, total
    t_find = t_read = c_find = c_read = 0.0
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # kind: [found, total]
    n_read = 0
    notes: list[str] = []
    invisible: list[str] = []
    for dossier in dossiers:
        did = dossier.stem if dossier.is_file() else dossier.name
        truth = json.loads((a.root / "truth" / f"{did}.json").read_text(encoding="utf-8"))
        company = (truth.get("company") or {}).get("company_name") or ""
        for tp, image, scale in _pages(dossier, truth):
            n_pages += 1
            t0, c0 = time.perf_counter(), time.process_time()
            found = seals.find_seals(image)
            t_find += time.perf_counter() - t0
            c_find += time.process_time() - c0
            where = f"{did}:{tp['source_file']}#{tp.get('page_number')}"
            truths, left_out = [], []
            for s in tp.get("seals") or []:
                t = dict(s, box=[v * scale for v in s["bbox"]])
                # Not there to be found: burnt out by the scan (truth says so, as
                # `intake eval` counts it) or no seal ink in its box at all.
                if not a.keep_invisible and (t.get("visible") is False or _invisible(image, t["box"], tp)):
                    invisible.append(f"{where} {t['shape']} {t['text']} ink={t.get('ink')}")
                    left_out.append(t)
                    continue
                truths.append(t)
            used = set()
            pairs = []
            for t in truths:
                best, best_iou = None, 0.3
                for k, c in enumerate(found):
                    if k in used:
                        continue
                    overlap = iou(t["box"], c.bbox)
                    if overlap >= best_iou:
                        best, best_iou = k, overlap
                for kind in _kinds(t, tp):
                    kinds[kind][1] += 1
                    kinds[kind][0] += best is not None
                if best is None:
                    fn_n += 1
                    _dump(a.dump, f"miss-{did}-{tp.get('page_number')}-{t['text']}", image, t["box"])
                    flags = " ".join(k for k in ("faded", "double", "over_signature") if t.get(k))
                    notes.append(f"MISS  {where} {t['shape']} {t['text']} {[round(v) for v in t['box']]} "
                                 f"ink={t.get('ink', '?')} {flags}")
                else:
                    used.add(best)
                    tp_n += 1
                    pairs.append((t, found[best]))
            for t in left_out:  # found anyway: no error (as `intake eval` scores it)
                hits = [k for k, c in enumerate(found) if k not in used and iou(t["box"], c.bbox) >= 0.3]
                used.update(hits[:1])
            for k, c in enumerate(found):
                if k not in used:
                    fp_n += 1
                    _dump(a.dump, f"false-{did}-{tp.get('page_number')}-{k}", image, c.bbox)
                    notes.append(f"FALSE {where} ({tp['doc_type']}) {c.shape} conf={c.confidence} "
                                 f"{[round(v) for v in c.bbox]} {c.metrics}")
            for t, c in pairs:
                shape_n += 1
                shapes[(t["shape"], c.shape)] += 1
                if t["shape"] == c.shape:
                    shape_ok += 1
                if engine is None:
                    continue
                t0, c0 = time.perf_counter(), time.process_time()
                text, conf = seals.read_seal_text(image, c, engine)
                t_read += time.perf_counter() - t0
                c_read += time.process_time() - c0
                n_read += 1
                sim = seals.company_similarity(text, t["text"])
                sims.append(sim)
                if isinstance(t.get("company"), bool):  # the extended generator says whose seal it is
                    is_company = t["company"]
                else:
                    is_company = seals.company_similarity(t["text"], company) >= 0.95
                legible = t.get("legible", True)
                if is_company and legible:
                    match[1] += 1
                    ok = seals.company_similarity(text, company) >= SEAL_MATCH
                    match[0] += ok
                    if not ok:
                        _dump(a.dump, f"nomatch-{did}-{tp.get('page_number')}-{t['text']}", image, c.bbox)
                        notes.append(f"NOMATCH {where} {t['shape']} truth={t['text']} read={text!r} conf={conf}")
                elif not is_company:
                    false_match[1] += 1
                    bad = seals.company_similarity(text, company) >= SEAL_MATCH
                    false_match[0] += bad
                    if bad:
                        notes.append(f"FALSEMATCH {where} truth={t['text']} read={text!r} company={company}")
                if sim < 0.8 and a.verbose:
                    notes.append(f"READ  {where} {t['shape']} truth={t['text']} read={text!r} conf={conf} sim={sim}")
    if a.verbose:
        print("\n".join(notes))
    if invisible:
        print(f"left out {len(invisible)} truth seal(s) with no seal ink in their box (not drawn):")
        print("\n".join("  " + x for x in invisible))
    recall = tp_n / max(tp_n + fn_n, 1)
    precision = tp_n / max(tp_n + fp_n, 1)
    print(f"dossiers {len(dossiers)}  pages {n_pages}  truth seals {tp_n + fn_n}  found {tp_n + fp_n}")
    print(f"detection  recall {recall:.1%}  precision {precision:.1%}  (tp {tp_n}, fn {fn_n}, fp {fp_n})")
    print("recall by kind  " + "  ".join(f"{k} {f / n:.0%} ({f}/{n})" for k, (f, n) in sorted(kinds.items())))
    print(f"shape      accuracy {shape_ok / max(shape_n, 1):.1%}  "
          + "  ".join(f"{t}->{p}:{n}" for (t, p), n in sorted(shapes.items())))
    if engine is not None:
        print(f"text       mean similarity to truth {np.mean(sims) if sims else 0:.3f}  "
              f"(>=0.8: {sum(s >= 0.8 for s in sims)}/{len(sims)})")
        print(f"company    match rate {match[0] / max(match[1], 1):.1%} ({match[0]}/{match[1]} legible company seals); "
              f"false matches on other organisations {false_match[0]}/{false_match[1]}")
    print(f"time       find_seals {1000 * t_find / max(n_pages, 1):.1f} ms/page wall, "
          f"{1000 * c_find / max(n_pages, 1):.1f} ms/page CPU (the box is shared: CPU is the fair figure); "
          f"read_seal_text {1000 * t_read / max(n_read, 1):.0f} ms/seal wall, "
          f"{1000 * c_read / max(n_read, 1):.0f} ms/seal CPU (OCR runs threads: CPU may exceed wall) "
          f"({1000 * (t_find + t_read) / max(n_pages, 1):.0f} ms/page in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
