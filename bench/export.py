"""Export benchmark (run by hand): N labelled rows in PostgreSQL exported as JSONL and as Parquet; rows/s, peak RSS.

    python bench/export.py [--rows 1000000] [--formats jsonl,parquet] [--keep | --project SLUG] [--profile]

Generates a project in the configured database with SQL (sources of 50 sentences, one annotation
with one claim per sentence, so `--labels all` gives one row per sentence), then exports it in a
fresh process per format through `manage.py export_dataset`, timed from process start to exit,
and prints rows/s and the process's peak RSS against the target (50,000 rows/s, < 200 MB) and the
figures measured for doccano (7,800 rows/s) and Label Studio (750 rows/s) on this kind of machine.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from claims.models import Actor, Project, User  # noqa: E402
from claims.projects import create_project  # noqa: E402

TARGET_ROWS, TARGET_MB = 50_000, 200
PEERS = {"doccano": 7_800, "Label Studio": 750}
PER_SOURCE = 50
# Every sentence is 30 characters and a space: offsets are arithmetic, and the triggers' checks hold.
SENTENCE = "'Kastran rejected plan ' || lpad(i::text, 7, '0') || '.'"


def generate(rows: int) -> Project:
    """A project with rows/50 sources, `rows` body sentences, each annotated once with one claim."""
    slug = f"bench-export-{rows}-{int(time.time())}"
    with transaction.atomic():
        annotator = User.objects.create_user(f"{slug}-annotator")
        project = create_project(name=slug, slug=slug, manager=annotator)
        kastran = Actor.objects.create(project=project, name="Kastran", kind="state").pk
        veloria = Actor.objects.create(project=project, name="Veloria", kind="state").pk
        sources = -(-rows // PER_SOURCE)
        with connection.cursor() as cursor:
            cursor.execute(f"""
                INSERT INTO claims_source (project_id, title, outlet, author, url, language, text, content_hash, meta,
                                           original_name, parser_version, created_at)
                SELECT %s, 'Report ' || s, 'Wire ' || (s %% 7), '', '', 'en',
                       (SELECT string_agg({SENTENCE}, ' ' ORDER BY i) FROM generate_series(1, {PER_SOURCE}) i),
                       md5(%s || s), '{{}}', '', '', now()
                FROM generate_series(1, %s) s""", [project.pk, slug, sources])
            cursor.execute(f"""
                INSERT INTO claims_sentence (project_id, source_id, index, start, "end", text, kind, rule)
                SELECT %s, src.id, i - 1, (i - 1) * 31, (i - 1) * 31 + 30, {SENTENCE}, 'body', ''
                FROM claims_source src, generate_series(1, {PER_SOURCE}) i WHERE src.project_id = %s
                ORDER BY src.id, i""",
                           [project.pk, project.pk])
            cursor.execute("""
                INSERT INTO claims_annotation (project_id, sentence_id, annotator_id, comment, seconds_spent,
                                               suggestion_outcome, version, created_at, updated_at)
                SELECT %s, id, %s, '', 7, 'none', 1, now(), now() FROM claims_sentence
                WHERE project_id = %s ORDER BY id LIMIT %s""", [project.pk, annotator.pk, project.pk, rows])
            cursor.execute("""
                INSERT INTO claims_claim (sentence_id, annotation_id, start, "end", text, claimant_is_outlet,
                                          claimant_name, subject_id, target_id, stance, certainty)
                SELECT a.sentence_id, a.id, s.start, s.start + 15, left(s.text, 15), true, '', %s, %s,
                       (ARRAY['oppose', 'support', 'neutral'])[1 + s.id %% 3], 'asserted'
                FROM claims_annotation a JOIN claims_sentence s ON s.id = a.sentence_id WHERE a.project_id = %s""",
                           [kastran, veloria, project.pk])
    return project


def export(project: Project, fmt: str, folder: Path, profile: bool = False) -> tuple[float, float, float]:
    """Seconds, CPU seconds and peak RSS (MB) of `manage.py export_dataset --labels all` in a fresh process."""
    out = folder / fmt
    profiling = ["-m", "cProfile", "-s", "tottime"] if profile else []
    command = [sys.executable, "-c", "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], "
               "check=True, capture_output=True, text=True); print(done.stdout[:6000]); "
               "usage = resource.getrusage(resource.RUSAGE_CHILDREN); "
               "print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss)",
               sys.executable, *profiling, str(ROOT / "manage.py"), "export_dataset", "--project", project.slug,
               "--format", fmt, "--labels", "all", "--out", str(out)]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    if profile:
        print(done.stdout.rsplit("\n", 2)[0])
    cpu, peak = done.stdout.split()[-2:]
    return time.monotonic() - started, float(cpu), int(peak) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--formats", default="jsonl,parquet")
    parser.add_argument("--keep", action="store_true", help="keep the generated project (its slug is printed)")
    parser.add_argument("--project", help="export this kept project again instead of generating one")
    parser.add_argument("--profile", action="store_true", help="run the exports under cProfile and print the top")
    args = parser.parse_args()
    started = time.monotonic()
    if args.project:
        project, args.keep = Project.objects.get(slug=args.project), True
        args.rows = int(args.project.split("-")[2])
    else:
        project = generate(args.rows)
        print(f"generated {args.rows:,} labelled sentences in {time.monotonic() - started:.1f} s: {project.slug}")
    print(f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())} (1, 5, 15 min)")
    try:
        with tempfile.TemporaryDirectory() as folder:
            for fmt in args.formats.split(","):
                seconds, cpu, peak = export(project, fmt, Path(folder), args.profile)
                rate = args.rows / seconds
                peers = ", ".join(f"{name} {rate / figure:.1f}x" for name, figure in PEERS.items())
                print(f"{fmt:8} {args.rows:,} rows in {seconds:.1f} s (process start to exit): {rate:,.0f} rows/s "
                      f"({rate / TARGET_ROWS:.2f}x the target 50,000/s; {peers}); peak RSS {peak:.0f} MB "
                      f"(target < {TARGET_MB} MB); the process's CPU {cpu:.1f} s: {args.rows / cpu:,.0f} rows per "
                      f"CPU-second; load average now {os.getloadavg()[0]:.2f}")
    finally:
        if not args.keep:
            with connection.cursor() as cursor:  # the ORM's cascade would load a million rows
                cursor.execute("DELETE FROM claims_claim WHERE sentence_id IN "
                               "(SELECT id FROM claims_sentence WHERE project_id = %s)", [project.pk])
                cursor.execute("DELETE FROM claims_annotation WHERE project_id = %s", [project.pk])
            project.delete()


if __name__ == "__main__":
    main()
