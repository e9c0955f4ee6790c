"""Celery app. Without CELERY_BROKER_URL, tasks run eagerly in-process (the embedded default)."""

import os

from celery import Celery
from celery.schedules import crontab

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
        crontab(minute=f"*/{minutes}" if minutes < 60 else "0", hour="*" if minutes <= 60 else f"*/{minutes // 60}", day_of_week="mon-fri"),
        sender.signature("filings.tasks.poll_daily_index"),
        name="poll EDGAR daily index",
    )
    sender.add_periodic_task(
        crontab(minute="30", hour="6", day_of_week="mon-fri"),
        sender.signature("filings.tasks.sync_watchlist"),
        name="sync watchlist companies",
    )
