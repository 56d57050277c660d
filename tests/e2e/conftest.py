"""Fixtures for the browser tests: headless Debian Chromium driven by Playwright (never a downloaded browser)."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    """Browser tests are skipped, with the reason, where Chromium is not installed."""
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason="needs Debian chromium (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="package")
def browser():
    """Headless Chromium, one for all the browser tests; browser.new_context() gives each user a browser of
    their own (cookies, storage). Starting Chromium costs a second or two on a busy machine: once is enough.
    """
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop on this thread; the test's own ORM calls are
    # still synchronous, so Django's async-safety check does not apply here. The browser (and its
    # loop) is closed when the browser tests end, before any other package's tests run.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    # Out of Playwright's loop, Django's connections are the ones from before the browser tests, which
    # their live servers' teardown may have terminated: the next package starts with fresh ones.
    from django.db import connections

    connections.close_all()


@pytest.fixture(autouse=True)
def _fresh_browser_state(request):
    """Each browser test starts with no page of an earlier test open, and ends with its connections closed."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    yield
    for context in browser.contexts:
        context.close()
    # Inside Playwright's loop Django keeps connections of their own (its connections are
    # context-local): close them, or the next test finds one another fixture has terminated.
    from django.db import connections

    connections.close_all()


@pytest.fixture
def browser_page(browser):
    return browser.new_page()


@pytest.fixture
def logged_in(live_server, browser_page):
    """logged_in(username) -> the browser page, logged in through the login form (password "pw-USERNAME")."""

    def log_in(username: str):
        return log_in_as(browser_page, live_server, username)

    return log_in


def log_in_as(page, live_server, username: str):
    """Log the page in through the login form (password "pw-USERNAME"); returns the page."""
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f"pw-{username}")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def log_in_as_manager(page, live_server) -> None:
    log_in_as(page, live_server, "manager")
