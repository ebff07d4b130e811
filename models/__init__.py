"""Record types shared by the pipeline, the outputs and the eval."""
from models.record import (
    DOC_TYPES,
    SCHEMA_VERSION,
    BBox,
    Company,
    Document,
    DossierRecord,
    Field,
    Finding,
    Legibility,
    MissingItem,
    Page,
    Seal,
    json_schema,
)

__all__ = [
    "DOC_TYPES", "SCHEMA_VERSION", "BBox", "Company", "Document", "DossierRecord", "Field",
    "Finding", "Legibility", "MissingItem", "Page", "Seal", "json_schema",
]
