"""Seals (印章): find them on a page, remove red ink for OCR, read their text, match it.

    from extractors import seals
    found = seals.find_seals(page)                      # list[SealCandidate]
    text, conf = seals.read_seal_text(page, found[0], engine)
    seals.company_similarity(text, company_name)        # 0-1
    clean = seals.remove_red(page)                      # page OCR without the seal ink
    lifted = seals.lift_grey_seals(page, found)         # ... and without a copy's grey seals

Modules, one job each: `model` (SealCandidate, sizes in mm), `colour` (ink
masks, red removal), `grey_lift` (a copy's grey seals faded off its print),
`rings` (ring / frame measures), `detect` (candidates, shape, confidence),
`greyscale` (shape-only detection for copies without colour), `read` (polar /
elliptical unwarp, grid order, OCR), `match` (company similarity).
"""
from .colour import faint_red_mask, redness_image, red_mask, remove_red
from .detect import find_seals
from .grey_lift import lift_grey_seals
from .match import comparable_name, company_similarity
from .model import SealCandidate, SealShape, px_per_mm
from .read import read_seal_text

__all__ = [
    "SealCandidate", "SealShape", "find_seals", "read_seal_text", "remove_red", "lift_grey_seals", "red_mask", "faint_red_mask",
    "redness_image", "company_similarity", "comparable_name", "px_per_mm",
]
