"""The model page's acceptance table: what annotators did with each version's suggestions, by suggested label."""

from claims.annotation.saving import AnnotationInput, ClaimInput, create_annotation
from claims.models import Actor, ModelVersion, Sentence, Suggestion
from claims.projects import add_member
from claims.suggest.report import model_overview
from tests.conftest import make_user
from tests.suggest.fresh import fresh_inputs


def test_acceptance_per_version_and_suggested_label(project, add_article):
    veloria, kastran = (Actor.objects.create(project=project, name=n) for n in ("Veloria", "Kastran"))
    add_article("Veloria accused Kastran of lying.\n\nKastran praised Veloria.")
    first, second = Sentence.objects.filter(project=project, kind="body").order_by("index")
    project.overlap = 3
    project.save()
    version = ModelVersion.objects.create(project=project, base_model="m", status="live")
    suggestions = {}
    for sentence, stance in ((first, "oppose"), (second, "support")):
        proposed = {"start": sentence.start, "end": sentence.end, "subject": veloria.id, "target": kastran.id,
                    "claimant": None, "claimant_is_outlet": True, "stance": {stance: 0.9, "neutral": 0.1},
                    "certainty": {"asserted": 1.0}, "score": 0.9}
        suggestions[sentence.id] = Suggestion.objects.create(sentence=sentence, model_version=version,
                                                             inputs=fresh_inputs(sentence), has_claim=0.9,
                                                             claims=[proposed], label=stance)
    team = [make_user(f"a{n}") for n in range(3)]
    for user in team:
        add_member(project=project, user=user, role="annotator")

    def annotate(user, sentence, stance=None, claims=True):
        given = (ClaimInput(start=sentence.start, end=sentence.end, subject=veloria.id, target=kastran.id,
                            claimant_is_outlet=True, stance=stance or suggestions[sentence.id].label,
                            certainty="asserted"),) if claims else ()
        create_annotation(project=project, annotator=user, sentence_id=sentence.id,
                          data=AnnotationInput(claims=given, suggestion=suggestions[sentence.id].id))

    annotate(team[0], first)                      # accepted
    annotate(team[1], first, stance="support")    # edited
    annotate(team[2], first, claims=False)        # rejected
    annotate(team[0], second)                     # accepted
    rows = {row["label"]: row for row in model_overview(project)["acceptance"]}
    assert {k: rows["oppose"][k] for k in ("model_version", "accepted", "edited", "rejected", "total")} == {
        "model_version": version.id, "accepted": 1, "edited": 1, "rejected": 1, "total": 3}
    assert rows["oppose"]["accepted_rate"] == 0.333
    assert (rows["support"]["accepted"], rows["support"]["total"]) == (1, 1)
