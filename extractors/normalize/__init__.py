"""Normalisers for OCR text: money, dates, company names, plain text."""
from extractors.normalize.dates import find_dates, parse_date
from extractors.normalize.money import parse_money
from extractors.normalize.names import normalize_company_name
from extractors.normalize.text import compact_text, nfkc

__all__ = ["parse_money", "parse_date", "find_dates", "normalize_company_name", "nfkc", "compact_text"]
