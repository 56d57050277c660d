"""REST API routes; everything below a project is scoped to it."""

from django.urls import path

from claims.api import views

LIST = {"get": "list"}
DETAIL = {"get": "retrieve"}

urlpatterns = [
    path("projects/", views.ProjectViewSet.as_view(LIST), name="api-projects"),
    path("projects/<int:pk>/", views.ProjectViewSet.as_view(DETAIL), name="api-project"),
    path("projects/<int:project_pk>/sources/", views.SourceViewSet.as_view(LIST), name="api-sources"),
    path("projects/<int:project_pk>/sources/<int:pk>/", views.SourceViewSet.as_view(DETAIL), name="api-source"),
    path("projects/<int:project_pk>/sentences/", views.SentenceViewSet.as_view(LIST), name="api-sentences"),
    path("projects/<int:project_pk>/sentences/<int:pk>/", views.SentenceViewSet.as_view(DETAIL), name="api-sentence"),
    path("projects/<int:project_pk>/actors/", views.ActorViewSet.as_view({"get": "list", "post": "create"}),
         name="api-actors"),
    path("projects/<int:project_pk>/actors/import/", views.ActorViewSet.as_view({"post": "import_file"}),
         name="api-actors-import"),
    path("projects/<int:project_pk>/actors/<int:pk>/",
         views.ActorViewSet.as_view({"get": "retrieve", "put": "update", "patch": "partial_update",
                                     "delete": "destroy"}), name="api-actor"),
    path("projects/<int:project_pk>/imports/", views.ImportJobViewSet.as_view({"get": "list", "post": "create"}),
         name="api-imports"),
    path("projects/<int:project_pk>/imports/<int:pk>/", views.ImportJobViewSet.as_view(DETAIL), name="api-import"),
]
