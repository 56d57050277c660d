"""The editors' review pages: who reaches them, what they show, and the decisions made from them."""

import csv
import io
import re

import pytest
from django.urls import reverse

from claims.annotation.saving import AnnotationChanges, ClaimInput, edit_annotation
from claims.models import Adjudication, Annotation, ConflictResolution, ProposalRun, Proposition
from claims.review.gold import GoldInput, adjudicate
from claims.review.propositions import update_proposition
from tests.review.test_conflicts import corpus  # noqa: F401 - the fixture: three sources, two conflicts, one agreement

PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)>'
PAGES = ["review-disagreements", "review-agreement", "review-agreement-csv", "review-propositions",
         "review-conflicts", "review-outlets", "review-stance-map"]


def url(name: str, project, *args, query: str = "") -> str:
    return reverse(name, args=[project.pk, *args]) + (f"?{query}" if query else "")


@pytest.fixture
def split(team, label):
    """Sentence 1: a and b disagree on the stance (b with a comment carrying markup); sentence 2: all agree."""
    s = team.sentences[1]
    label("a", s, ("support", 0))
    b = label("b", s, ("oppose", 0))
    edit_annotation(project=team.project, annotation_id=b.pk, editor=team.users["b"],
                    changes=AnnotationChanges(comment=f"irony? {PAYLOAD}"))
    return s


@pytest.mark.parametrize("name", [*PAGES, "review-sentence", "review-agreement-items"])
def test_editors_and_managers_reach_every_page_annotators_403_outsiders_404(
        client, team, split, name, manager, editor, annotator, outsider, stranger):
    args = (split.pk,) if name == "review-sentence" else ()
    address = url(name, team.project, *args, query="field=stance" if name == "review-agreement-items" else "")
    for user, expected in ((manager, 200), (editor, 200), (annotator, 403), (outsider, 404), (stranger, 404)):
        client.force_login(user)
        assert client.get(address).status_code == expected, user.username


@pytest.mark.parametrize("name", ["review-accept", "review-sentence", "review-propositions", "review-conflicts"])
def test_annotators_cannot_post_anything(client, team, split, name, annotator):
    client.force_login(annotator)
    args = (split.pk,) if name == "review-sentence" else ()
    assert client.post(url(name, team.project, *args), {"resolution": "majority", "use": 1}).status_code == 403
    assert not Adjudication.objects.exists() and not ProposalRun.objects.exists()


def test_the_review_tab_is_in_the_nav_for_editors_only(client, team, editor, annotator):
    sources = reverse("project-sources", args=[team.project.pk])
    client.force_login(editor)
    assert url("review-disagreements", team.project) in client.get(sources).content.decode()
    client.force_login(annotator)
    assert url("review-disagreements", team.project) not in client.get(sources).content.decode()


def test_the_queue_lists_the_disagreement_and_filters_by_field_and_annotator(client, team, split, label, editor):
    for who in "abc":
        label(who, team.sentences[2], ("oppose", 0))  # agreed: not in the queue
    client.force_login(editor)
    page = client.get(url("review-disagreements", team.project)).content.decode()
    assert url("review-sentence", team.project, split.pk) in page and "Stance <b>1</b>" in page
    assert url("review-sentence", team.project, team.sentences[2].pk) not in page
    by_span = client.get(url("review-disagreements", team.project, query="field=span")).content.decode()
    assert url("review-sentence", team.project, split.pk) not in by_span
    by_c = client.get(url("review-disagreements", team.project, query=f"annotator={team.users['c'].pk}"))
    assert url("review-sentence", team.project, split.pk) not in by_c.content.decode()
    assert client.get(url("review-disagreements", team.project, query="field=mood")).status_code == 400


def test_the_sentence_page_shows_the_annotations_side_by_side_escaped(client, team, split, editor):
    client.force_login(editor)
    page = client.get(url("review-sentence", team.project, split.pk)).content.decode()
    for who in "ab":
        annotation = Annotation.objects.get(sentence=split, annotator=team.users[who])
        assert team.users[who].username in page
        assert reverse("annotation-detail", args=[team.project.pk, annotation.pk]) in page  # its history
    assert "irony? &lt;script&gt;alert(1)&lt;/script&gt;" in page and PAYLOAD not in page
    assert "Support" in page and "Oppose" in page


