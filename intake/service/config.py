"""Service settings: defaults < config file < INTAKE_* environment < command line.

The file is TOML (`.toml`) or YAML (`.yaml`/`.yml`), flat `key = value` pairs
with the names below; `--config FILE` or `INTAKE_CONFIG` points at it. Every key
is documented in README.md and deploy/intake.example.toml.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping

import yaml

ENV_PREFIX = "INTAKE_"


class ConfigError(ValueError):
    """A bad config file or value: a usage error (exit code 2)."""


@dataclass(frozen=True)
class ServiceConfig:
    state_url: str | None = None  # None: sqlite:///OUT/state.db
    broker_url: str = "redis://localhost:6379/0"
    queue: str = "intake"
    feed_url: str | None = None  # None: records wait in the outbox
    feed_token: str | None = None  # sent as `Authorization: Bearer <token>`
    feed_timeout: float = 10.0
    feed_backoff_base: float = 5.0  # first retry after about this many seconds, doubling
    feed_backoff_cap: float = 3600.0  # never wait longer than this between attempts
    archive_dir: str | None = None  # None: DIR/archive
    quarantine_dir: str | None = None  # None: DIR/quarantine
    quiet_seconds: float = 10.0
    marker: str | None = None  # e.g. "READY": take a dossier only once this file is there
    rescan_seconds: float = 30.0
    polling: bool = False
    poll_seconds: float = 1.0  # how often the polling observer looks (SMB/NFS)
    lease_seconds: float = 300.0  # a processing claim not renewed for this long is retaken
    max_attempts: int = 3
    log_json: bool = False  # JSON lines in the log file instead of text


KEYS = {f.name: f for f in fields(ServiceConfig)}


def load_config(path: str | Path | None = None, env: Mapping[str, str] | None = None,
                overrides: Mapping[str, Any] | None = None) -> ServiceConfig:
    """Merge defaults, the file, INTAKE_* variables and non-None command-line overrides."""
    env = os.environ if env is None else env
    path = path or env.get(f"{ENV_PREFIX}CONFIG")
    values: dict[str, Any] = {}
    if path:
        values.update(_read_file(Path(path)))
    for key in KEYS:
        raw = env.get(ENV_PREFIX + key.upper())
        if raw is not None and raw != "":
            values[key] = raw
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return replace(ServiceConfig(), **{k: _convert(k, v) for k, v in values.items()})


def _read_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text) or {}
    except (OSError, tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"config {path} must be a table of key = value")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:  # a typo must not silently fall back to a default
        raise ConfigError(f"unknown config key(s) in {path}: {', '.join(unknown)}")
    return data


def _convert(key: str, value: Any) -> Any:
    kind = str(KEYS[key].type)
    try:
        if "bool" in kind:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
                raise ValueError(value)
            return text in {"1", "true", "yes", "on"}
        if "float" in kind:
            return float(value)
        if "int" in kind:
            return int(value)
        return None if value is None else str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"bad value for {key}: {value!r}") from exc


def default_state_url(out: Path) -> str:
    return f"sqlite:///{(out / 'state.db').resolve()}"


def state_url_for(config: ServiceConfig, out: Path | None) -> str:
    if config.state_url:
        return config.state_url
    if out is None:
        raise ConfigError("no state database: give --out or --state-url (or INTAKE_STATE_URL)")
    return default_state_url(out)
