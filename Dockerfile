FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# pg_dump / pg_restore must have the server's major version (manage.py backup checks it):
# the PostgreSQL project's Debian repository (set up by Debian's postgresql-common script)
# has every major version. Keep PG_MAJOR equal to the db image in docker-compose.yml.
ARG PG_MAJOR=16
# WeasyPrint needs Pango; poppler-utils is used by report checks.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils \
        postgresql-common ca-certificates \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends "postgresql-client-${PG_MAJOR}" \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
RUN DEBUG=true python manage.py collectstatic --noinput
RUN useradd --create-home transitions \
    && mkdir -p /app/media /app/backups && chown transitions /app/media /app/backups
USER transitions
EXPOSE 8000
CMD ["gunicorn", "transitions.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