def test_an_editor_picks_one_version_with_a_note_and_the_annotations_stay(client, team, split, editor):
    before = list(Annotation.objects.filter(sentence=split).values("id", "version", "comment"))
    chosen = Annotation.objects.get(sentence=split, annotator=team.users["b"])
    client.force_login(editor)
    response = client.post(url("review-sentence", team.project, split.pk), {
        "use": chosen.pk, "note": "b read the irony", **_formset([])})
    assert response.status_code == 302
    gold = Adjudication.objects.get(sentence=split)
    assert (gold.resolution, gold.editor, gold.note) == ("adjudicated", editor, "b read the irony")
    assert [c.stance for c in gold.claims.all()] == ["oppose"]
    assert list(Annotation.objects.filter(sentence=split).values("id", "version", "comment")) == before
    assert url("review-sentence", team.project, split.pk) not in client.get(response["Location"]).content.decode()


def _formset(claims: list[dict]) -> dict:
    data = {"claims-TOTAL_FORMS": str(len(claims)), "claims-INITIAL_FORMS": "0", "claims-MIN_NUM_FORMS": "0",
            "claims-MAX_NUM_FORMS": "50"}
    for n, claim in enumerate(claims):
        data.update({f"claims-{n}-{k}": v for k, v in claim.items()})
    return data


def test_an_editor_edits_a_final_version_then_a_stale_second_decision_is_refused(client, team, split, editor, manager):
    claim = {"start": split.start, "end": split.start + 10, "subject": team.actors["Kastran"].pk,
             "target": team.actors["Veloria"].pk, "stance": "neutral", "certainty": "hedged"}
    client.force_login(editor)
    page = client.get(url("review-sentence", team.project, split.pk))
    assert page.status_code == 200
    response = client.post(url("review-sentence", team.project, split.pk),
                           {"edit": "1", "note": "neither", "revises": "", **_formset([claim])})
    assert response.status_code == 302
    gold = Adjudication.objects.get(sentence=split)
    assert [(c.start, c.end, c.stance, c.certainty) for c in gold.claims.all()] == [
        (split.start, split.start + 10, "neutral", "hedged")]
    client.force_login(manager)  # a page loaded before the decision: it revises nothing
    stale = client.post(url("review-sentence", team.project, split.pk),
                        {"edit": "1", "note": "no claim", "revises": "", **_formset([])})
    assert stale.status_code == 409 and "already has gold" in stale.content.decode()
    assert Adjudication.objects.get(sentence=split).claims.count() == 1
    revised = client.post(url("review-sentence", team.project, split.pk),
                          {"edit": "1", "note": "no claim", "revises": "1", **_formset([])})
    assert revised.status_code == 302
    gold.refresh_from_db()
    assert (gold.version, gold.editor, gold.claims.count()) == (2, manager, 0)
    assert "Version 1" in client.get(url("review-sentence", team.project, split.pk)).content.decode()


def test_bad_claims_are_shown_and_nothing_is_stored(client, team, split, editor):
    client.force_login(editor)
    bad = {"start": split.end, "end": split.end + 400, "certainty": "asserted"}
    response = client.post(url("review-sentence", team.project, split.pk),
                           {"edit": "1", "note": "", **_formset([bad])})
    assert response.status_code == 400 and "form-errors" in response.content.decode()
    assert not Adjudication.objects.exists()


def test_majority_decisions_are_accepted_in_bulk_from_the_queue(client, team, label, editor):
    s = team.sentences[3]
    label("a", s, ("oppose", 0))
    label("b", s, ("oppose", 0))
    label("c", s, ("support", 0))
    client.force_login(editor)
    response = client.post(url("review-accept", team.project), {"resolution": "majority"}, follow=True)
    assert "1 sentence accepted as majority gold" in response.content.decode()
    assert Adjudication.objects.get(sentence=s).resolution == "majority"
    refused = client.post(url("review-accept", team.project), {"resolution": "adjudicated"}, follow=True)
    assert "Nothing was accepted" in refused.content.decode()


