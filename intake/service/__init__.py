"""The intake service: state database, watched folder, resumable batch, review-system feed, Celery workers.

Modules, one job each:
  config   settings from file, INTAKE_* environment and command line
  identity content hash of a dossier, who owns a claim and whether it is alive
  schema   the state database's tables and engine (SQLite or PostgreSQL)
  state    the state database's operations: registration, claims, outbox
  execute  claim one dossier row, run the pipeline, write the record, finish the row
  batch    `intake batch`: register, run locally (process pool) or through Celery, resume
  ready    when a dropped dossier is complete (marker, quiet period, no writer)
  watch    `intake watch`: watchdog observer + rescans, archive and quarantine
  feed     the HTTP sender draining the outbox with backoff
  tasks    the Celery app, task and worker
  logs     structured (JSON lines) logging
  report   Chinese status output and quarantine reasons
  cli      the subcommands behind `intake batch|watch|status|feed|worker`
"""
