"""The API docs page (Swagger UI) for signed-in users, working under the Content-Security-Policy."""

from django.contrib.auth.views import redirect_to_login
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.exceptions import NotAuthenticated


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script served as a file (the CSP runs no inline script).

    Its files come from drf-spectacular-sidecar, on this server. The schema it shows is private, so
    a visitor who is not signed in is sent to the login page rather than shown a 403.
    """

    template_name = "api/docs.html"

    def handle_exception(self, exc):
        if isinstance(exc, NotAuthenticated):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)
