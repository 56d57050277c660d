"""One's own account: profile with the API token, making a new token, changing the password."""

from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def test_account_pages_need_a_login(client, db):
    for name in ("account", "password_change"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.post(reverse("account-token")).status_code == 302
    assert not Token.objects.exists()


def test_profile_shows_my_projects_and_no_token_until_made(login, annotator, project):
    page = login(annotator).get(reverse("account")).content.decode()
    assert "Border talks" in page and "Annotator" in page
    assert "You have no API token yet." in page


def test_a_new_token_replaces_the_old_one_which_stops_working(login, annotator, project):
    client = login(annotator)
    assert client.get(reverse("account-token")).status_code == 405
    client.post(reverse("account-token"))
    first = Token.objects.get(user=annotator).key
    assert first in client.get(reverse("account")).content.decode()
    client.post(reverse("account-token"))
    second = Token.objects.get(user=annotator).key
    assert second != first
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api.get("/api/projects/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert api.get("/api/projects/").status_code == 200


def test_the_header_links_to_my_account(login, annotator):
    assert reverse("account").encode() in login(annotator).get(reverse("project-list")).content


def test_changing_the_password(client, annotator):
    client.login(username="annotator", password="pw-annotator")
    response = client.post(reverse("password_change"), {
        "old_password": "pw-annotator", "new_password1": "a-much-longer-pass-42",
        "new_password2": "a-much-longer-pass-42"})
    assert response.status_code == 302 and response.url == reverse("password_change_done")
    annotator.refresh_from_db()
    assert annotator.check_password("a-much-longer-pass-42")
    assert client.get(reverse("password_change_done")).status_code == 200


def test_a_wrong_old_password_changes_nothing(login, annotator):
    response = login(annotator).post(reverse("password_change"), {
        "old_password": "nope", "new_password1": "a-much-longer-pass-42", "new_password2": "a-much-longer-pass-42"})
    assert response.status_code == 200 and "incorrect" in response.content.decode()
    annotator.refresh_from_db()
    assert annotator.check_password("pw-annotator")
