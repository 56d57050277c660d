"""Ingest benchmark (run by hand): import a generated news corpus and print sentences/s and peak RSS.

    python bench/ingest.py [--articles 2000] [--keep]
    python bench/ingest.py --items 20000 [--runs 5] [--profile]
    python bench/ingest.py --long [--sizes 1,5,20]

With --items, the file is an ML-style dataset instead: N single-sentence items, one JSON object a
line. It is imported twice: in this process (the import alone), and by `manage.py import_sources`
in a fresh process, timed from process start to exit, as the peers' figures were.

With --long, each size is one article of that many MB in a one-line JSONL (a report, a
transcript, a book): the seconds per MB must stay flat as the article grows (issue 17).

Uses the configured database (DATABASE_URL, or the embedded PostgreSQL). The whole pipeline is
timed: reading the JSONL file, structure detection, sentence splitting, dedupe, actor matching,
and the transaction that stores sources, sentences and mentions. Prints the ratio to the target
(20,000 sentences/s) and to the figures measured for doccano and Label Studio on this machine.
"""

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from claims.actors.service import ActorSpec, import_actors  # noqa: E402
from claims.ingest.jobs import run_import_now  # noqa: E402
from claims.ingest.service import InputFile  # noqa: E402
from claims.models import Project  # noqa: E402
from claims.projects import create_project  # noqa: E402

TARGET = 20_000
OTHERS = {"doccano (pre-split, no segmentation)": 3_900, "Label Studio (pre-split, no segmentation)": 6_300}
# Items/s importing a 20,000-line JSONL of single sentences, process start included, measured side
# by side in one sitting (issue 6); "ours before" is this project before the per-item work was cut.
ITEM_PEERS = {"Label Studio (SQLite)": 4_898, "Label Studio (PostgreSQL)": 3_430, "doccano": 3_780,
              "ours before": 3_976}

ACTORS = [
    ("Veloria", "state", ["Dunmere"]), ("Kastran", "state", ["Bravik", "Amber Palace"]),
    ("Estravia", "state", ["Caldor"]), ("Riverlands Cooperation Bloc", "organisation", ["R.C.B.", "the bloc"]),
    ("United Assembly of Nations", "organisation", ["U.A.N."]), ("Halvik Liberation Front", "armed_group", ["H.L.F."]),
    ("Radomir Kesh", "person", ["President Kesh", "Mr. Kesh"]), ("Anika Dressel", "person", ["Ms. Dressel"]),
    ("Piotr Halas", "person", ["Gen. Piotr Halas", "Gen. Halas"]), ("Benedikt Aurel", "person", ["Mr. Aurel"]),
]
NAMES = [form for _, _, aliases in ACTORS for form in aliases] + [name for name, _, _ in ACTORS]
VERBS = ["said", "denied", "announced", "warned", "claimed", "insisted", "suggested", "confirmed"]
OBJECTS = ["the talks would resume next week", "the U.S. observers were not invited", "troops had left the valley",
           "the dam posed no risk to farmers", "about $2.3 billion had been committed", "the ceasefire was holding",
           "the report was “deeply flawed”", "no agreement had been reached on water quotas"]
OPENERS = ["On Tuesday,", "Earlier this month,", "According to officials,", "In a statement,", "Meanwhile,", ""]


def sentence(rng: random.Random) -> str:
    kind = rng.random()
    who, other = rng.choice(NAMES), rng.choice(NAMES)
    if kind < 0.2:
        return f"“{rng.choice(OBJECTS).capitalize()},” {who} told reporters in Port Asmel."
    if kind < 0.35:
        return f"{who} {rng.choice(VERBS)} that {other} had {rng.choice(['funded', 'opposed', 'backed'])} the plan."
    opener = rng.choice(OPENERS)
    text = f"{opener} {who} {rng.choice(VERBS)} that {rng.choice(OBJECTS)}.".strip()
    return text[0].upper() + text[1:]


