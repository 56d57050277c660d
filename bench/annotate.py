"""Annotation benchmark (run by hand): the next → submit loop against gunicorn on loopback.

    python bench/annotate.py [--sentences 1000000] [--seconds 20] [--small 10000] [--keep]
    python bench/annotate.py --check [--sentences 20000] [--seconds 15]

Builds a project of N body sentences directly in PostgreSQL (generate_series, so a million take
about half a minute, not an import), starts gunicorn on 127.0.0.1, and drives it with simulated
annotators over keep-alive connections, each with its own API token:

  (a) saturation: 32 annotators loop next → submit with no pause: annotations/s;
  (b) a team: 200 annotators, each pausing a random 0–4 s between items (about 100
      annotations/s offered): p50/p95/p99 of next and of submit;
  (c) next's latency for one annotator on a small project (--small sentences) and on the big one.

With --check, a bounded load test instead (issue 17): only (a), then every acknowledged save
(201) is counted against the annotation rows stored: each acknowledged once, none lost, none
twice, no sentence over the project's overlap. Exits 1 if any count disagrees.

Also prints the SQL queries of one next and one submit, and the ratio to doccano's 49/s. Uses the
configured database (DATABASE_URL). The benchmark projects are kept (--keep) or deleted.
"""

import argparse
import asyncio
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from claims.models import Membership, Project, Role, User  # noqa: E402
from claims.projects import create_project  # noqa: E402

DOCCANO = 49  # annotations/s, measured on this machine with eight clients
SENTENCES_PER_SOURCE = 20
# Every generated sentence has the same length, so offsets are arithmetic.
SENTENCE = "Veloria said on day %s that item %s of the plan was agreed by Kastran."


def build_project(size: int, annotators: int) -> tuple[Project, list[str]]:
    """A project with `size` body sentences and `annotators` annotators with tokens (reused if it exists)."""
    slug = f"bench-annotate-{size}"
    project = Project.objects.filter(slug=slug).first()
    if project is None:
        started = time.perf_counter()
        project = create_project(name=slug, slug=slug)
        sources = -(-size // SENTENCES_PER_SOURCE)
        length = len(SENTENCE % ("0" * 8, "00")) + 1
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO claims_source (project_id, title, outlet, author, url, language, text, content_hash,
                                           meta, original_name, parser_version, created_at)
                SELECT %(project)s, 'Bench report ' || i, 'Bench Wire', '', '', 'en', t.text, md5(t.text), '{}',
                       'bench', '', now()
                FROM generate_series(1, %(sources)s) AS i,
                LATERAL (SELECT string_agg(format(%(sentence)s, lpad(i::text, 8, '0'), lpad(j::text, 2, '0')), ' '
                                           ORDER BY j) || ' ' AS text
                         FROM generate_series(0, %(per)s - 1) AS j) AS t
                """,
                {"project": project.pk, "sources": sources, "sentence": SENTENCE, "per": SENTENCES_PER_SOURCE},
            )
            cursor.execute(
                """
                INSERT INTO claims_sentence (project_id, source_id, index, start, "end", text, kind, rule)
                SELECT s.project_id, s.id, j, j * %(length)s, j * %(length)s + %(length)s - 1,
                       substr(s.text, j * %(length)s + 1, %(length)s - 1), 'body', ''
                FROM claims_source s, generate_series(0, %(per)s - 1) AS j
                WHERE s.project_id = %(project)s
                ORDER BY s.id, j
                LIMIT %(size)s
                """,
                {"project": project.pk, "length": length, "per": SENTENCES_PER_SOURCE, "size": size},
            )
            cursor.execute("ANALYZE claims_queueitem")
        print(f"  built {size:,} sentences in {time.perf_counter() - started:.0f} s")
    users = list(User.objects.filter(username__startswith=f"{slug}-").order_by("id"))
    if len(users) < annotators:
        new = [User(username=f"{slug}-{n}") for n in range(len(users), annotators)]
        for user in new:
            user.set_unusable_password()
        User.objects.bulk_create(new)
        users = list(User.objects.filter(username__startswith=f"{slug}-").order_by("id"))
        Membership.objects.bulk_create([Membership(project=project, user=u, role=Role.ANNOTATOR) for u in users],
                                       ignore_conflicts=True)
        Token.objects.bulk_create([Token(user=u, key=secrets.token_hex(20)) for u in users], ignore_conflicts=True)
    tokens = dict(Token.objects.filter(user__in=users).values_list("user_id", "key"))
    return project, [tokens[u.pk] for u in users[:annotators]]


def reset(project: Project) -> None:
    """Start from an unannotated queue: earlier runs' annotations, reservations and cursors go."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_annotationrevision r USING claims_annotation a "
                       "WHERE r.annotation_id = a.id AND a.project_id = %s", [project.pk])
        cursor.execute("DELETE FROM claims_claim c USING claims_annotation a "
                       "WHERE c.annotation_id = a.id AND a.project_id = %s", [project.pk])
        cursor.execute("DELETE FROM claims_annotation WHERE project_id = %s", [project.pk])
        cursor.execute("UPDATE claims_queueitem SET holders = '{}', held_until = '{}', skipped_by = '{}' "
                       "WHERE project_id = %s AND (cardinality(holders) > 0 OR cardinality(skipped_by) > 0)",
                       [project.pk])
        cursor.execute("DELETE FROM claims_queuecursor WHERE project_id = %s", [project.pk])
        cursor.execute("VACUUM ANALYZE claims_queueitem")


