"""Dossier intake: ingest → pages → classify → extract → check → assemble → emit."""
__version__ = "0.1.0"
