"""Run the pipeline over dossiers and write every output of a run."""
from __future__ import annotations

import logging
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from tqdm import tqdm

from intake.emit.annotate import write_annotations
from intake.emit.excel import write_summary
from intake.crosscheck import INTAKE_FINDINGS, across_dossiers
from intake.emit.files import read_records, write_jsonl, write_record
from intake.ingest import count_pages, dossier_id
from intake.ocr import make_engine
from intake.pipeline import Pipeline
from intake.programme import Programme
from models import Company, DossierRecord, Finding

log = logging.getLogger(__name__)


@dataclass
class RunResult:
    processed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    pages: int = 0


def run(settings: PipelineSettings, dossiers: list[Path], out: Path, progress: bool = True, workers: int = 1) -> RunResult:
    """Process each dossier; a dossier that fails still gets a record saying why.

    With several workers, each process holds its own pipeline and takes whole
    dossiers; records are written by the worker, atomically.
    """
    result = RunResult()
    total = sum(count_pages(d) for d in dossiers)
    with tqdm(total=total, unit="页", desc="处理中", disable=not progress, dynamic_ncols=True) as bar:
        if workers <= 1:
            init_worker(settings)
            outcomes = (_process_one(path, out, on_page=lambda: bar.update(1)) for path in dossiers)
            _collect(outcomes, result, bar, count_pages_done=False)
        else:
            with ProcessPoolExecutor(workers, initializer=init_worker, initargs=(settings,)) as pool:
                futures = [pool.submit(_process_one, path, out) for path in dossiers]
                _collect((f.result() for f in as_completed(futures)), result, bar, count_pages_done=True)
    write_run_outputs(out, settings.programme)
    return result


@dataclass(frozen=True)
class PipelineSettings:
    engine: str
    programme: Programme
    dpi: int = 200
    annotate: bool = False  # write annotated page images for reviewers

    def build(self) -> Pipeline:
        return Pipeline(make_engine(self.engine), self.programme, dpi=self.dpi, keep_previews=self.annotate)


_worker: tuple[PipelineSettings, Pipeline] | None = None  # models load once per process


def init_worker(settings: PipelineSettings) -> None:
    global _worker
    if _worker is None or _worker[0] != settings:
        _worker = (settings, settings.build())


def process_dossier(path: Path, out: Path, on_page=None, stamp: dict | None = None) -> tuple[DossierRecord, bool, int]:
    """Run this process's pipeline on one dossier and write its record (and annotations).

    `stamp` sets extra record fields (version, content hash) before the atomic write.
    """
    pipeline = _worker[1]
    before = pipeline.timings.pages
    try:
        record = pipeline.process(path, on_page=on_page)
        ok = True
    except Exception as exc:  # one bad dossier never stops the batch
        log.exception("dossier %s failed", path)
        record = failed_record(path, pipeline.programme.id, exc)
        ok = False
    if stamp:
        record = record.model_copy(update=stamp)
    write_record(out, record)
    if pipeline.keep_previews:
        write_annotations(out, record, pipeline.previews)
    return record, ok, pipeline.timings.pages - before


def _process_one(path: Path, out: Path, on_page=None) -> tuple[str, bool, int]:
    record, ok, pages = process_dossier(path, out, on_page=on_page)
    return record.dossier_id, ok, pages


def _collect(outcomes, result: RunResult, bar, count_pages_done: bool) -> None:
    for dossier, ok, pages in outcomes:
        (result.processed if ok else result.failed).append(dossier)
        result.pages += pages
        bar.set_postfix_str(dossier)
        if count_pages_done:
            bar.update(pages)


def write_run_outputs(out: Path, programme: Programme) -> list[DossierRecord]:
    """records.jsonl and summary.xlsx over every record in `out` (earlier runs included).

    Checks across dossiers (one company submitted twice) run here, over the whole
    intake, and their findings are written back into the records concerned. Returns
    the records that changed, for the feed to send again.
    """
    records = read_records(out)
    found = across_dossiers(records)
    changed = []
    for i, record in enumerate(records):
        updated = _with_intake_findings(record, found.get(record.dossier_id, []))
        if updated is not record:
            write_record(out, updated)
            records[i] = updated
            changed.append(updated)
    write_jsonl(out, records)
    write_summary(out / "summary.xlsx", records, programme)
    return changed


def _with_intake_findings(record: DossierRecord, findings: list[Finding]) -> DossierRecord:
    """The record with this intake's cross-dossier findings in place of any earlier ones."""
    kept = [f for f in record.findings if f.code not in INTAKE_FINDINGS]
    if kept + findings == record.findings:
        return record
    return record.model_copy(update={"findings": kept + findings})


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
