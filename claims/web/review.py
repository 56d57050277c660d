"""Editors' review pages: disagreements and gold, agreement, propositions, conflicts, the stance map, outlets.

Thin views over claims.review, the same services the API and the commands call. Editors and
managers only: an annotator gets 403, an outsider 404, as on the API. Every piece of article text,
comment and actor name goes through the templates' escaping; the charts through claims.web.charts.
"""

import csv
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from claims.access import CURATORS, project_for
from claims.annotation.saving import ClaimInput, claim_data
from claims.annotation.unanimity import gold_history
from claims.models import Actor, Adjudication, Claim, Project, ProposalRun, Sentence, User
from claims.models.annotation import PropositionStatus
from claims.models.review import Verdict
from claims.review import agreement, conflicts, gold, propositions, stance_map
from claims.review.compare import FIELDS, sentence_items
from claims.review.disagreements import disagreements, side_by_side
from claims.review.errors import ReviewRejected
from claims.review.labels import GOLD, project_labels
from claims.web.annotations import actor_names, claim_view
from claims.web.charts import Edge, Node, heatmap, network
from claims.web.refusals import Refusal
from claims.web.views import bad_request

PER_PAGE = 25
FIELD_NAMES = {"claim": "Claim or not", "span": "Span", "stance": "Stance", "subject": "Subject", "target": "Target",
               "claimant": "Claimant", "certainty": "Certainty"}
KIND_NAMES = {"assert_deny": "Asserts / denies", "stance": "Stance", "fact:year": "Year", "fact:date": "Date",
              "fact:number": "Number"}


def _project(request, project_id: int) -> Project:
    return project_for(request.user, project_id, roles=CURATORS)


def _names(ids) -> dict[int, str]:
    return dict(User.objects.filter(id__in=set(ids)).values_list("id", "username"))


def _sentences(project: Project, ids) -> dict[int, Sentence]:
    return Sentence.objects.filter(project=project).select_related("source").defer(
        "source__text", "source__meta").in_bulk(list(ids))


# ---- the disagreement queue ------------------------------------------------------------------


class QueueFilter(forms.Form):
    field = forms.ChoiceField(required=False, choices=[("", "Any field"), *FIELD_NAMES.items()])
    annotator = forms.IntegerField(required=False, min_value=1)


@login_required
def disagreement_queue(request, project_id: int):
    """Sentences whose annotators differ, most disagreed first, filterable by field and annotator."""
    project = _project(request, project_id)
    chosen = QueueFilter(request.GET)
    if not chosen.is_valid():
        return bad_request(request, chosen.errors)
    picked = {k: v for k, v in chosen.cleaned_data.items() if v not in (None, "")}
    queue = disagreements(project=project, field=picked.get("field", ""), annotator=picked.get("annotator"))
    page = Paginator(queue, PER_PAGE).get_page(request.GET.get("page"))
    sentences = _sentences(project, [row["sentence"] for row in page.object_list])
    names = _names(a for row in page.object_list for a in row["annotators"])
    rows = [{**row, "text": sentences[row["sentence"]].text, "source": sentences[row["sentence"]].source,
             "names": [names.get(a, "?") for a in row["annotators"]],
             "fields_shown": [(FIELD_NAMES[f], n) for f, n in row["fields"].items()]} for row in page.object_list]
    members = User.objects.filter(annotations__project=project).distinct().order_by("username").only("id", "username")
    return render(request, "review/disagreements.html", {
        "project": project, "page": page, "rows": rows, "picked": picked, "members": members,
        "fields": FIELD_NAMES.items(), "query": urlencode(picked),
        "gold_count": Adjudication.objects.filter(project=project).count()})


@login_required
@require_POST
def accept_in_bulk(request, project_id: int):
    """Accept unanimous or majority decisions as gold for every sentence without gold."""
    project = _project(request, project_id)
    resolution = request.POST.get("resolution", "")
    refusal = Refusal(request=request, said="Nothing was accepted: {}")
    with refusal:
        made = gold.accept_gold(project=project, resolution=resolution, editor=request.user)
        messages.success(request, f"{made} sentence{'s' if made != 1 else ''} accepted as {resolution} gold.")
    return redirect("review-disagreements", project.id)


