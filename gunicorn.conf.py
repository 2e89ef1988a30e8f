"""gunicorn settings read by every way CourtOps is served (bin/run-demo, Dockerfile,
docker-compose.yml: gunicorn loads ./gunicorn.conf.py from the working directory).

The ``Server`` header names no product or version (an attacker's first look-up); gunicorn has
no setting for it, so the name its responses use is replaced when this file is loaded.
"""

from gunicorn.http import wsgi as _gunicorn_wsgi  # type: ignore[import-untyped]

SERVER_NAME = "CourtOps"
_gunicorn_wsgi.SERVER = SERVER_NAME
_gunicorn_wsgi.SERVER_SOFTWARE = SERVER_NAME
raw_env = [f"SERVER_SOFTWARE={SERVER_NAME}"]

# Same as the command lines used to say; they may still override on the command line.
timeout = 30
