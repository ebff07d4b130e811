"""The dossier record: the contract other systems read (spec §6).

Every extracted value is a `Field` carrying its evidence (page and box), so a
reviewer can always see where a value came from.
"""
from __future__ import annotations

from datetime import datetime
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field as PydField

SCHEMA_VERSION = "1.0"

DocType = Literal[
    "application_form",
    "financial_statement",
    "audit_report",
    "business_licence",
    "patent_certificate",
    "high_tech_certificate",
    "honor_certificate",
    "cloud_platform_proof",
    "rd_expense_proof",
    "photo",
    "company_profile",
    "commitment_letter",
    "blank",
    "other",
]
DOC_TYPES: tuple[str, ...] = DocType.__args__  # type: ignore[attr-defined]

BBox = tuple[float, float, float, float]
"""x0, y0, x1, y1 in pixels of the upright page image."""

FieldValue = Union[str, int, float, bool, None]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Field(_Model):
    """One extracted value with its evidence."""

    value: FieldValue
    confidence: float = PydField(ge=0.0, le=1.0)
    page: Optional[int] = PydField(None, description="1-based page index in the dossier")
    bbox: Optional[BBox] = None
    raw: Optional[str] = PydField(None, description="the text the value was read from")


class Seal(_Model):
    bbox: BBox
    shape: Literal["round", "oval", "square"]
    confidence: float = PydField(ge=0.0, le=1.0)
    text: Optional[str] = None
    text_confidence: Optional[float] = None
    similarity: Optional[float] = PydField(
        None, description="0-1 similarity of the seal text to the dossier's company name"
    )
    matches_company: Optional[bool] = None


class Legibility(_Model):
    score: float = PydField(ge=0.0, le=1.0)
    legible: bool
    reasons: list[str] = PydField(default_factory=list)


class Page(_Model):
    index: int = PydField(description="1-based position of the page in the dossier")
    source_file: str
    page_number: int = PydField(description="1-based page number inside the source file")
    doc_type: DocType
    confidence: float = PydField(ge=0.0, le=1.0)
    rotation: int = PydField(description="clockwise rotation of the content in the scan (0/90/180/270)")
    skew: float = PydField(0.0, description="residual skew corrected, degrees")
    perspective: bool = PydField(False, description="a phone photo: the sheet's outline was found and flattened to A4")
    width: int
    height: int
    text_source: Literal["ocr", "pdf_text", "none"]
    fiscal_year: Optional[int] = None
    statement: Optional[str] = None
    legibility: Legibility
    seals: list[Seal] = PydField(default_factory=list)


class Document(_Model):
    doc_type: DocType
    pages: list[int]
    fiscal_year: Optional[int] = None
    fields: dict[str, Field] = PydField(default_factory=dict)


class Finding(_Model):
    code: str = PydField(description="machine code, e.g. unreadable_file, mismatch, seal_mismatch")
    severity: Literal["info", "warning", "error"]
    message: str = PydField(description="human-readable, in Chinese")
    file: Optional[str] = None
    page: Optional[int] = None


class MissingItem(_Model):
    item: str = PydField(description="item id from the programme, e.g. financials_2019")
    reason: Literal["missing", "unstamped", "illegible", "expired", "unsigned", "too_short"]
    detail: str = PydField(description="explanation for the reviewer, in Chinese")


class Company(_Model):
    company_name: Optional[Field] = None
    uscc: Optional[Field] = None


class DossierRecord(_Model):
    schema_version: str = SCHEMA_VERSION
    dossier_id: str
    source: str
    programme: str
    processed_at: datetime
    company: Company
    pages: list[Page]
    documents: list[Document]
    findings: list[Finding]
    missing_items: list[MissingItem]
    complete: bool
    # Versioning (intake service): a changed dossier with the same id is a new version.
    version: int = PydField(1, ge=1, description="output version of this dossier id; the feed's key is dossier_id:version")
    content_hash: Optional[str] = PydField(None, description="sha256 over the dossier's relative paths and bytes")
    replaces_version: Optional[int] = PydField(None, description="the earlier version this record supersedes")


def json_schema() -> dict:
    return DossierRecord.model_json_schema()
