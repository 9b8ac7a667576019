"""The site's URLs plus one view that fails, for the error-reporting test."""

from django.urls import include, path


def boom(request):
    raise RuntimeError("boom-ops-test")


urlpatterns = [path("boom/", boom), path("", include("transitions.urls"))]
