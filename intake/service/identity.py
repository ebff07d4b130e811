"""What a dossier is (its content hash) and who holds a claim on it (owner ids)."""
from __future__ import annotations

import hashlib
import os
import secrets
import socket
import time
from pathlib import Path

from intake.ingest import list_dossier_files

_TOKEN = secrets.token_hex(4)  # tells this process from an earlier one that had the same pid
_TOKEN_PID = os.getpid()


def content_hash(path: Path) -> str:
    """sha256 over the sorted relative paths, sizes and bytes of the files the pipeline reads
    (the size separates one file's bytes from the next name).

    A single file hashes its bytes only, and a folder its paths relative to itself,
    so a copy under another name has the same hash (and is a duplicate).
    """
    h = hashlib.sha256()
    root = path if path.is_dir() else path.parent
    files = list_dossier_files(path)
    for file in sorted(files, key=lambda f: f.relative_to(root).as_posix()):
        name = "" if path.is_file() else file.relative_to(root).as_posix()
        h.update(name.encode("utf-8") + b"\0")
        h.update(str(file.stat().st_size).encode() + b"\0")
        with file.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def owner_id() -> str:
    """host:pid:token of this process; the token changes in a forked child."""
    global _TOKEN, _TOKEN_PID
    if os.getpid() != _TOKEN_PID:
        _TOKEN, _TOKEN_PID = secrets.token_hex(4), os.getpid()
    return f"{socket.gethostname()}:{os.getpid()}:{_TOKEN}"


def owner_alive(owner: str | None, lease_until: float | None, now: float | None = None) -> bool:
    """Whether a claim still has a live holder.

    On this host the process table decides (a SIGKILLed run is seen at once);
    another host's claim lives as long as its lease, which the holder renews.
    """
    if not owner:
        return False
    host, _, rest = owner.partition(":")
    pid_text, _, token = rest.partition(":")
    if host != socket.gethostname():
        return (lease_until or 0) > (now or time.time())
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if pid == os.getpid():
        return token == owner_id().rsplit(":", 1)[1]
    return pid_alive(pid)


def pid_alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    if stat.parent.parent.is_dir() and Path("/proc/self").exists():
        try:
            state = stat.read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        return state not in {"Z", "X", "x"}  # a zombie is dead, whoever reaps it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