# ---- one sentence: side by side, and the decision ----------------------------------------------


class DecisionForm(forms.Form):
    note = forms.CharField(required=False, max_length=gold.MAX_NOTE, strip=False,
                           widget=forms.Textarea(attrs={"rows": 2}), help_text="Why this is the gold.")
    revises = forms.IntegerField(required=False, widget=forms.HiddenInput)
    use = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ClaimForm(forms.Form):
    """One claim of an edited final version, as the annotation service takes it."""

    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=0)
    subject = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    target = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    stance = forms.ChoiceField(required=False)
    certainty = forms.ChoiceField(required=False)
    claimant = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    claimant_name = forms.CharField(required=False, max_length=200)
    claimant_is_outlet = forms.BooleanField(required=False, label="In the outlet's voice")

    def __init__(self, *args, actors: list[tuple[int, str]], stances: list[tuple[str, str]],
                 certainties: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("subject", "target", "claimant"):
            self.fields[name].choices = [("", "—"), *actors]
        self.fields["stance"].choices = [("", "no stance"), *stances]
        self.fields["certainty"].choices = [("", "—"), *certainties]

    def claim(self) -> ClaimInput:
        return ClaimInput(**{k: v for k, v in self.cleaned_data.items() if k != "DELETE"})


ClaimFormSet = forms.formset_factory(ClaimForm, extra=1, can_delete=True, max_num=50)


def _claim_formset(project: Project, data=None, initial=None):
    labels = project.scheme
    actors = list(Actor.objects.filter(project=project).order_by("name").values_list("id", "name"))
    choices = {group: [(v, labels.name(group, v)) for v in project.scheme.values(group)]
               for group in ("stance", "certainty")}
    return ClaimFormSet(data, initial=initial, prefix="claims", form_kwargs={
        "actors": actors, "stances": choices["stance"], "certainties": choices["certainty"]})


_FORM_FIELDS = ("start", "end", "subject", "target", "stance", "certainty", "claimant", "claimant_name",
                "claimant_is_outlet")


def _inputs(claims: list[dict]) -> tuple[ClaimInput, ...]:
    return tuple(ClaimInput(**{k: c[k] for k in _FORM_FIELDS}) for c in claims)


def _chosen(decision: DecisionForm, claim_forms, by_annotation: dict[int, list[dict]]) -> tuple | None:
    """The claims the editor decided on: one annotator's (the button "use") or the edited ones; None: form errors."""
    if not decision.is_valid():
        return None
    use = decision.cleaned_data["use"]
    if use is not None:
        if use not in by_annotation:
            decision.add_error(None, f"annotation {use} is not one of this sentence's")
            return None
        return _inputs(by_annotation[use])
    if not claim_forms.is_valid():
        return None
    return tuple(f.claim() for f in claim_forms.forms if f.cleaned_data and not f.cleaned_data.get("DELETE"))


@login_required
def sentence_review(request, project_id: int, sentence_id: int):
    """A sentence's annotations side by side, its gold and its versions, and the editor's decision."""
    project = _project(request, project_id)
    sentence = get_object_or_404(Sentence.objects.filter(project=project).select_related("source").defer(
        "source__text", "source__meta"), pk=sentence_id)
    annotations = side_by_side(project=project, sentence_id=sentence.pk)
    stored = (Adjudication.objects.filter(project=project, sentence=sentence).select_related("editor")
              .prefetch_related("claims").first())
    by_annotation = {a.pk: [claim_data(c) for c in a.claims.all()] for a in annotations}
    gold_claims = [claim_data(c) for c in sorted(stored.claims.all(), key=lambda c: (c.start, c.pk))] if stored else []
    decision = DecisionForm(request.POST or None, initial={"revises": stored.version if stored else None})
    base = request.GET.get("base", "")
    start_from = by_annotation.get(int(base)) if base.isdigit() else None
    initial = [{k: c[k] for k in _FORM_FIELDS} for c in (start_from if start_from is not None else
                                                        gold_claims or next(iter(by_annotation.values()), []))]
    claim_forms = _claim_formset(project, request.POST if "edit" in request.POST else None, initial)
    refusal, status = Refusal(decision), 200
    if request.method == "POST":
        status = 400  # unless the decision is saved or refused with a status of its own
        chosen = _chosen(decision, claim_forms, by_annotation)
        if chosen is not None:
            with refusal:
                gold.adjudicate(project=project, editor=request.user, sentence_id=sentence.pk, data=gold.GoldInput(
                    claims=chosen, note=decision.cleaned_data["note"], revises=decision.cleaned_data["revises"]))
                messages.success(request, f"Gold saved for sentence {sentence.pk}.")
                return redirect("review-disagreements", project.id)
            status = refusal.status
    everything = [c for cs in by_annotation.values() for c in cs] + gold_claims + [
        c for r in (gold_history(adjudication=stored) if stored else []) for c in r["claims"]] + [
        c for w in gold.withdrawals(sentence_id=sentence.pk) for c in w.data.get("claims") or []]
    names, labels = actor_names(project, everything), project.scheme

    def views(claims: list[dict]) -> list:
        return [claim_view(c, names=names, labels=labels, sentence=sentence) for c in claims]

    labelled = project_labels(project=project, sentence_ids=[sentence.pk]).get(sentence.pk, {})
    raters = {r: c for r, c in labelled.items() if r != GOLD}
    differing = {}
    for item in sentence_items(sentence.pk, raters) if len(raters) >= 2 else []:
        if not item.agreed and len(item.values) >= 2:
            differing[FIELD_NAMES[item.field]] = differing.get(FIELD_NAMES[item.field], 0) + 1
    history = gold_history(adjudication=stored) if stored else []
    return render(request, "review/sentence.html", {
        "project": project, "sentence": sentence, "decision": decision, "claim_forms": claim_forms,
        "problems": refusal.problems, "stored": stored, "gold_claims": views(gold_claims), "differing": differing,
        "columns": [(a, views(by_annotation[a.pk])) for a in annotations], "base": base,
        "history": [{**r, "claims": views(r["claims"])} for r in reversed(history)],
        "withdrawn": [(w, views(w.data.get("claims") or [])) for w in gold.withdrawals(sentence_id=sentence.pk)],
    }, status=status)


# ---- agreement --------------------------------------------------------------------------------


class AgreementChoice(forms.Form):
    field = forms.ChoiceField(required=False, choices=[(f, f) for f in FIELDS])


def _items_url(project: Project, field: str, annotators, disagreed: bool = False) -> str:
    query = {"field": field, "annotators": ",".join(map(str, annotators))}
    return reverse("review-agreement-items", args=[project.id]) + "?" + urlencode(
        {**query, "disagreed": "1"} if disagreed else query)


@login_required
def agreement_page(request, project_id: int):
    """Every field's figures; the chosen field's pairs, heatmap, confusion matrix and figures against gold."""
    project = _project(request, project_id)
    chosen = AgreementChoice(request.GET)
    if not chosen.is_valid():
        return bad_request(request, chosen.errors)
    field = chosen.cleaned_data["field"] or "stance"
    report = agreement.project_agreement(project=project)
    names = {int(i): name for i, name in report["annotators"].items()}
    figures = report["fields"][field]
    people = sorted({a for pair in figures["pairs"] for a in pair["annotators"]})
    kappa = {tuple(p["annotators"]): p for p in figures["pairs"]}

    def pair(a: int, b: int) -> dict | None:
        return kappa.get((min(a, b), max(a, b)))

    shown = [names.get(a, str(a)) for a in people]
    values = [[None if a == b else (pair(a, b) or {}).get("cohen_kappa") for b in people] for a in people]
    links = [["" if a == b else _items_url(project, field, (a, b), True) for b in people] for a in people]
    chart = heatmap(shown, shown, values, links=links, title=f"Cohen's kappa per pair of annotators: "
                    f"{FIELD_NAMES[field]}") if len(people) >= 2 else ""
    labels = project.scheme
    group = field if field in ("stance", "certainty") else ""
    matrix = figures["confusion"]
    return render(request, "review/agreement.html", {
        "project": project, "field": field, "field_name": FIELD_NAMES[field], "figures": figures, "chart": chart,
        "summary": [(f, FIELD_NAMES[f], report["fields"][f]) for f in FIELDS],
        "pairs": [{**p, "names": [names.get(a, "?") for a in p["annotators"]],
                   "all_url": _items_url(project, field, p["annotators"]),
                   "disagreed_url": _items_url(project, field, p["annotators"], True)} for p in figures["pairs"]],
        "against_gold": [{**g, "name": names.get(g["annotator"], "?"),
                          "url": _items_url(project, field, (g["annotator"], GOLD), True)}
                         for g in figures["against_gold"]],
        "confusion": [(labels.name(group, v) if group else v, row)
                      for v, row in zip(matrix["labels"], matrix["matrix"], strict=True)],
        "confusion_labels": [labels.name(group, v) if group else v for v in matrix["labels"]],
        "field_url": reverse("review-agreement", args=[project.id]),
        "items_url": _items_url(project, field, (), True),
    })


@login_required
def agreement_csv(request, project_id: int):
    """The agreement figures as CSV: field, measure, annotators, value, items."""
    project = _project(request, project_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agreement-{project.slug}.csv"'
    csv.writer(response).writerows(agreement.agreement_csv_rows(agreement.project_agreement(project=project)))
    return response


class ItemsChoice(forms.Form):
    field = forms.ChoiceField(choices=[(f, f) for f in FIELDS])
    annotators = forms.RegexField(required=False, regex=r"^\d+(,\d+)*$")
    disagreed = forms.BooleanField(required=False)


@login_required
def agreement_items(request, project_id: int):
    """The items behind a figure: each sentence and every rater's value."""
    project = _project(request, project_id)
    chosen = ItemsChoice(request.GET)
    if not chosen.is_valid():
        return bad_request(request, chosen.errors)
    data = chosen.cleaned_data
    raters = tuple(int(a) for a in data["annotators"].split(",")) if data["annotators"] else ()
    items = agreement.items_behind(project=project, field=data["field"], annotators=raters,
                                   disagreed=data["disagreed"])
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    sentences = _sentences(project, [i["sentence"] for i in page.object_list])
    names = {**_names(int(r) for i in page.object_list for r in i["values"]), GOLD: "gold"}
    rows = [{**item, "text": sentences[item["sentence"]].text,
             "values": [(names.get(int(r), r), v) for r, v in item["values"].items()]} for item in page.object_list]
    return render(request, "review/agreement_items.html", {
        "project": project, "page": page, "rows": rows, "field_name": FIELD_NAMES[data["field"]],
        "raters": [names.get(r, str(r)) for r in raters] if raters else [], "disagreed": data["disagreed"],
        "query": urlencode({k: v for k, v in request.GET.items() if k != "page"})})


# ---- propositions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimInContext:
    """A claim inside its sentence: the sentence's text before it, the claim, and after it; and its source."""

    claim: Claim
    before: str
    span: str
    after: str


def in_context(claim: Claim) -> ClaimInContext:
    sentence = claim.sentence
    start, end = max(claim.start - sentence.start, 0), max(claim.end - sentence.start, 0)
    return ClaimInContext(claim, sentence.text[:start], sentence.text[start:end], sentence.text[end:])


def _ids(text: str) -> list[int]:
    parts = [p for p in text.replace(",", " ").split() if p]
    if not all(p.isdigit() for p in parts):
        raise ReviewRejected.invalid("give ids as numbers separated by commas or spaces", field="ids")
    return [int(p) for p in parts]


def _proposition_action(request, project: Project) -> None:
    """One editor action on the propositions page (the POST's ``action``), through the service."""
    post, action = request.POST, request.POST.get("action", "")
    number = int(post["proposition"]) if post.get("proposition", "").isdigit() else 0
    common = {"project": project, "editor": request.user}
    if action == "propose":
        run = propositions.request_proposals(project=project, user=request.user)
        messages.success(request, f"Proposing propositions (run {run.pk}).")
    elif action == "create":
        made = propositions.create_proposition(**common, text=post.get("text", ""),
                                               claim_ids=_ids(post.get("claims", "")))
        messages.success(request, f"Proposition {made.pk} made.")
    elif action in ("accept", "edit"):
        propositions.update_proposition(**common, proposition_id=number, text=post.get("text") or None,
                                        status=PropositionStatus.ACCEPTED if action == "accept" else None)
        messages.success(request, f"Proposition {number} {'accepted' if action == 'accept' else 'changed'}.")
    elif action == "merge":
        propositions.merge_propositions(**common, proposition_id=number, others=_ids(post.get("others", "")))
        messages.success(request, f"Merged into proposition {number}.")
    elif action == "split":
        made = propositions.split_proposition(**common, proposition_id=number, text=post.get("text", ""),
                                              claim_ids=[int(c) for c in post.getlist("claims") if c.isdigit()])
        messages.success(request, f"Split off as proposition {made.pk}.")
    else:
        raise ReviewRejected.invalid("unknown action", field="action")


@login_required
def propositions_page(request, project_id: int):
    """Propositions across sources: propose, accept, edit, merge, split, make one by hand."""
    project = _project(request, project_id)
    status = request.GET.get("status", "")
    if request.method == "POST":
        with Refusal(request=request, said="Nothing was changed: {}"):
            _proposition_action(request, project)
        return redirect(request.get_full_path())
    if status not in ("", *PropositionStatus.values):
        return bad_request(request, {"status": [f"must be one of {', '.join(PropositionStatus.values)}"]})
    found = propositions.propositions(project=project, status=status).order_by("status", "-id")
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(p, [in_context(c) for c in p.claims.all()]) for p in page.object_list]
    return render(request, "review/propositions.html", {
        "project": project, "page": page, "rows": rows, "status": status, "statuses": PropositionStatus.choices,
        "run": ProposalRun.objects.filter(project=project).order_by("-id").first(),
        "query": urlencode({"status": status} if status else {})})


# ---- conflicts, corroborations, outlets ----------------------------------------------------------


class ResolutionForm(forms.Form):
    proposition = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.CharField(widget=forms.HiddenInput)
    verdict = forms.ChoiceField(choices=Verdict.choices, widget=forms.RadioSelect)
    source = forms.TypedChoiceField(required=False, coerce=int, empty_value=None,
                                    help_text="The source that is right (with “One source is right”).")
    note = forms.CharField(required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 2}))


