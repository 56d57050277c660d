"""The bundled demo: an invented dam-and-border story told by outlets that contradict each other."""

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from claims.actors.service import import_actors, read_actor_file
from claims.ingest.readers import RawArticle, parse_published
from claims.ingest.service import ImportSummary, import_articles
from claims.models import Project, Role, User
from claims.projects import add_member, create_project

DATA = Path(__file__).parent
DEMO_SLUG = "demo"
DEMO_ADMIN = "admin"
DEMO_USERS = (("manager", Role.MANAGER), ("editor", Role.EDITOR), ("annotator1", Role.ANNOTATOR),
              ("annotator2", Role.ANNOTATOR))
GUIDELINES = """\
Mark each **claim** in the sentence: who asserts it (the claimant, or the outlet itself), the
**subject** and **target** actors, and the subject's **stance** toward the target (support,
oppose, neutral). A claim with no target has no stance. Set the **certainty**: asserted (outlet's
own voice), reported (attributed), hedged ("could", "may"), denied.
"""


@dataclass
class DemoResult:
    """The demo project, what was imported this time, and the logins (password reset on every run)."""

    project: Project
    summary: ImportSummary | None
    logins: list[tuple[str, str, str]]


def demo_articles() -> list[RawArticle]:
    articles = []
    for number, line in enumerate((DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines(), start=1):
        record = json.loads(line)
        published, _ = parse_published(record.get("published"), "articles.jsonl", number)
        articles.append(RawArticle(
            text=record["text"], origin=f"demo/articles.jsonl:{number}", title=record["title"],
            url=record["url"], outlet=record["outlet"], author=record["author"], published=published,
        ))
    return articles


@transaction.atomic
def load_demo() -> DemoResult:
    """Create the demo project, its team and corpus; safe to run again (it only resets passwords)."""
    logins = []
    users = {}
    for username, role in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        # A fresh random password on every run: the demo never ships a well-known login.
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.save()
        users[username] = (user, role)
        logins.append((username, password, role))
    # An operator's login for /admin/ and every project (staff see all); not a project member.
    admin, _ = User.objects.get_or_create(username=DEMO_ADMIN)
    admin.is_staff = admin.is_superuser = True
    password = secrets.token_urlsafe(9)
    admin.set_password(password)
    admin.save()
    logins.append((DEMO_ADMIN, password, "superuser"))
    project = Project.objects.filter(slug=DEMO_SLUG).first()
    summary = None
    if project is None:
        project = create_project(name="Halvik Valley and the Tarvos Dam", slug=DEMO_SLUG, guidelines=GUIDELINES)
        specs = read_actor_file("actors.json", (DATA / "actors.json").read_bytes())
        import_actors(project=project, specs=specs)
        summary = import_articles(project=project, articles=demo_articles())
    for user, role in users.values():
        add_member(project=project, user=user, role=role)
    return DemoResult(project, summary, logins)
