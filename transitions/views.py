from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "transitions/home.html")


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:  # any driver error means "not answering"
        return False, exc.__class__.__name__


def _redis_ok() -> tuple[bool, str]:
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
        return True, "ok"
    except Exception as exc:
        return False, exc.__class__.__name__


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    healthy = True
    ok, detail = _database_ok()
    checks["database"] = detail
    healthy &= ok
    if settings.REDIS_URL:
        ok, detail = _redis_ok()
        checks["redis"] = detail
        healthy &= ok
    else:
        checks["redis"] = "not configured"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )
