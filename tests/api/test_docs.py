"""The OpenAPI schema and its docs page are for signed-in users, and the page runs under the CSP."""

import re

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_schema_and_docs_are_private(client, api):
    assert api.get("/api/schema/").status_code == 401
    response = client.get("/api/docs/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=/api/docs/"


def test_schema_with_a_token(api, annotator):
    token = Token.objects.create(user=annotator)
    response = api.get("/api/schema/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and b"/api/projects/{project_pk}/sentences/" in response.content


def test_docs_page_has_no_inline_script_or_style(client, annotator):
    client.force_login(annotator)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert "script-src 'self'" in page["Content-Security-Policy"]
    html = page.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all("src=" in attributes and not body.strip() for attributes, body in scripts)
    assert "<style" not in html and "style=" not in html
    # The start-up script is served by the same view as a file.
    init = client.get("/api/docs/?script=")
    assert init.status_code == 200 and init["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in init.content.decode()


@pytest.mark.parametrize("path", ["/login/", "/api/projects/", "/admin/login/"])
def test_every_page_sends_the_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