def test_the_agreement_page_draws_the_pairs_and_the_csv_has_every_figure(client, team, split, label, editor):
    for who in "abc":
        label(who, team.sentences[2], ("oppose", 0))
    client.force_login(editor)
    page = client.get(url("review-agreement", team.project, query="field=stance")).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart heatmap"' in page
    assert "Krippendorff" in page and "Fleiss" in page and "Confusion matrix" in page
    assert url("review-agreement-items", team.project) in page  # drill-down
    rows = list(csv.reader(io.StringIO(client.get(url("review-agreement-csv", team.project)).content.decode())))
    assert rows[0] == ["field", "measure", "annotators", "value", "items"]
    pair = [r for r in rows if r[:3] == ["stance", "cohen_kappa", f"{team.users['a'].pk} {team.users['b'].pk}"]]
    assert pair and pair[0][4] == "2"
    items = client.get(url("review-agreement-items", team.project,
                           query=f"field=stance&annotators={team.users['a'].pk},{team.users['b'].pk}&disagreed=1"))
    assert f"sentence {split.pk}" in items.content.decode()
    assert f"sentence {team.sentences[2].pk}" not in items.content.decode()
    assert client.get(url("review-agreement-items", team.project, query="field=mood")).status_code == 400


def test_conflicts_are_side_by_side_with_the_claims_marked_and_a_verdict_is_recorded(client, corpus, editor):  # noqa: F811
    from claims.review.proposing import propose

    propose(project=corpus)
    for proposition in Proposition.objects.filter(project=corpus):
        update_proposition(project=corpus, editor=editor, proposition_id=proposition.pk, status="accepted")
    client.force_login(editor)
    page = client.get(url("review-conflicts", corpus)).content.decode()
    assert '<mark class="claim-mark">Russia began supplying weapons to the Taliban in 2015.</mark>' in page
    assert '<mark class="claim-mark">Russia started arming the Taliban in 2017.</mark>' in page
    assert "Wire" in page and "Ledger" in page and "Corroborated" in page
    prefix = re.search(r'name="form" value="(p\d+-fact-year)"', page).group(1)
    proposition = int(prefix[1:].split("-")[0])
    wire = Proposition.objects.get(pk=proposition).claims.get(text__contains="2015").sentence.source_id
    response = client.post(url("review-conflicts", corpus), {
        "form": prefix, f"{prefix}-proposition": proposition, f"{prefix}-kind": "fact:year",
        f"{prefix}-verdict": "source_right", f"{prefix}-source": wire, f"{prefix}-note": "the 2015 date is sourced"})
    assert response.status_code == 302
    verdict = ConflictResolution.objects.get()
    assert (verdict.verdict, verdict.source_id, verdict.editor) == ("source_right", wire, editor)
    bad = client.post(url("review-conflicts", corpus), {
        "form": prefix, f"{prefix}-proposition": proposition, f"{prefix}-kind": "fact:year",
        f"{prefix}-verdict": "source_right", f"{prefix}-note": "no source named"})
    assert bad.status_code == 400 and ConflictResolution.objects.count() == 1
    record = client.get(url("review-outlets", corpus)).content.decode()
    assert re.search(r"Wire</th><td class=\"num\">\d+</td><td class=\"num\">\d+</td><td class=\"num\">1</td>", record)