def _resolution_form(conflict, data=None) -> ResolutionForm:
    form = ResolutionForm(data, initial={"proposition": conflict.proposition.pk, "kind": conflict.kind},
                          prefix=f"p{conflict.proposition.pk}-{conflict.kind.replace(':', '-')}")
    sources = {c.sentence.source for _, side in conflict.sides for c in side}
    form.fields["source"].choices = [("", "—"), *((s.pk, f"{s.title or '(untitled)'} · {s.outlet or 'no outlet'}")
                                                  for s in sorted(sources, key=lambda s: s.pk))]
    return form


@login_required
def conflicts_page(request, project_id: int):
    """Accepted propositions whose sources contradict each other, side by side; what sources corroborate."""
    project = _project(request, project_id)
    found = conflicts.conflicts(project=project)
    refusal, posted = Refusal(), None
    if request.method == "POST":
        prefix = request.POST.get("form", "")
        conflict = next((c for c in found if _resolution_form(c).prefix == prefix), None)
        if conflict is not None:
            posted = _resolution_form(conflict, request.POST)
            refusal = Refusal(posted)
            if posted.is_valid():
                data = posted.cleaned_data
                with refusal:
                    conflicts.resolve_conflict(project=project, editor=request.user, proposition_id=data["proposition"],
                                               kind=data["kind"], verdict=data["verdict"], source_id=data["source"],
                                               note=data["note"])
                    messages.success(request, f"Verdict recorded for proposition {data['proposition']}.")
                    return redirect(request.get_full_path())
        else:
            refusal.problems.append("that conflict is no longer there; reload the page")
    page = Paginator(found, 20).get_page(request.GET.get("page"))
    rows = []
    for conflict in page.object_list:
        form = posted if posted is not None and posted.prefix == _resolution_form(conflict).prefix else \
            _resolution_form(conflict)
        rows.append({"conflict": conflict, "kind": KIND_NAMES.get(conflict.kind, conflict.kind), "form": form,
                     "sides": [(position, [in_context(c) for c in side]) for position, side in conflict.sides]})
    agreed = [(p, [in_context(c) for c in p.claims.all()]) for p in conflicts.corroborated(project=project)]
    return render(request, "review/conflicts.html", {
        "project": project, "page": page, "rows": rows, "agreed": agreed, "problems": refusal.problems,
    }, status=refusal.status)


