"""Celery app. Without CELERY_BROKER_URL, tasks run eagerly in-process (the embedded default)."""

import os
import signal

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def setup_periodic_tasks(sender: Celery, **kwargs: object) -> None:
    from django.conf import settings

    # The daily index is published on business days only; polling weekends wastes requests.
    minutes = max(1, settings.EDGAR_POLL_INTERVAL_SECONDS // 60)
    sender.add_periodic_task(
        crontab(
            minute=f"*/{minutes}" if minutes < 60 else "0",
            hour="*" if minutes <= 60 else f"*/{minutes // 60}",
            day_of_week="mon-fri",
        ),
        sender.signature("filings.tasks.poll_daily_index"),
        name="poll EDGAR daily index",
    )
    sender.add_periodic_task(
        crontab(minute="30", hour="6", day_of_week="mon-fri"),
        sender.signature("filings.tasks.sync_watchlist"),
        name="sync watchlist companies",
    )
    # Every day of the week: a worker killed on a Saturday leaves work as stuck as on a Monday. A sweep
    # not started within one interval (every worker down) is dropped, not piled up for when they return.
    sender.add_periodic_task(
        float(settings.EDGAR_SWEEP_INTERVAL_SECONDS),
        sender.signature("filings.tasks.sweep_ingestion", expires=float(settings.EDGAR_SWEEP_INTERVAL_SECONDS)),
        name="sweep ingestion (recover what dead workers left)",
    )
    # Comments due soon and overdue, deliveries to retry and claims of dead workers; also every day.
    sender.add_periodic_task(
        float(settings.ALERTS_SWEEP_INTERVAL_SECONDS),
        sender.signature("alerts.tasks.sweep_alerts", expires=float(settings.ALERTS_SWEEP_INTERVAL_SECONDS)),
        name="sweep alerts (due dates, retries, dead workers' claims)",
    )


def _stop_task(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


@worker_process_init.connect
def give_claims_back_when_stopped(**kwargs: object) -> None:
    # A restart's soft shutdown stops the tasks still running with SIGTERM. Raised as SystemExit, it
    # unwinds the task, so the filing it claimed is given back at once instead of waiting to go stale.
    signal.signal(signal.SIGTERM, _stop_task)
