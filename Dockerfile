FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# WeasyPrint needs Pango; poppler-utils is used by report checks.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
RUN DEBUG=true python manage.py collectstatic --noinput
RUN useradd --create-home transitions && mkdir -p /app/media && chown transitions /app/media
USER transitions
EXPOSE 8000
CMD ["gunicorn", "transitions.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
