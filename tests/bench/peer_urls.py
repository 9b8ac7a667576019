"""Bench-only URLconf: the product's URLs plus the baseline (a template with one query)."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

from transitions.models import Cohort

_TEMPLATE = engines["django"].from_string(
    "<!DOCTYPE html><html><body><p>{{ count }} cohortes</p></body></html>"
)


def baseline(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_TEMPLATE.render({"count": Cohort.objects.count()}))


urlpatterns = [
    path("bench/baseline/", baseline),
    path("", include("transitions.urls")),
]
