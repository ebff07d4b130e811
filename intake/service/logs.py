"""Structured logs: every service event is `event key=value …` in text, or one JSON object a line."""
from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any

def event(log: logging.Logger, name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log `name k=v …`; the fields also travel as record attributes for the JSON formatter."""
    shown = " ".join(f"{k}={_plain(v)}" for k, v in fields.items() if v is not None)
    log.log(level, "%s %s", name, shown, extra={"event": name, **{f"f_{k}": v for k, v in fields.items()}})


def _plain(value: Any) -> str:
    text = str(value)
    return json.dumps(text, ensure_ascii=False) if (" " in text or not text) else text


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, event and its fields."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key == "event":
                data["event"] = value
            elif key.startswith("f_"):
                data[key[2:]] = value if isinstance(value, (int, float, bool, type(None))) else str(value)
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def setup_service_logging(path, verbose: bool, json_lines: bool) -> None:
    """The CLI's log setup (file + stderr), with JSON lines in the file when asked.

    `path` None logs to stderr only (a Celery worker under systemd: journald keeps it).
    """
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    text_fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    handlers: list[logging.Handler] = []
    if path is not None:
        file_handler = logging.FileHandler(path, encoding="utf-8")
        file_handler.setFormatter(JsonLinesFormatter() if json_lines else text_fmt)
        handlers.append(file_handler)
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else (logging.INFO if path is None else logging.WARNING))
    console.setFormatter(JsonLinesFormatter() if json_lines and path is None else text_fmt)
    handlers.append(console)
    root.handlers[:] = handlers
    for noisy in ("watchdog", "urllib3", "kombu", "amqp"):  # their debug chatter drowns the service's
        logging.getLogger(noisy).setLevel(logging.WARNING if not verbose else logging.INFO)
