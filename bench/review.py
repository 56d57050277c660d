"""Review benchmark (run by hand): agreement, the disagreement queue and proposing over ~100,000 annotated claims.

    python bench/review.py [--claims 100000] [--repeat 3] [--keep]

Builds a project in PostgreSQL directly (three annotators label every sentence with one claim each,
so --claims 100000 is 33,334 sentences; the third annotator gives another stance on every tenth
sentence), with a stored 384-dimension embedding per sentence (as the suggestion engine leaves them:
claims stating the same thing across sources lie close), then times, in this process:

  - the agreement service and the agreement page (GET as an editor, rendering included);
  - the disagreement service and the queue page;
  - proposing propositions (claims.review.proposing.propose, what the worker runs).

The first agreement call also imports scikit-learn and statsmodels (about 1 s); each page is then requested
--repeat times. Prints seconds (the median judged against the issue's targets: pages < 1 s, proposing
< 60 s), peak RSS, and the load average before and after (the machine is shared: say it with the figures).
Uses the configured database (DATABASE_URL); the project is deleted afterwards unless --keep.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from claims.actors.service import save_actor  # noqa: E402
from claims.models import Membership, ModelVersion, Project, Role, Suggestion, User  # noqa: E402
from claims.projects import create_project  # noqa: E402

ANNOTATORS = 3
PER_SOURCE = 20
ACTORS = 20
DIMENSIONS = 384
TARGETS = {"agreement page": 1.0, "disagreement page": 1.0, "proposing": 60.0}
SENTENCE = "Actor %s said on day %s that item %s of the plan was agreed."


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(claims: int) -> tuple[Project, User]:
    started = time.perf_counter()
    size = -(-claims // ANNOTATORS)
    slug = f"bench-review-{claims}"
    for old in Project.objects.filter(slug=slug):
        drop(old)
    project = create_project(name=slug, slug=slug)
    project.overlap = ANNOTATORS
    project.save()
    users = [User.objects.create_user(username=f"{slug}-{n}") for n in range(ANNOTATORS + 1)]
    editor, annotators = users[0], users[1:]
    Membership.objects.bulk_create([Membership(project=project, user=editor, role=Role.EDITOR)]
                                   + [Membership(project=project, user=u, role=Role.ANNOTATOR) for u in annotators])
    actors = [save_actor(project=project, name=f"Actor {n}", kind="state", aliases=[]).pk for n in range(ACTORS)]
    statements = max(size // 6, 1)  # each statement made in about six sentences of different sources
    with connection.cursor() as cursor:
        # Every sentence has the same length (numbers padded), so its offsets in its source are arithmetic.
        text = ("format(%(sentence)s, lpad((n %% 50)::text, 2, '0'), lpad(n::text, 8, '0'), "
                "lpad((n %% %(statements)s)::text, 8, '0'))")
        length = len(SENTENCE % ("00", "0" * 8, "0" * 8)) + 1
        cursor.execute(
            f"""
            INSERT INTO claims_source (project_id, title, outlet, author, url, language, text, content_hash, meta,
                                       original_name, parser_version, created_at)
            SELECT %(project)s, 'Report ' || i, 'Outlet ' || (i %% 5), '', '', 'en', t.text, md5(t.text), '{{}}',
                   'bench', '', now()
            FROM generate_series(0, %(sources)s - 1) AS i,
            LATERAL (SELECT string_agg({text}, ' ' ORDER BY n) || ' ' AS text
                     FROM generate_series(i * %(per)s, i * %(per)s + %(per)s - 1) AS n) AS t
            """, {"project": project.pk, "sources": -(-size // PER_SOURCE), "sentence": SENTENCE, "per": PER_SOURCE,
                  "statements": statements})
        cursor.execute(
            """
            INSERT INTO claims_sentence (project_id, source_id, index, start, "end", text, kind, rule)
            SELECT s.project_id, s.id, j, j * %(length)s, j * %(length)s + %(length)s - 1,
                   substr(s.text, j * %(length)s + 1, %(length)s - 1), 'body', ''
            FROM claims_source s, generate_series(0, %(per)s - 1) AS j
            WHERE s.project_id = %(project)s
            ORDER BY s.id, j
            LIMIT %(size)s
            """, {"project": project.pk, "length": length, "per": PER_SOURCE, "size": size})
        for number, annotator in enumerate(annotators):
            cursor.execute(
                """
                INSERT INTO claims_annotation (project_id, sentence_id, annotator_id, comment, seconds_spent,
                                               suggestion_outcome, version, created_at, updated_at)
                SELECT %(project)s, id, %(annotator)s, '', 10, 'none', 1, now(), now()
                FROM claims_sentence WHERE project_id = %(project)s
                """, {"project": project.pk, "annotator": annotator.pk})
            cursor.execute(
                """
                INSERT INTO claims_claim (sentence_id, annotation_id, start, "end", text, claimant_is_outlet,
                                          claimant_name, subject_id, target_id, stance, certainty)
                SELECT s.id, a.id, s.start, s."end", s.text, false, '',
                       (%(actors)s::int[])[1 + (s.id %% %(statements)s) %% %(n)s],
                       (%(actors)s::int[])[1 + ((s.id %% %(statements)s) / %(n)s + 1
                                                + (s.id %% %(statements)s)) %% %(n)s],
                       CASE WHEN %(last)s AND s.id %% 10 = 0 THEN 'oppose' ELSE 'support' END, 'asserted'
                FROM claims_annotation a JOIN claims_sentence s ON s.id = a.sentence_id
                WHERE a.project_id = %(project)s AND a.annotator_id = %(annotator)s
                """, {"project": project.pk, "annotator": annotator.pk, "actors": actors, "n": ACTORS,
                      "statements": statements, "last": number == ANNOTATORS - 1})
    version = ModelVersion.objects.create(project=project, base_model="bench", status="live")
    rng = np.random.default_rng(7)
    centroids = rng.normal(size=(statements, DIMENSIONS)).astype(np.float32)
    ids = list(project.sentences.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        vectors = centroids[np.array(chunk) % statements] + rng.normal(scale=0.3, size=(len(chunk), DIMENSIONS))
        Suggestion.objects.bulk_create([Suggestion(sentence_id=s, model_version=version,
                                                   embedding=v.astype(np.float16).tobytes())
                                        for s, v in zip(chunk, vectors, strict=True)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim; ANALYZE claims_annotation; ANALYZE claims_sentence")
        cursor.execute("SELECT count(*) FROM claims_claim c JOIN claims_annotation a ON a.id = c.annotation_id "
                       "WHERE a.project_id = %s", [project.pk])
        made = cursor.fetchone()[0]
    print(f"built {size:,} sentences, {made:,} annotated claims, {ANNOTATORS} annotators "
          f"in {time.perf_counter() - started:.0f} s")
    return project, editor


def drop(project: Project) -> None:
    """Delete the benchmark project in SQL (the ORM would load every claim to cascade them)."""
    with connection.cursor() as cursor:
        for statement in (
            "DELETE FROM claims_claim c USING claims_sentence s WHERE c.sentence_id = s.id AND s.project_id = %s",
            "DELETE FROM claims_annotation WHERE project_id = %s",
            "DELETE FROM claims_adjudicationrevision r USING claims_adjudication a "
            "WHERE r.adjudication_id = a.id AND a.project_id = %s",
            "DELETE FROM claims_adjudication WHERE project_id = %s",
            "DELETE FROM claims_proposition WHERE project_id = %s",
            "DELETE FROM claims_suggestion g USING claims_sentence s WHERE g.sentence_id = s.id AND s.project_id = %s",
            "DELETE FROM claims_queueitem WHERE project_id = %s",
            "DELETE FROM claims_sentence WHERE project_id = %s",
            "DELETE FROM claims_source WHERE project_id = %s",
        ):
            cursor.execute(statement, [project.pk])
    slug = project.slug
    project.delete()
    User.objects.filter(username__startswith=f"{slug}-").delete()


def timed(name: str, work, repeat: int = 1):
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        runs.append(time.perf_counter() - started)
    seconds = statistics.median(runs)
    target = TARGETS.get(name)
    ratio = f"  target {target:g} s: {target / seconds:.2f}× ({'met' if seconds <= target else 'NOT met'})" \
        if target else ""
    each = f"  ({', '.join(f'{r:.2f}' for r in runs)})" if repeat > 1 else ""
    print(f"{name:22s} {seconds:7.2f} s  peak RSS {peak_mib():6.0f} MiB{ratio}{each}")
    return result


def load() -> str:
    return "load average " + " ".join(f"{n:.2f}" for n in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="requests of each page (the median is judged)")
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    from claims.review.agreement import project_agreement
    from claims.review.disagreements import disagreements
    from claims.review.proposing import propose

    project, editor = build(options.claims)
    client = Client(HTTP_HOST="localhost")
    client.force_login(editor)
    print(load())
    try:
        report = timed("agreement service", lambda: project_agreement(project=project))
        print(f"    stance: alpha {report['fields']['stance']['krippendorff_alpha']}, "
              f"items {report['fields']['stance']['items']:,}")
        page = timed("agreement page", lambda: client.get(f"/projects/{project.pk}/review/agreement/"),
                     options.repeat)
        assert page.status_code == 200, page.status_code
        queue = timed("disagreement service", lambda: disagreements(project=project))
        print(f"    {len(queue):,} sentences in the queue")
        page = timed("disagreement page", lambda: client.get(f"/projects/{project.pk}/review/"), options.repeat)
        assert page.status_code == 200, page.status_code
        counts = timed("proposing", lambda: propose(project=project))
        print(f"    {counts}")
        print(load())
    finally:
        if not options.keep:
            drop(project)


if __name__ == "__main__":
    main()