def drop(project: Project) -> None:
    """Delete a benchmark project in SQL (the ORM would load a million sentences to cascade them)."""
    reset(project)
    with connection.cursor() as cursor:
        # No actors, hence no mentions: queue rows, sentences and sources are all there is.
        for table in ("claims_queueitem", "claims_sentence", "claims_source"):
            cursor.execute(f"DELETE FROM {table} WHERE project_id = %s", [project.pk])
    User.objects.filter(username__startswith=f"{project.slug}-").delete()  # tokens, memberships cascade
    project.delete()


def _statements(captured) -> int:
    return sum(1 for q in captured if q["sql"].split()[0].upper() not in ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"))


def queries_per_request(project: Project, token: str) -> tuple[int, int]:
    """SQL statements of one next and one submit (BEGIN/COMMIT not counted), token check included."""
    from claims.api.auth import forget_tokens

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    api.get(f"/api/projects/{project.pk}/next/")  # creates the annotator's cursor row
    forget_tokens()
    with CaptureQueriesContext(connection) as next_queries:
        sentence = api.get(f"/api/projects/{project.pk}/next/").json()["sentence"]
    forget_tokens()
    with CaptureQueriesContext(connection) as submit_queries:
        api.post(f"/api/projects/{project.pk}/annotations/", {"sentence": sentence["id"], "claims": [
            {"start": sentence["start"], "end": sentence["start"] + 7, "claimant_is_outlet": True,
             "certainty": "asserted"}]}, format="json")
    return _statements(next_queries), _statements(submit_queries)


# ---- a small keep-alive HTTP/1.1 client (the load generator must cost less than the server) ----


class Client:
    """One annotator's connection."""

    def __init__(self, port: int, token: str):
        self.port, self.auth = port, f"Authorization: Token {token}\r\n"
        self.reader = self.writer = None

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{self.auth}"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
        self.writer.write(head.encode() + body)
        status_line = await self.reader.readline()
        length, close = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                close = True
        data = await self.reader.readexactly(length) if length else b""
        if close:
            self.writer.close()
            self.writer = None
        return int(status_line.split()[1]), data


async def annotator(client: Client, project_id: int, deadline: float, pause: float, stats: dict) -> None:
    base = f"/api/projects/{project_id}"
    if pause:  # a team does not start in one burst: everyone reads before their first item too
        await asyncio.sleep(random.uniform(0, pause))
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        status, data = await client.request("GET", f"{base}/next/")
        stats["next"].append(time.perf_counter() - started)
        if status != 200:
            stats["errors"].append(("next", status, data[:200]))
            return
        sentence = json.loads(data)["sentence"]
        body = json.dumps({"sentence": sentence["id"], "seconds_spent": 3, "claims": [
            {"start": sentence["start"], "end": sentence["start"] + 7, "claimant_is_outlet": True,
             "certainty": "asserted"}]}).encode()
        started = time.perf_counter()
        status, data = await client.request("POST", f"{base}/annotations/", body)
        stats["submit"].append(time.perf_counter() - started)
        if status != 201:
            stats["errors"].append(("submit", status, data[:200]))
        else:
            stats["done"] += 1
            stats["acknowledged"].append(json.loads(data)["id"])
        if pause:
            await asyncio.sleep(random.uniform(0, pause))


async def load(port: int, project_id: int, tokens: list[str], seconds: float, pause: float) -> dict:
    stats = {"next": [], "submit": [], "errors": [], "done": 0, "acknowledged": []}
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    await asyncio.gather(*(annotator(Client(port, t), project_id, deadline, pause, stats) for t in tokens))
    stats["seconds"] = time.perf_counter() - started
    return stats


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far by these processes (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def server_pids(server: subprocess.Popen) -> list[int]:
    """gunicorn's processes and the PostgreSQL backends serving this database (PostgreSQL on this machine)."""
    children = subprocess.run(["pgrep", "-g", str(server.pid)], capture_output=True, text=True).stdout.split()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                       "AND backend_type = 'client backend' AND pid <> pg_backend_pid()")
        backends = [row[0] for row in cursor.fetchall()]
    connection.close()
    return [int(pid) for pid in children] + backends


def measured(server: subprocess.Popen, run) -> dict:
    """Run a load and add the CPU it cost: in gunicorn and PostgreSQL, and in this load generator."""
    pids = server_pids(server)
    server_before, client_before = cpu_seconds(pids), time.process_time()
    stats = run()
    stats["server_cpu"] = cpu_seconds(pids) - server_before
    stats["client_cpu"] = time.process_time() - client_before
    return stats


def percentiles(samples: list[float]) -> str:
    if len(samples) < 2:
        return "no samples"
    cuts = statistics.quantiles(samples, n=100)
    return f"p50 {cuts[49] * 1000:.1f} ms, p95 {cuts[94] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms"


def report(name: str, stats: dict) -> None:
    rate = stats["done"] / stats["seconds"]
    print(f"{name}: {stats['done']:,} annotations in {stats['seconds']:.1f} s = {rate:,.0f} annotations/s "
          f"({rate / DOCCANO:.1f}x doccano's {DOCCANO}/s); errors: {len(stats['errors'])}")
    print(f"  next:   {percentiles(stats['next'])}")
    print(f"  submit: {percentiles(stats['submit'])}")
    if stats["done"] and "server_cpu" in stats:
        server = stats["server_cpu"] / stats["done"] * 1000
        client = stats["client_cpu"] / stats["done"] * 1000
        print(f"  CPU per annotation: {server:.1f} ms in gunicorn + PostgreSQL backends, {client:.1f} ms in this "
              f"load generator; two idle cores would carry about {2000 / (server + client):,.0f} annotations/s")
    for error in stats["errors"][:3]:
        print(f"  error: {error}")


def start_server(workers: int, threads: int) -> tuple[subprocess.Popen, int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DEBUG": "false", "SECURE_COOKIES": "false", "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "annotate.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "-k", "gthread", "--threads", str(threads), "--keep-alive", "30", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def check_saves(project: Project, stats: dict) -> bool:
    """Acknowledged saves against the rows stored; True if they agree in every way."""
    acknowledged = stats["acknowledged"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM claims_annotation WHERE project_id = %s", [project.pk])
        rows = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT count(*) FROM (SELECT sentence_id FROM claims_annotation WHERE project_id = %s "
                       "GROUP BY sentence_id HAVING count(*) > %s) AS over", [project.pk, project.overlap])
        over = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM (SELECT 1 FROM claims_annotation WHERE project_id = %s "
                       "GROUP BY sentence_id, annotator_id HAVING count(*) > 1) AS twice", [project.pk])
        twice = cursor.fetchone()[0]
    lost = len(set(acknowledged) - rows)
    unacknowledged = len(rows - set(acknowledged))
    repeated = len(acknowledged) - len(set(acknowledged))
    print(f"saves acknowledged (201): {len(acknowledged):,}; annotation rows: {len(rows):,}; "
          f"acknowledged but not stored: {lost}; stored but not acknowledged: {unacknowledged}; "
          f"acknowledged twice: {repeated}; sentences over the overlap of {project.overlap}: {over}; "
          f"an annotator twice on a sentence: {twice}; refusals: {len(stats['errors'])}")
    return not (lost or unacknowledged or repeated or over or twice)


def run_check(args) -> None:
    """The bounded 32-annotator load test: acknowledged saves against rows."""
    project, tokens = build_project(args.sentences, 32)
    reset(project)
    connection.close()
    server, port = start_server(args.workers, args.threads)
    try:
        stats = asyncio.run(load(port, project.pk, tokens, args.seconds, 0))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(f"32 annotators for {stats['seconds']:.1f} s: {stats['done'] / stats['seconds']:,.0f} saves/s")
    agree = check_saves(project, stats)
    if not args.keep:
        drop(project)
    sys.exit(0 if agree else 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000, help="size of the small project for (c)")
    parser.add_argument("--seconds", type=float, default=20, help="length of each load")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark projects for the next run")
    parser.add_argument("--check", action="store_true",
                        help="bounded load test: 32 annotators for --seconds, then acknowledged saves against rows")
    args = parser.parse_args()
    if args.check:
        run_check(args)
        return

    print(f"building: {args.sentences:,} and {args.small:,} sentences")
    big, tokens = build_project(args.sentences, 200)
    small, small_tokens = build_project(args.small, 8)
    for project in (big, small):
        reset(project)
    next_queries, submit_queries = queries_per_request(big, tokens[-1])
    print(f"SQL statements per request (token checked, not remembered; BEGIN/COMMIT not counted): "
          f"next {next_queries}, submit {submit_queries}")
    print(f"load average before the run: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs (other work on this machine slows every figure below)")
    connection.close()

    server, port = start_server(args.workers, args.threads)
    try:
        asyncio.run(load(port, big.pk, tokens[:4], 3, 0))  # warm the workers up
        report("(a) saturation, 32 annotators, no pause",
               measured(server, lambda: asyncio.run(load(port, big.pk, tokens[:32], args.seconds, 0))))
        report("(b) team, 200 annotators pausing 0-4 s",
               measured(server, lambda: asyncio.run(load(port, big.pk, tokens[:200], args.seconds, 4))))
        # One annotator at a time, alternating between the sizes so that other work on the
        # machine weighs on both alike.
        latencies = {small.slug: [], big.slug: []}
        for _ in range(3):
            for project, token in ((small, small_tokens[0]), (big, tokens[0])):
                latencies[project.slug] += asyncio.run(load(port, project.pk, [token], args.seconds / 6, 0))["next"]
        for slug, samples in latencies.items():
            print(f"(c) {slug}: one annotator, next {percentiles(samples)} ({len(samples):,} requests)")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    if not args.keep:
        for project in (big, small):
            drop(project)


if __name__ == "__main__":
    main()
