"""Distributed mode: a Celery app on a Redis broker, one task per dossier.

The task only carries a state row id and where things are; the state database
is the truth. Messages are acknowledged after the task (acks_late), so a worker
that dies mid-dossier has its message delivered again, and the claim in the state
database makes a second delivery harmless. No result backend: the batch command
and the watcher read outcomes from the state database.
"""
from __future__ import annotations

import os
import socket

from celery import Celery
from celery.signals import worker_process_init
from sqlalchemy.exc import DBAPIError

from intake.service.config import ServiceConfig
from intake.service.execute import Job, execute, forget_inherited_state

app = Celery("intake", set_as_current=False)
app.conf.update(
    broker_url=os.environ.get("INTAKE_BROKER_URL", ServiceConfig.broker_url),
    task_default_queue=os.environ.get("INTAKE_QUEUE", ServiceConfig.queue),
    task_serializer="json",
    accept_content=["json"],
    task_ignore_result=True,
    task_acks_late=True,  # a dossier's message is acknowledged once its row is finished
    task_reject_on_worker_lost=True,  # … and requeued when the worker process dies under it
    worker_prefetch_multiplier=1,  # a worker takes one dossier at a time: long tasks, fair spread
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
    broker_transport_options={"visibility_timeout": 6 * 3600},  # longer than the largest dossier takes
)


def configure(config: ServiceConfig) -> Celery:
    app.conf.broker_url = config.broker_url
    app.conf.task_default_queue = config.queue
    return app


@worker_process_init.connect
def _fresh_child(**_kwargs) -> None:
    forget_inherited_state()  # a prefork child must not share the parent's database connections


# A database hiccup before the claim would leave the row pending with no task for it: retry.
@app.task(name="intake.process_dossier", autoretry_for=(DBAPIError,), retry_backoff=True, max_retries=8)
def process_dossier(job: dict) -> dict:
    outcome = execute(Job(**job))
    return {"dossier_id": outcome.dossier_id, "status": outcome.status, "pages": outcome.pages}


def enqueue(job: Job, config: ServiceConfig) -> None:
    configure(config)
    process_dossier.apply_async(args=[job.to_dict()], queue=config.queue)


def workers_online(config: ServiceConfig, timeout: float = 2.0) -> bool:
    """Whether any worker answers a ping (only used to warn; the tasks wait in Redis anyway)."""
    configure(config)
    try:
        return bool(app.control.ping(timeout=timeout))
    except Exception:  # broker down: enqueueing will say so
        return False


def start_worker(config: ServiceConfig, concurrency: int, verbose: bool = False) -> None:
    configure(config)
    if concurrency > 1:  # one onnxruntime thread per process: the processes share the cores
        os.environ.setdefault("INTAKE_OCR_THREADS", "1")
    app.worker_main([
        "worker", f"--concurrency={concurrency}", "--pool=prefork", f"--queues={config.queue}",
        f"--hostname=intake-{os.getpid()}@{socket.gethostname()}", f"--loglevel={'DEBUG' if verbose else 'INFO'}",
        "--without-gossip", "--without-mingle",
    ])
