"""Helpers and fixtures for the intake-service tests: tiny real dossiers, CLI subprocesses, Redis, PostgreSQL.

Everything runs for real: the `intake` CLI in child processes with the real OCR,
redis-server, a Celery worker, a PostgreSQL server. Dossiers are one or two
pages of the committed corpus so each test stays within seconds.
"""
from __future__ import annotations

import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[1]
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"  # installed by scripts/setup.sh


def page_png(n: int) -> bytes:
    """A small scanned-looking page with a few lines of Chinese text; distinct n, distinct bytes.

    Small on purpose: the real OCR reads it in well under a second.
    """
    from io import BytesIO

    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (900, 500), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    draw.text((60, 80), f"企业简介 第{n}页", fill="black", font=font)
    draw.text((60, 160), f"衡阳市测试企业{n}号有限公司", fill="black", font=font)
    draw.text((60, 240), "专精特新种子企业申报材料", fill="black", font=font)
    buffer = BytesIO()
    img.save(buffer, format="PNG")
    return buffer.getvalue()


def folder_dossier(parent: Path, name: str, pages: list[int]) -> Path:
    folder = parent / name
    folder.mkdir(parents=True)
    for i, n in enumerate(pages, 1):
        (folder / f"page-{i}.png").write_bytes(page_png(n))
    return folder


def pdf_bytes(pages: list[int]) -> bytes:
    """A multi-page PDF of rendered page images (no text layer: it is OCRed), built with PyMuPDF."""
    import pymupdf

    doc = pymupdf.open()
    for n in pages:
        page = doc.new_page(width=324, height=180)  # 900 x 500 px at 200 dpi
        page.insert_image(page.rect, stream=page_png(n))
    data = doc.tobytes()
    doc.close()
    return data


def intake_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "intake.cli", *args]


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    env.update(extra)
    env["PYTHONPATH"] = str(ROOT)
    return env


def run_intake(*args: str, timeout: float = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(intake_cmd(*args), cwd=ROOT, env=env or child_env(), capture_output=True, text=True,
                          timeout=timeout)


def start_intake(*args: str, log: Path, env: dict | None = None) -> subprocess.Popen:
    """A long-running `intake …` (watch, worker, batch to kill) with its output in `log`."""
    handle = log.open("w")
    return subprocess.Popen(intake_cmd(*args), cwd=ROOT, env=env or child_env(), stdout=handle,
                            stderr=subprocess.STDOUT, text=True)


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    return proc.returncode


def wait_for(condition: Callable[[], object], timeout: float, what: str, interval: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def state_rows(out: Path) -> list[dict]:
    """The rows of OUT's state database."""
    from intake.service.config import default_state_url
    from intake.service.state import StateDB

    state = StateDB(default_state_url(out))
    try:
        return state.rows()
    finally:
        state.close()


def outbox_keys(out: Path) -> list[str]:
    from intake.service.config import default_state_url
    from intake.service.state import StateDB

    state = StateDB(default_state_url(out))
    try:
        return [r["idempotency_key"] for r in state.outbox_rows()]
    finally:
        state.close()


def read_record(out: Path, dossier: str) -> dict:
    return json.loads((out / dossier / "record.json").read_text(encoding="utf-8"))


# -- services ------------------------------------------------------------------------------


@pytest.fixture
def redis_url(tmp_path):
    """A real redis-server on a free port, no persistence, in a temp dir."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not on PATH (scripts/setup.sh installs it: apt-get install redis-server)")
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def answers() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    return s.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_for(answers, 20, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(proc)


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL server (initdb in a temp dir, trust auth on a free port)."""
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not found (apt-get install postgresql)")
    pytest.importorskip("psycopg")
    data = Path(tempfile.mkdtemp(prefix="intake-pg-", dir="/tmp"))  # a path the postgres user can reach
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: run it as the postgres user
        as_user = ["runuser", "-u", "postgres", "--"]
        os.chmod(data, 0o755)
        shutil.chown(data, "postgres", "postgres")
    pgdata, port = data / "db", free_port()
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(pgdata), "-A", "trust", "-U", "intake",
                    "--no-sync"], check=True, capture_output=True)
    subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(pgdata), "-l", str(data / "pg.log"), "-w", "-o",
                    f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://intake@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(pgdata), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(data, ignore_errors=True)
