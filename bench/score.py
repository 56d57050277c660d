"""Latency and memory of POST /api/projects/{id}/suggestions/score/ (run by hand).

Imports the shared real articles (../shared/corpus or --corpus, else the demo corpus) into a throw-away
project with a few actors, then asks the score endpoint for marked claims: every body sentence
that names two actors, with the first as subject and the second as target, through Django's test
client with a token (routing, authentication, the checks, the forward pass, the heads; no socket).
The first request, which loads numpy, torch and the encoder into this process, is timed on its own,
with the process's resident memory before and after; then --requests requests, sentences taken in
turn, give p50 / p95 / p99:

    python bench/score.py [--requests 300] [--threads 1]

It deletes its project at the end. With no DATABASE_URL the embedded PostgreSQL starts.
"""

import argparse
import os
import resource
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"  # the checkout's ../shared/corpus
ACTORS = {"Russia": ["Moscow", "Kremlin", "Russian"], "Taliban": ["the group"], "United States": ["Washington", "US"],
          "Afghanistan": ["Afghan", "Kabul"], "China": ["Beijing"], "Pakistan": ["Islamabad"], "Iran": ["Tehran"],
          "India": ["New Delhi"], "Ukraine": ["Kyiv"]}


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--threads", type=int, default=1, help="SUGGEST_TORCH_THREADS for the web process")
    parser.add_argument("--corpus", default=str(CORPUS), help="a folder of .txt articles (else the demo corpus)")
    args = parser.parse_args()
    os.environ["SUGGEST_TORCH_THREADS"] = str(args.threads)
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from rest_framework.authtoken.models import Token

    settings.SUGGEST_TORCH_THREADS = args.threads
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host
    from claims.actors.rematch import rematch_mentions
    from claims.actors.service import save_actor
    from claims.ingest.readers import RawArticle
    from claims.ingest.service import import_articles
    from claims.models import Role, Sentence, User
    from claims.projects import add_member, create_project
    from claims.suggest.versions import live_version

    tag = uuid.uuid4().hex[:8]
    project = create_project(name=f"bench score {tag}", slug=f"bench-score-{tag}")
    user = User.objects.create_user(f"bench-score-{tag}")
    add_member(project=project, user=user, role=Role.ANNOTATOR)
    try:
        corpus = Path(args.corpus)
        if corpus.is_dir():
            articles = [RawArticle(text=p.read_text(), origin=p.name, title=p.stem)
                        for p in sorted(corpus.glob("*.txt"))]
        else:
            from claims.demo import demo_articles

            articles = demo_articles()
        import_articles(project=project, articles=articles)
        for name, aliases in ACTORS.items():
            save_actor(project=project, name=name, kind="state", aliases=aliases)
        rematch_mentions(project=project)
        live_version(project=project)  # the cold start, made live without loading the model
        marked = []
        for sentence in Sentence.objects.filter(project=project, kind="body").prefetch_related("mentions"):
            actors = list(dict.fromkeys(m.actor_id for m in sorted(sentence.mentions.all(), key=lambda m: m.start)))
            if len(actors) >= 2:
                marked.append({"sentence": sentence.id, "start": sentence.start, "end": sentence.end,
                               "subject": actors[0], "target": actors[1], "claimant": None,
                               "claimant_is_outlet": True})
        client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        url = f"/api/projects/{project.id}/suggestions/score/"
        before = rss_mib()
        started = time.perf_counter()
        response = client.post(url, marked[0], content_type="application/json")
        assert response.status_code == 200, response.content
        first = (time.perf_counter() - started) * 1000
        loaded = rss_mib()
        times = []
        for number in range(args.requests):
            started = time.perf_counter()
            response = client.post(url, marked[number % len(marked)], content_type="application/json")
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content
        times.sort()
        q = statistics.quantiles(times, n=100)
        print(f"{len(marked)} marked claims in {len(articles)} articles; {args.requests} requests, "
              f"torch threads {args.threads}")
        print(f"latency ms: p50 {q[49]:.1f}  p95 {q[94]:.1f}  p99 {q[98]:.1f}  max {times[-1]:.1f}")
        print(f"first request (loads numpy, torch, the encoder): {first:.0f} ms; RSS {before:.0f} MiB before it, "
              f"{loaded:.0f} MiB after (+{loaded - before:.0f} MiB), {rss_mib():.0f} MiB at the end "
              f"(peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)")
    finally:
        project.delete()
        user.delete()


if __name__ == "__main__":
    main()
