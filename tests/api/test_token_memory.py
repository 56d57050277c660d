"""API tokens are remembered for a few seconds per process; a bad or revoked token is refused."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_a_checked_token_is_not_looked_up_again(project, annotator, django_assert_num_queries):
    key = Token.objects.create(user=annotator).key
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    with django_assert_num_queries(3):  # the token with its user, then the projects: count, page
        assert api.get("/api/projects/").status_code == 200
    with django_assert_num_queries(2):  # the projects only
        assert api.get("/api/projects/").status_code == 200


def test_an_unknown_token_is_refused(project):
    assert APIClient(HTTP_AUTHORIZATION="Token " + "0" * 40).get("/api/projects/").status_code == 401


def test_a_revoked_token_stops_working_once_its_time_is_up(project, annotator, settings):
    token = Token.objects.create(user=annotator)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/projects/").status_code == 200
    token.delete()
    assert api.get("/api/projects/").status_code == 200  # still remembered
    settings.TOKEN_CACHE_SECONDS = 0
    from claims.api.auth import forget_tokens

    forget_tokens()
    assert api.get("/api/projects/").status_code == 401
