"""The page text view that classifiers and field extractors work on."""
from __future__ import annotations

from dataclasses import dataclass, field

from intake.ocr.base import OcrLine


@dataclass
class PageText:
    """The OCR (or PDF text layer) lines of one upright page."""

    index: int  # 1-based page index in the dossier
    lines: list[OcrLine]
    width: int
    height: int
    doc_type: str = "other"
    fiscal_year: int | None = None
    statement: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)
