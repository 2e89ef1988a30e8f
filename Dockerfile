# CourtOps production image: gunicorn web, Celery worker and beat share it.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 COURTOPS_VAR_DIR=/var/lib/courtops
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY courtops ./courtops
COPY nodes ./nodes
COPY contracts ./contracts
COPY acceptance ./acceptance
RUN pip install --no-cache-dir .
COPY . .
RUN python manage.py i18n_compile && DJANGO_SECRET_KEY=build python manage.py collectstatic --noinput
RUN useradd --system --home /var/lib/courtops courtops && mkdir -p /var/lib/courtops && chown courtops /var/lib/courtops
USER courtops
EXPOSE 8000
CMD ["gunicorn", "courtops.wsgi", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000", "--workers", "4", "--threads", "4", "--limit-request-line", "8190"]
