"""Stance on real articles nobody here tuned on (run by hand): macro-F1 given the marked span and pair.

Reads the hand-labelled claims of bench/gold/stance/real.jsonl (32 claims in the three real
articles of ../shared/corpus), imports the articles into a throw-away project with the actors
below, and scores each claim's stance the ways the issue asks to compare:

- cold start: what the live cold-start model (and POST suggestions/score/) gives for the span: the
  cosine of the span's embedding to each label's description (this is also the issue's
  "label-description baseline", which the cold start is, given the span);
- hypotheses: the cosine of the span to one sentence per label written with the actual actor names
  ("Russia supports the Taliban." / "Russia opposes the Taliban." / "Russia is neutral toward the
  Taliban.");
- both: the mean of the two priors;
- trained, leave one article out: the stance head fitted (claims.suggest.training.train_heads) on
  the other two articles' claims, measured on the third, for every article in turn (held out as
  whole articles, as training holds out whole sources).

    python bench/stance.py [--corpus ../shared/corpus]

It deletes its project at the end. With no DATABASE_URL the embedded PostgreSQL starts.
"""

import argparse
import json
import os
import sys
import uuid
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

HERE = Path(__file__).resolve().parent
LABELS = HERE / "gold" / "stance" / "real.jsonl"
CORPUS = HERE.parent.parent / "shared" / "corpus"
ACTORS = {"Russia": ["Moscow", "Kremlin", "Russian", "Putin"], "Taliban": [],
          "United States": ["U.S.", "US", "Americans"], "Afghanistan": ["Afghan", "Kabul", "Afghanis"],
          "China": ["Beijing"], "Pakistan": [], "Iran": [], "Ukraine": [], "ISIS": ["Islamic State"]}
HYPOTHESES = {"support": "{s} supports {t}.", "oppose": "{s} opposes {t}.", "neutral": "{s} is neutral toward {t}."}


def macro_f1(truth: list[str], predicted: list[str]) -> float:
    from claims.suggest.evaluation import classification_report

    return classification_report(truth, predicted, ["support", "oppose", "neutral"])["macro_f1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(CORPUS))
    args = parser.parse_args()
    import django

    django.setup()
    import numpy as np

    from claims.actors.rematch import rematch_mentions
    from claims.actors.service import save_actor
    from claims.ingest.readers import RawArticle
    from claims.ingest.service import import_articles
    from claims.models import Actor, ActorMention, Sentence
    from claims.projects import create_project
    from claims.suggest.base_model import resolve_base_model
    from claims.suggest.candidates import Mention
    from claims.suggest.encoder import load_encoder
    from claims.suggest.heads import STANCE_TEMPERATURE, Heads
    from claims.suggest.label_set import LabelSet
    from claims.suggest.labels import LabelledClaim, LabelledSentence
    from claims.suggest.predict import SentenceInput
    from claims.suggest.training import encode_labels, measure, train_heads

    labelled = [json.loads(line) for line in LABELS.read_text().splitlines() if line.strip()]
    tag = uuid.uuid4().hex[:8]
    project = create_project(name=f"bench stance {tag}", slug=f"bench-stance-{tag}")
    try:
        names = sorted({row["article"] for row in labelled})
        texts = {name: (Path(args.corpus) / name).read_text() for name in names}
        import_articles(project=project, articles=[RawArticle(text=texts[n], origin=n, title=n) for n in names])
        for name, aliases in ACTORS.items():
            save_actor(project=project, name=name, kind="state", aliases=aliases)
        rematch_mentions(project=project)
        actors = dict(Actor.objects.filter(project=project).values_list("name", "id"))
        by_sentence: dict[int, list] = defaultdict(list)
        sentences = {}
        for row in labelled:
            source = project.sources.get(title=row["article"])
            start = source.text.index(row["span"])
            end = start + len(row["span"])
            sentence = Sentence.objects.filter(source=source, start__lte=start, end__gt=start).get()
            end = min(end, sentence.end)  # a span the parser split off at a line break: the sentence's part
            sentences[sentence.id] = sentence
            by_sentence[sentence.id].append((row, start - sentence.start, end - sentence.start))
        data, claims = [], []
        for sentence_id, rows in by_sentence.items():
            sentence = sentences[sentence_id]
            mentions = tuple(Mention(a, s - sentence.start, e - sentence.start) for a, s, e in
                             ActorMention.objects.filter(sentence=sentence).values_list("actor_id", "start", "end"))
            marked = tuple(LabelledClaim(start, end, actors[r["subject"]], actors[r["target"]], None, True,
                                         r["stance"], "asserted") for r, start, end in rows)
            data.append(LabelledSentence(SentenceInput(sentence.id, sentence.text, sentence.start, mentions),
                                         sentence.source_id, marked, "single"))
            claims.extend((r, sentence, start, end) for r, start, end in rows)
        encoder = load_encoder(resolve_base_model(project.base_model))
        labels = LabelSet.of_scheme(project.scheme)
        cold = Heads(labels, encoder.embed(list(labels.descriptions)).sentences)
        examples = encode_labels(encoder, labels, data)
        stance = examples["stance"]
        truth = list(stance.answers)
        print(f"{len(truth)} labelled claims in {len(names)} real articles: "
              + ", ".join(f"{k} {truth.count(k)}" for k in ("support", "oppose", "neutral")))
        first = {"cold start (label descriptions)": measure(cold, examples, set(stance.sources))["stance"]["macro_f1"]}

        # The same claims in the same order as encode_labels gives them (per sentence, per claim).
        spans = np.array(stance.spans, dtype=np.float32)
        hypotheses = []
        for r, _, _, _ in claims:
            texts_ = [HYPOTHESES[label].format(s=r["subject"], t="the " + r["target"] if r["target"] == "Taliban"
                                               else r["target"]) for label in labels.stance]
            hypotheses.append(encoder.embed(texts_).sentences)
        hypothesis_logits = np.einsum("nd,nld->nl", spans, np.stack(hypotheses)) / STANCE_TEMPERATURE
        description_logits = cold.stance_prior(spans)
        for name, logits in (("hypotheses with the actors' names", hypothesis_logits),
                             ("both (mean of the two)", (hypothesis_logits + description_logits) / 2)):
            first[name] = macro_f1(truth, [labels.stance[i] for i in logits.argmax(axis=1)])
        for name, value in first.items():
            print(f"  {name:<40} stance macro-F1 {value:.3f}")
        per_article = []
        for held in sorted(set(stance.sources)):
            train = set(stance.sources) - {held}
            learnt, _ = train_heads(examples, train, cold)
            trained = Heads(labels, cold.description_embeddings, learnt)
            report = measure(trained, examples, {held})["stance"]
            cold_report = measure(cold, examples, {held})["stance"]
            per_article.append((held, report["n"], report["macro_f1"], cold_report["macro_f1"]))
            print(f"  trained on the other two articles, held out source {held}: n {report['n']}, "
                  f"macro-F1 {report['macro_f1']:.3f} (cold start on it {cold_report['macro_f1']:.3f})")
        pooled = sum(n * f for _, n, f, _ in per_article) / sum(n for _, n, _, _ in per_article)
        print(f"  trained, leave one article out, weighted mean: {pooled:.3f}")
    finally:
        project.delete()


if __name__ == "__main__":
    main()
