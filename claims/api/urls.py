"""REST API routes; everything below a project is scoped to it."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from claims.api import annotation, exports, projects, review, suggestions, views

PROJECT = r"projects/(?P<project_pk>\d+)"

router = SimpleRouter()
router.register("projects", projects.ProjectViewSet, basename="api-project")
router.register(rf"{PROJECT}/sources", views.SourceViewSet, basename="api-source")
router.register(rf"{PROJECT}/sentences", views.SentenceViewSet, basename="api-sentence")
router.register(rf"{PROJECT}/actors", views.ActorViewSet, basename="api-actor")
router.register(rf"{PROJECT}/imports", views.ImportJobViewSet, basename="api-import")
router.register(rf"{PROJECT}/exports", exports.ExportJobViewSet, basename="api-export")
router.register(rf"{PROJECT}/actor-jobs", views.ActorMatchJobViewSet, basename="api-actor-job")
router.register(rf"{PROJECT}/annotations", annotation.AnnotationViewSet, basename="api-annotation")
router.register(rf"{PROJECT}/disagreements", review.DisagreementViewSet, basename="api-disagreement")
router.register(rf"{PROJECT}/adjudications", review.AdjudicationViewSet, basename="api-adjudication")
router.register(rf"{PROJECT}/propositions/runs", review.ProposalRunViewSet, basename="api-proposal-run")
router.register(rf"{PROJECT}/propositions", review.PropositionViewSet, basename="api-proposition")
router.register(rf"{PROJECT}/conflicts", review.ConflictViewSet, basename="api-conflict")
router.register(rf"{PROJECT}/members", projects.MemberViewSet, basename="api-member")
router.register(rf"{PROJECT}/suggestions/runs", suggestions.SuggestionRunViewSet, basename="api-suggestion-run")
router.register(rf"{PROJECT}/suggestions/score", suggestions.ScoreViewSet, basename="api-suggestion-score")
router.register(rf"{PROJECT}/suggestions", suggestions.SuggestionViewSet, basename="api-suggestion")
router.register(rf"{PROJECT}/models/runs", suggestions.TrainingRunViewSet, basename="api-training-run")
router.register(rf"{PROJECT}/models", suggestions.ModelVersionViewSet, basename="api-model")

urlpatterns = router.urls + [
    re_path(rf"^{PROJECT}/next/$", annotation.NextView.as_view(), name="api-next"),
    re_path(rf"^{PROJECT}/skip/$", annotation.SkipView.as_view(), name="api-skip"),
    path("projects/<int:project_pk>/stats/", projects.StatsView.as_view(), name="api-stats"),
    path("projects/<int:project_pk>/agreement/", review.AgreementView.as_view(), name="api-agreement"),
    path("projects/<int:project_pk>/agreement/items/", review.AgreementItemsView.as_view(), name="api-agreement-items"),
    path("projects/<int:project_pk>/outlets/", review.OutletRecordView.as_view(), name="api-outlets"),
    path("projects/<int:project_pk>/stance-map/", review.StanceMapView.as_view(), name="api-stance-map"),
    path("projects/<int:project_pk>/progress/", projects.ProgressView.as_view(), name="api-progress"),
]
