"""When a dossier dropped into the watched folder is complete enough to read.

Three guards, all cheap: the site's marker file (if it uses one), a quiet period
in which no file of the dossier changed size or mtime, and, on Linux, no process
on this machine holding one of its files open for writing (a Samba server
writing for a slow client, a copy stalled longer than the quiet period).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

Snapshot = dict[str, tuple[int, int]]  # relative path -> (size, mtime_ns)

MARKER_SETTLE_SECONDS = 1.0  # with a marker: the folder must still be unchanged one tick later


@dataclass
class Candidate:
    path: Path
    snapshot: Snapshot = field(default_factory=dict)
    changed_at: float = 0.0  # monotonic time of the last change seen
    not_before: float = 0.0  # after an error: leave it alone until then


def snapshot(path: Path) -> Snapshot:
    """Size and mtime of every file, hidden ones included (a temp file being written counts)."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    snap: Snapshot = {}
    for file in files:
        try:
            st = file.stat()
        except OSError:  # vanished between listing and stat: it is changing
            continue
        snap[file.name if file == path else file.relative_to(path).as_posix()] = (st.st_size, st.st_mtime_ns)
    return snap


def marker_path(path: Path, marker: str) -> Path:
    """`DOSSIER/READY` for a folder, `name.pdf.READY` beside a single file."""
    return path / marker if path.is_dir() else path.with_name(f"{path.name}.{marker}")


class Readiness:
    def __init__(self, quiet_seconds: float, marker: str | None) -> None:
        self.quiet_seconds, self.marker = quiet_seconds, marker

    def observe(self, cand: Candidate, now: float) -> bool:
        """Refresh the snapshot; False when the dossier is gone."""
        if not cand.path.exists():
            return False
        current = snapshot(cand.path)
        if current != cand.snapshot:
            cand.snapshot, cand.changed_at = current, now
        return True

    def ready(self, cand: Candidate, now: float) -> bool:
        if now < cand.not_before or not cand.snapshot:
            return False  # an empty folder: nothing dropped into it yet
        if self.marker:
            settle = min(self.quiet_seconds, MARKER_SETTLE_SECONDS)
            if not marker_path(cand.path, self.marker).exists() or now - cand.changed_at < settle:
                return False
        elif now - cand.changed_at < self.quiet_seconds:
            return False
        files = [cand.path] if cand.path.is_file() else [cand.path / rel for rel in cand.snapshot]
        return not open_for_writing(files)


def open_for_writing(files: list[Path]) -> bool:
    """Whether a process on this machine has one of `files` open for writing (Linux; False elsewhere)."""
    proc = Path("/proc")
    if not (proc / "self" / "fd").is_dir():
        return False
    wanted = {str(f.resolve()) for f in files}
    me = str(os.getpid())
    for pid_dir in proc.iterdir():
        if not pid_dir.name.isdigit() or pid_dir.name == me:
            continue
        try:
            fds = list((pid_dir / "fd").iterdir())
        except OSError:  # gone, or not ours to look at
            continue
        for fd in fds:
            try:
                if os.readlink(fd) in wanted and _writable(pid_dir / "fdinfo" / fd.name):
                    return True
            except OSError:
                continue
    return False


def _writable(fdinfo: Path) -> bool:
    for line in fdinfo.read_text().splitlines():
        if line.startswith("flags:"):
            return int(line.split()[1], 8) & 0o3 != 0  # O_WRONLY or O_RDWR
    return False
