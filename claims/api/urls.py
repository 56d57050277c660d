"""REST API routes; everything below a project is scoped to it."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from claims.api import projects, views

PROJECT = r"projects/(?P<project_pk>\d+)"

router = SimpleRouter()
router.register("projects", projects.ProjectViewSet, basename="api-project")
router.register(rf"{PROJECT}/sources", views.SourceViewSet, basename="api-source")
router.register(rf"{PROJECT}/sentences", views.SentenceViewSet, basename="api-sentence")
router.register(rf"{PROJECT}/actors", views.ActorViewSet, basename="api-actor")
router.register(rf"{PROJECT}/imports", views.ImportJobViewSet, basename="api-import")
router.register(rf"{PROJECT}/members", projects.MemberViewSet, basename="api-member")

urlpatterns = router.urls

urlpatterns += [
    path("projects/<int:project_pk>/stats/", projects.StatsView.as_view(), name="api-stats"),
    path("projects/<int:project_pk>/progress/", projects.ProgressView.as_view(), name="api-progress"),
]