def test_propositions_are_proposed_accepted_split_and_merged_from_the_page(client, corpus, editor):  # noqa: F811
    from claims.review.proposing import propose

    client.force_login(editor)
    assert client.post(url("review-propositions", corpus), {"action": "propose"}).status_code == 302
    run = ProposalRun.objects.get()
    assert f"/propositions/runs/{run.pk}/" in client.get(url("review-propositions", corpus)).content.decode()
    propose(project=corpus)  # what the worker does
    first, second = Proposition.objects.filter(project=corpus).order_by("id")[:2]
    client.post(url("review-propositions", corpus), {"action": "accept", "proposition": first.pk})
    first.refresh_from_db()
    assert first.status == "accepted" and first.created_by == editor
    claims = list(first.claims.values_list("id", flat=True))
    client.post(url("review-propositions", corpus), {"action": "split", "proposition": first.pk, "claims": claims[:1],
                                                     "text": "Russia armed the Taliban early"})
    split_off = Proposition.objects.get(text="Russia armed the Taliban early")
    assert list(split_off.claims.values_list("id", flat=True)) == claims[:1]
    client.post(url("review-propositions", corpus), {"action": "merge", "proposition": first.pk,
                                                     "others": f"{split_off.pk}, {second.pk}"})
    assert not Proposition.objects.filter(pk__in=[split_off.pk, second.pk]).exists()
    bad = client.post(url("review-propositions", corpus), {"action": "merge", "proposition": first.pk,
                                                           "others": "twelve"}, follow=True)
    assert "Nothing was changed" in bad.content.decode()
    page = client.get(url("review-propositions", corpus, query="status=accepted")).content.decode()
    assert '<mark class="claim-mark">' in page


def test_the_stance_map_draws_edges_per_outlet_and_side_by_side(client, corpus, editor):  # noqa: F811
    client.force_login(editor)
    page = client.get(url("review-stance-map", corpus)).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart network"' in page
    assert page.count("<path d=") >= 2 and "Russia → Taliban: Support (2)" in page
    post = client.get(url("review-stance-map", corpus, query="outlet=Post&compare=Ledger")).content.decode()
    assert "Russia → Kabul: Support (1)" in post and "Russia → Taliban: Support (1)" in post
    assert post.count('class="chart network"') == 2
    assert client.get(url("review-stance-map", corpus, query="outlet=Nowhere")).status_code == 400


def test_article_text_is_escaped_on_the_conflicts_and_propositions_pages(client, team, editor):
    from claims.ingest.readers import RawArticle
    from claims.ingest.service import import_articles
    from claims.models import Sentence

    import_articles(project=team.project, articles=[RawArticle(text=f"T\n\nKastran said {PAYLOAD} in 2014.",
                                                               origin="x.txt", title=PAYLOAD, outlet=PAYLOAD)])
    s = Sentence.objects.get(project=team.project, text__contains="Kastran said")
    claim = ClaimInput(start=s.start, end=s.end, subject=team.actors["Kastran"].pk, target=team.actors["Veloria"].pk,
                       stance="oppose")
    adjudicate(project=team.project, editor=editor, sentence_id=s.pk, data=GoldInput(claims=(claim,)))
    client.force_login(editor)
    client.post(url("review-propositions", team.project), {"action": "create", "text": PAYLOAD,
                                                           "claims": str(s.claims.get().pk)})
    for name in ("review-propositions", "review-stance-map", "review-outlets"):
        page = client.get(url(name, team.project)).content.decode()
        assert "<script>alert(1)" not in page and "<img src=x" not in page, name


def test_withdrawn_unanimous_gold_is_shown_on_the_sentence_page_and_in_the_api(
        client, team, label, editor, django_capture_on_commit_callbacks):
    s = team.sentences[0]
    with django_capture_on_commit_callbacks(execute=True):
        for who in "abc":
            label(who, s, ("oppose", 0))
    mine = Annotation.objects.get(sentence=s, annotator=team.users["b"])
    with django_capture_on_commit_callbacks(execute=True):
        edit_annotation(project=team.project, annotation_id=mine.pk, editor=team.users["b"],
                        changes=AnnotationChanges(claims=()))
    client.force_login(editor)
    page = client.get(url("review-sentence", team.project, s.pk)).content.decode()
    assert "Withdrawn automatic gold" in page and "after annotator-b’s change" in page
    assert url("review-sentence", team.project, s.pk) in client.get(url("review-disagreements", team.project)
                                                                     ).content.decode()
    side = client.get(f"/api/projects/{team.project.pk}/disagreements/{s.pk}/").json()
    assert side["gold"] is None and side["withdrawn_gold"][0]["changed_by"] == team.users["b"].pk
