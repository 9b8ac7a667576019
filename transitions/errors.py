"""The server-error handler: a database that is restarting, refusing connections or
that dropped ours is a 503 the person can retry, in French, never a bare 500.

Django calls `handler500` inside the `except` block of whatever failed — a view or a
middleware loading the session or the user — so the exception is read from
`sys.exc_info()`. Nothing here touches the database: the page renders without context
processors. The next request opens a fresh connection (`CONN_HEALTH_CHECKS`), so the
app recovers by itself once PostgreSQL is back.
"""

from __future__ import annotations

import sys

from django import db
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

DATABASE_ERRORS = (db.OperationalError, db.InterfaceError)
RETRY_AFTER_SECONDS = 5


def database_unavailable(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, DATABASE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    if database_unavailable(sys.exc_info()[1]):
        # A connection that failed and no longer answers is closed now, not reused.
        db.close_old_connections()
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))
