"""The Celery application. Periodic schedules are declared once, in settings.CELERY_BEAT_SCHEDULE."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "courtops.settings")

app = Celery("courtops")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
