"""Request ids in every log line, carried from a web request into the Celery tasks it sends.

A request takes its id from an incoming `X-Request-ID` header (the reverse proxy sets one,
see deploy/nginx.conf) or gets a new one; the id is answered back in `X-Request-ID`, kept
in a ContextVar for the request's duration and added to every log record by
`RequestIdFilter` (installed on the console handler by settings.LOGGING, so library
records carry it too). A task sent while the id is set carries it in a message header
(`before_task_publish`); the worker puts it back in the ContextVar while the task runs
(`task_prerun` / `task_postrun`), so the worker's lines about a job name the request
that asked for it.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from celery import signals
from django.core.signals import request_finished
from django.dispatch import receiver

HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
# An incoming id is only trusted when it looks like an id: no spaces, no control
# characters that could forge a log line, bounded length.
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")

_request_id: ContextVar[str] = ContextVar("transitions_request_id", default="-")


def current_request_id() -> str:
    return _request_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def clean_request_id(raw: str | None) -> str:
    if raw and _VALID_ID.match(raw):
        return raw
    return new_request_id()


class RequestIdFilter(logging.Filter):
    """Adds `record.request_id` ("-" outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


class RequestIdMiddleware:
    """First in MIDDLEWARE: every line the request logs carries its id.

    The id is forgotten on `request_finished`, not when this middleware returns: Django
    logs 4xx/5xx responses (`django.request`) after the middleware chain has returned.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = clean_request_id(request.headers.get(HEADER))
        request.request_id = request_id
        _request_id.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


@receiver(request_finished, dispatch_uid="transitions.observability.forget_request_id")
def _forget_request_id_after_response(**kwargs) -> None:
    _request_id.set("-")


# --- Celery: the id travels in the task message's headers ----------------------------------


@signals.before_task_publish.connect(weak=False)
def _add_request_id_header(headers=None, **kwargs) -> None:
    request_id = _request_id.get()
    if headers is not None and request_id != "-":
        headers.setdefault(TASK_HEADER, request_id)


_task_tokens: dict[str, object] = {}


@signals.task_prerun.connect(weak=False)
def _restore_request_id(task_id=None, task=None, **kwargs) -> None:
    request = getattr(task, "request", None)
    request_id = getattr(request, TASK_HEADER, None)
    if not request_id:
        # Protocol 2 keeps custom headers as context attributes; some transports nest them.
        request_id = (getattr(request, "headers", None) or {}).get(TASK_HEADER)
    if request_id and task_id:
        _task_tokens[task_id] = _request_id.set(clean_request_id(request_id))


@signals.task_postrun.connect(weak=False)
def _forget_request_id(task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        _request_id.reset(token)
