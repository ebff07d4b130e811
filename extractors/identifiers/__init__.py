"""Identifier validators in python-stdnum style, with OCR-confusion repair."""
from extractors.identifiers import high_tech, patent, uscc

__all__ = ["uscc", "patent", "high_tech"]
