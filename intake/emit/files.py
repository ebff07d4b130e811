"""record.json per dossier and records.jsonl per run, written atomically."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from models import DossierRecord


def write_atomic(path: Path, data: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    write_atomic_bytes(path, data.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; outputs are for reviewers and the feed
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def record_path(out: Path, dossier_id: str) -> Path:
    return out / dossier_id / "record.json"


def write_record(out: Path, record: DossierRecord) -> Path:
    path = record_path(out, record.dossier_id)
    write_atomic(path, record.model_dump_json(indent=2))
    return path


def read_records(out: Path) -> list[DossierRecord]:
    """Every record under `out`, in dossier-id order."""
    paths = sorted(out.glob("*/record.json"))
    return [DossierRecord.model_validate_json(p.read_text(encoding="utf-8")) for p in paths]


def write_jsonl(out: Path, records: list[DossierRecord]) -> Path:
    path = out / "records.jsonl"
    write_atomic(path, "".join(r.model_dump_json() + "\n" for r in records))
    return path