def article(rng: random.Random, number: int) -> dict:
    paragraphs, count = [], 0
    while count < 30:
        size = rng.randint(1, 4)
        paragraphs.append(" ".join(sentence(rng) for _ in range(size)))
        count += size
    title = f"Story {number}: {rng.choice(NAMES)} and {rng.choice(NAMES)} trade accusations over the dam"
    body = f"{title}\nby Mara Ostrova on {rng.randint(1, 28)} Mar 2026 0 Comment\n" + "\n".join(paragraphs)
    return {"text": body + "\nBack to Top", "outlet": rng.choice(["Northwind Wire", "Veloria Today", "KSN"]),
            "url": f"https://example.org/{number}"}


def items(rng: random.Random, count: int) -> list[dict]:
    """count distinct single-sentence items (repeats would be skipped as duplicates, not stored)."""
    texts: dict[str, None] = {}
    while len(texts) < count:
        texts[sentence(rng)] = None
    return [{"text": text, "id": number} for number, text in enumerate(texts)]


def cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    """User and system CPU time of this process (or of its finished children) so far."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def bench_items(args: argparse.Namespace) -> None:
    """Import N single-sentence items in this process, then again in a fresh import_sources process; --runs times."""
    rng = random.Random(args.seed)
    print(f"load average {os.getloadavg()[0]:.1f} (the machine has {os.cpu_count()} cores)")
    in_process, end_to_end = [], []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "items.jsonl"
        path.write_text("".join(json.dumps(item) + "\n" for item in items(rng, args.items)), encoding="utf-8")
        for run in range(args.runs):
            slug = f"bench-items-{int(time.time())}-{run}"
            project = create_project(name=slug, slug=slug)
            import_actors(project=project, specs=[ActorSpec(n, k, tuple(a), None) for n, k, a in ACTORS])
            started, cpu = time.perf_counter(), cpu_seconds()
            if args.profile:
                import cProfile
                import pstats

                with cProfile.Profile() as profile:
                    _, summary = run_import_now(project=project, files=[InputFile("items.jsonl", path)])
                pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
            else:
                _, summary = run_import_now(project=project, files=[InputFile("items.jsonl", path)])
            in_process.append((time.perf_counter() - started, cpu_seconds() - cpu))
            # The same file again, into a second project, by the command in a process of its own.
            command = [sys.executable, str(Path(__file__).resolve().parent.parent / "manage.py"), "import_sources",
                       "--create", "--project", f"{slug}-cli", str(path)]
            started, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_CHILDREN)
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            end_to_end.append((time.perf_counter() - started, cpu_seconds(resource.RUSAGE_CHILDREN) - cpu))
            print(f"run {run + 1}: in this process {in_process[-1][0]:.2f} s ({in_process[-1][1]:.2f} s CPU), "
                  f"import_sources {end_to_end[-1][0]:.2f} s ({end_to_end[-1][1]:.2f} s CPU)")
            if not args.keep:
                Project.objects.filter(slug__in=[slug, f"{slug}-cli"]).delete()
    count = summary.sources
    print(f"imported {count:,} items ({summary.sentences:,} sentences, {summary.mentions:,} mentions)"
          f"{f'; medians of {args.runs} runs' if args.runs > 1 else ''}")
    # CPU time is Python's alone (PostgreSQL works in its own process, mostly at the same time):
    # on a shared machine it says what the import costs where the wall clock says what the load allowed.
    wall, cpu = (statistics.median(run[i] for run in in_process) for i in (0, 1))
    print(f"in this process: {wall:.2f} s, {count / wall:,.0f} items/s (Python CPU {cpu:.2f} s: {count / cpu:,.0f}/s)")
    wall, cpu = (statistics.median(run[i] for run in end_to_end) for i in (0, 1))
    rate = count / wall
    print(f"manage.py import_sources, process start to exit: {wall:.2f} s, {rate:,.0f} items/s "
          f"(CPU {cpu:.2f} s: {count / cpu:,.0f}/s)")
    print(f"ratio to target {TARGET:,}/s: {rate / TARGET:.2f}x")
    for name, figure in ITEM_PEERS.items():
        print(f"  {name:<26} {figure:>6,} items/s   ours: {rate / figure:.1f}x")


def long_article(rng: random.Random, megabytes: float) -> dict:
    """One article of about `megabytes` MB of UTF-8: paragraphs of generated sentences."""
    paragraphs, size = [], 0
    while size < megabytes * 1_000_000:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(1, 4)))
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 1
    return {"text": "A long report on the dam\n" + "\n".join(paragraphs), "outlet": "Northwind Wire"}


def bench_long(args: argparse.Namespace) -> None:
    """Import one article of each size into a fresh project; print seconds and seconds per MB."""
    rng = random.Random(args.seed)
    print(f"load average {os.getloadavg()[0]:.1f} (the machine has {os.cpu_count()} cores)")
    settings.IMPORT_MAX_ARTICLE_CHARS = 10**9  # measure past the per-article limit too
    for megabytes in (float(size) for size in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "long.jsonl"
            path.write_text(json.dumps(long_article(rng, megabytes), ensure_ascii=False) + "\n", encoding="utf-8")
            size = path.stat().st_size / 1_000_000
            slug = f"bench-long-{int(time.time())}-{megabytes:g}"
            project = create_project(name=slug, slug=slug)
            import_actors(project=project, specs=[ActorSpec(n, k, tuple(a), None) for n, k, a in ACTORS])
            started, cpu = time.perf_counter(), cpu_seconds()
            _, summary = run_import_now(project=project, files=[InputFile("long.jsonl", path)])
            seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        print(f"{size:5.1f} MB, one article: {seconds:6.2f} s, {seconds / size:.2f} s/MB "
              f"({summary.sentences:,} sentences, {summary.mentions:,} mentions; Python CPU {cpu:.2f} s; "
              f"peak RSS so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB)", flush=True)
        if not args.keep:
            Project.objects.filter(id=project.id).delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--items", type=int, default=0, help="import N single-sentence items instead")
    parser.add_argument("--profile", action="store_true", help="with --items: cProfile the in-process import")
    parser.add_argument("--runs", type=int, default=1, help="with --items: import this many times, print medians")
    parser.add_argument("--long", action="store_true", help="import single long articles instead (--sizes in MB)")
    parser.add_argument("--sizes", default="1,5,20", help="with --long: article sizes in MB, comma-separated")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark project afterwards")
    args = parser.parse_args()
    if args.items:
        bench_items(args)
        return
    if args.long:
        bench_long(args)
        return

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for number in range(args.articles):
                out.write(json.dumps(article(rng, number), ensure_ascii=False) + "\n")
        slug = f"bench-{int(time.time())}"
        project = create_project(name=slug, slug=slug)
        import_actors(project=project, specs=[ActorSpec(n, k, tuple(a), None) for n, k, a in ACTORS])
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        load = os.getloadavg()[0]
        started, cpu = time.perf_counter(), cpu_seconds()
        _, summary = run_import_now(project=project, files=[InputFile("corpus.jsonl", path)])
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = summary.sentences / seconds
    print(f"imported {summary.sources:,} articles, {summary.sentences:,} sentences, "
          f"{summary.mentions:,} actor mentions in {seconds:.2f} s")
    print(f"throughput: {rate:,.0f} sentences/s ({summary.sources / seconds:,.0f} articles/s); "
          f"Python CPU {cpu:.2f} s: {summary.sentences / cpu:,.0f} sentences/s; load average {load:.1f}")
    print(f"peak RSS: {peak_mib:,.0f} MiB (before import: {rss_before / 1024:,.0f} MiB)")
    print(f"ratio to target {TARGET:,}/s: {rate / TARGET:.2f}x")
    for name, figure in OTHERS.items():
        print(f"ratio to {name} at {figure:,}/s: {rate / figure:.1f}x")
    if not args.keep:
        Project.objects.filter(id=project.id).delete()


if __name__ == "__main__":
    main()
