"""Run the pipeline over dossiers and write every output of a run."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from tqdm import tqdm

from intake.emit.excel import write_summary
from intake.emit.files import read_records, write_jsonl, write_record
from intake.ingest import count_pages, dossier_id
from intake.pipeline import Pipeline
from models import Company, DossierRecord, Finding

log = logging.getLogger(__name__)


@dataclass
class RunResult:
    processed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    pages: int = 0


def run(pipeline: Pipeline, dossiers: list[Path], out: Path, progress: bool = True) -> RunResult:
    """Process each dossier; a dossier that fails still gets a record saying why."""
    result = RunResult()
    total = sum(count_pages(d) for d in dossiers)
    with tqdm(total=total, unit="页", desc="处理中", disable=not progress, dynamic_ncols=True) as bar:
        for path in dossiers:
            bar.set_postfix_str(dossier_id(path))
            before = pipeline.timings.pages
            try:
                record = pipeline.process(path, on_page=lambda: bar.update(1))
                result.processed.append(record.dossier_id)
            except Exception as exc:  # one bad dossier never stops the batch
                log.exception("dossier %s failed", path)
                record = failed_record(path, pipeline.programme.id, exc)
                result.failed.append(record.dossier_id)
            result.pages += pipeline.timings.pages - before
            write_record(out, record)
    write_run_outputs(out, pipeline)
    return result


def write_run_outputs(out: Path, pipeline: Pipeline) -> None:
    """records.jsonl and summary.xlsx over every record in `out` (earlier runs included)."""
    records = read_records(out)
    write_jsonl(out, records)
    write_summary(out / "summary.xlsx", records, pipeline.programme)


def failed_record(path: Path, programme: str, exc: Exception) -> DossierRecord:
    return DossierRecord(
        dossier_id=dossier_id(path),
        source=str(path),
        programme=programme,
        processed_at=datetime.now(timezone.utc),
        company=Company(),
        pages=[],
        documents=[],
        findings=[Finding(code="processing_failed", severity="error", message=f"处理失败：{type(exc).__name__}: {exc}")],
        missing_items=[],
        complete=False,
    )
