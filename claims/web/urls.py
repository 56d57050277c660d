"""Web UI routes: login, projects, sources, imports and actors."""

from django.contrib.auth import views as auth_views
from django.urls import path

from claims.web import accounts, annotate, annotations, curation, dashboard, suggest, team, views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    # Django 5's LogoutView accepts POST only: the header's logout button is a form.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.project_list, name="project-list"),
    path("projects/<int:project_id>/", views.project_sources, name="project-sources"),
    path("projects/<int:project_id>/sources/<int:source_id>/", views.source_detail, name="source-detail"),
    path("projects/<int:project_id>/import/", views.source_import, name="source-import"),
    path("projects/<int:project_id>/imports/<int:job_id>/", views.import_job, name="import-job"),
    path("projects/<int:project_id>/actors/", views.project_actors, name="project-actors"),
    path("projects/<int:project_id>/actors/upload/", views.actors_upload, name="actors-upload"),
    path("projects/<int:project_id>/actors/<int:actor_id>/", views.actor_edit, name="actor-edit"),
    path("projects/<int:project_id>/actors/<int:actor_id>/delete/", views.actor_delete, name="actor-delete"),
    path("projects/<int:project_id>/actors/<int:actor_id>/<str:decision>/", views.actor_decide, name="actor-decide"),
    # Editors' corrections, posted from the source page.
    path("projects/<int:project_id>/sources/<int:source_id>/metadata/", curation.source_metadata,
         name="source-metadata"),
    path("projects/<int:project_id>/sources/<int:source_id>/reparse/", curation.source_reparse, name="source-reparse"),
    path("projects/<int:project_id>/sentences/<int:sentence_id>/kind/", curation.sentence_kind, name="sentence-kind"),
    path("projects/<int:project_id>/sentences/<int:sentence_id>/split/", curation.sentence_split,
         name="sentence-split"),
    path("projects/<int:project_id>/sentences/<int:sentence_id>/merge/", curation.sentence_merge,
         name="sentence-merge"),
    path("account/", accounts.profile, name="account"),
    path("account/token/", accounts.token_regenerate, name="account-token"),
    path("account/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("account/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("projects/new/", team.project_create, name="project-create"),
    path("projects/<int:project_id>/settings/", team.project_settings, name="project-settings"),
    path("projects/<int:project_id>/team/", team.project_members, name="project-members"),
    path("projects/<int:project_id>/team/<int:user_id>/role/", team.member_role, name="member-role"),
    path("projects/<int:project_id>/team/<int:user_id>/remove/", team.member_remove, name="member-remove"),
    path("projects/<int:project_id>/annotate/", annotate.annotate, name="annotate"),
    path("projects/<int:project_id>/annotations/<int:annotation_id>/", annotate.annotation_edit,
         name="annotation-edit"),
    path("projects/<int:project_id>/my-work/", annotate.my_work, name="my-work"),
    path("projects/<int:project_id>/dashboard/", dashboard.project_dashboard, name="project-dashboard"),
    path("projects/<int:project_id>/annotations/", annotations.annotation_list, name="project-annotations"),
    path("projects/<int:project_id>/annotations/<int:annotation_id>/history/", annotations.annotation_detail,
         name="annotation-detail"),
    path("projects/<int:project_id>/models/", suggest.model_page, name="model-page"),
    path("projects/<int:project_id>/models/train/", suggest.train, name="model-train"),
    path("projects/<int:project_id>/suggestions/run/", suggest.suggest, name="suggestions-run"),
]
