from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from transitions import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("transitions.core_urls")),
    path("territoires/", include("territories.urls")),
    path("diagnostics/", include("diagnostics.urls")),
    path("groupes-de-pairs/", include("peergroups.urls")),
    path("agora/", include("agora.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "transitions.access.permission_denied"
