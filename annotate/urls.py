"""Root URLs: the web UI, the REST API with its OpenAPI schema, and the admin."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from claims.api.docs import ApiDocsView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("claims.api.urls")),
    path("", include("claims.web.urls")),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin, the API docs).
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
]

# JSON for the API, pages elsewhere (claims/failures.py); 503 while the database is unreachable.
handler400 = "claims.failures.bad_request"
handler403 = "claims.failures.permission_denied"
handler404 = "claims.failures.not_found"
handler500 = "claims.failures.server_error"
