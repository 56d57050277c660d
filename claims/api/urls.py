"""REST API routes; everything below a project is scoped to it."""

from rest_framework.routers import SimpleRouter

from claims.api import views

PROJECT = r"projects/(?P<project_pk>\d+)"

router = SimpleRouter()
router.register("projects", views.ProjectViewSet, basename="api-project")
router.register(rf"{PROJECT}/sources", views.SourceViewSet, basename="api-source")
router.register(rf"{PROJECT}/sentences", views.SentenceViewSet, basename="api-sentence")
router.register(rf"{PROJECT}/actors", views.ActorViewSet, basename="api-actor")
router.register(rf"{PROJECT}/imports", views.ImportJobViewSet, basename="api-import")
router.register(rf"{PROJECT}/actor-jobs", views.ActorMatchJobViewSet, basename="api-actor-job")

urlpatterns = router.urls