@login_required
def outlets_page(request, project_id: int):
    """Per outlet: its claims in propositions and in conflicts, and how those conflicts were resolved."""
    project = _project(request, project_id)
    return render(request, "review/outlets.html", {"project": project,
                                                   "record": conflicts.outlet_record(project=project)})


# ---- the stance map -------------------------------------------------------------------------------


def _map_view(project: Project, outlet: str, key: str) -> dict:
    found = stance_map.stance_map(project=project, outlet=outlet)
    labels = project.scheme
    names = {n["id"]: n["name"] for n in found["nodes"]}
    seen: dict[tuple, int] = {}
    edges, rows = [], []
    for n, edge in enumerate(found["edges"]):
        pair = (edge["subject"], edge["target"])
        seen[pair] = seen.get(pair, -1) + 1
        stance = labels.name("stance", edge["stance"])
        said = f"{names[edge['subject']]} → {names[edge['target']]}: {stance} ({edge['weight']})"
        edges.append(Edge(edge["subject"], edge["target"], labels.color("stance", edge["stance"]) or "#5d6670",
                          edge["weight"], said, f"#{key}-edge-{n}", seen[pair]))
        rows.append({"anchor": f"{key}-edge-{n}", "subject": names[edge["subject"]], "target": names[edge["target"]],
                     "stance": stance, "colour": labels.color("stance", edge["stance"]), "weight": edge["weight"],
                     "sentences": edge["sentences"]})
    nodes = [Node(n["id"], n["name"]) for n in found["nodes"]]
    title = f"Stance map: {outlet or 'every outlet'}"
    return {"outlet": outlet, "rows": rows, "chart": network(nodes, edges, title=title, key=key) if edges else ""}


@login_required
def stance_map_page(request, project_id: int):
    """Who stands where according to whom: the whole project or one outlet, or two outlets side by side."""
    project = _project(request, project_id)
    outlets = stance_map.outlets(project=project)
    outlet, compare = request.GET.get("outlet", ""), request.GET.get("compare", "")
    unknown = [name for name in (outlet, compare) if name and name not in outlets]
    if unknown:
        return bad_request(request, {"outlet": [f"no outlet {unknown[0]!r} in this project"]})
    maps = [_map_view(project, outlet, "a")] + ([_map_view(project, compare, "b")] if compare else [])
    labels = project.scheme
    legend = [(labels.name("stance", v), labels.color("stance", v)) for v in project.scheme.values("stance")]
    return render(request, "review/stance_map.html", {
        "project": project, "maps": maps, "outlets": outlets, "outlet": outlet, "compare": compare, "legend": legend})
