from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views import home

urlpatterns = [
    # Each role's work starts on its own page (accounts/home.py).
    path("", home, name="home"),
    # Browsers ask for /favicon.ico before they read a page's <link rel="icon">.
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include(("config.api_v1", "api"), namespace="api")),
    path("track/", include("complaints.tracking.urls")),
    path("reports/", include("reports.urls")),
    path("", include("complaints.urls")),
    path("", include("dispatch.urls")),
    path("", include("inspection.urls")),
]

# A database outage outside a view (e.g. saving the session) is a 503 page too.
handler500 = "config.middleware.server_error"
