"""WSGI entry point (gunicorn courtops.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "courtops.settings")
application = get_wsgi_application()
