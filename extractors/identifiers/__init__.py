"""Identifier validators in python-stdnum style, with OCR-confusion repair."""
from extractors.identifiers import patent, uscc

__all__ = ["uscc", "patent"]
