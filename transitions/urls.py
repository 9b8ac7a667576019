from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from transitions import views

# The admin has no login form of its own: allauth's (rate-limited) login, then staff only.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("transitions.core_urls")),
    path("territoires/", include("territories.urls")),
    path("parcours/", include("parcours.urls")),
    path("diagnostics/", include("diagnostics.urls")),
    path("groupes-de-pairs/", include("peergroups.urls")),
    path("agora/", include("agora.urls")),
    path("recherche/", include("research.urls")),
    path("trajectoires/", include("trajectory.urls")),
    path("historique/", include("audit.urls")),
]

# No `/media/` URL in any mode: generated files hold territories' answers and are served
# only by transitions:job-download, which checks the job's rule.

handler403 = "transitions.access.permission_denied"
handler500 = "transitions.errors.server_error"
