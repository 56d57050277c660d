"""Admin registrations: a back office for managers and operators."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from claims import models
from claims.actors.rematch import request_rematch


@admin.register(models.User)
class ClaimsUserAdmin(UserAdmin):
    """Users, as Django's own user admin."""


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(models.Project)
class ProjectAdmin(admin.ModelAdmin):
    """Projects with their members inline."""

    list_display = ["name", "slug", "overlap", "blind", "created_at"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(models.Source)
class SourceAdmin(admin.ModelAdmin):
    """Sources; the text is read-only because offsets point into it."""

    list_display = ["title", "outlet", "author", "published", "project"]
    list_filter = ["project", "outlet"]
    search_fields = ["title", "outlet", "author", "url"]
    readonly_fields = ["text", "content_hash", "import_job", "original_name"]


@admin.register(models.Sentence)
class SentenceAdmin(admin.ModelAdmin):
    """Sentences, read-only: they are made by the importer."""

    list_display = ["text", "kind", "index", "source"]
    list_filter = ["kind", "project"]
    list_select_related = ["source"]
    readonly_fields = ["project", "source", "index", "start", "end", "text", "kind"]


@admin.register(models.Actor)
class ActorAdmin(admin.ModelAdmin):
    """Actors and their aliases."""

    list_display = ["name", "kind", "parent", "project"]
    list_filter = ["project", "kind"]
    search_fields = ["name", "aliases"]

    # Mentions depend on every actor's aliases: a re-match job after any change made here.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        request_rematch(project=obj.project, user=request.user)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        request_rematch(project=obj.project, user=request.user)

    def delete_queryset(self, request, queryset):
        projects = {actor.project for actor in queryset}
        super().delete_queryset(request, queryset)
        for project in projects:
            request_rematch(project=project, user=request.user)


@admin.register(models.ImportJob, models.ExportJob, models.ActorMatchJob)
class JobAdmin(admin.ModelAdmin):
    """Job rows, for operators to see what ran and what failed."""

    list_display = ["id", "project", "status", "progress", "attempts", "message", "created_by", "created_at",
                    "finished_at"]
    list_filter = ["status", "project"]


admin.site.register([models.Proposition, models.Annotation, models.AnnotationRevision, models.Adjudication,
                     models.Claim, models.Suggestion, models.ModelVersion, models.ActorMention])
