"""Serializers: translate models to JSON and request bodies to service arguments; no logic."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import Actor, ActorMatchJob, ActorMention, ImportJob, Project, Sentence, Source
from claims.models.corpus import ActorKind


class ProjectSerializer(serializers.ModelSerializer):
    """A project the user belongs to, with the caller's role in it."""

    role = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = ["id", "name", "slug", "guidelines", "label_scheme", "overlap", "blind", "created_at",
                  "queue_order", "queue_seed", "reservation_minutes", "suggestion_threshold", "role"]

    def get_role(self, project: Project) -> str | None:
        # The list annotates the role in its one query; a single project looks it up.
        if hasattr(project, "role"):
            return project.role
        return project.role_of(self.context["request"].user)


class SourceSerializer(serializers.ModelSerializer):
    """An article's metadata (the list view leaves its text out)."""

    sentence_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Source
        fields = ["id", "title", "outlet", "author", "url", "published", "language", "content_hash", "meta",
                  "original_name", "import_job", "sentence_count", "created_at"]


class SourceDetailSerializer(SourceSerializer):
    """An article with its full text."""

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text"]


class MentionSerializer(serializers.ModelSerializer):
    """An actor named in a sentence, with offsets into the source text."""

    actor_name = serializers.CharField(source="actor.name", read_only=True)

    class Meta:
        model = ActorMention
        fields = ["actor", "actor_name", "start", "end"]


class SentenceSerializer(serializers.ModelSerializer):
    """A segment with exact offsets: source.text[start:end] == text."""

    mentions = MentionSerializer(many=True, read_only=True)

    class Meta:
        model = Sentence
        fields = ["id", "source", "index", "start", "end", "text", "kind", "mentions"]


class ActorSerializer(serializers.ModelSerializer):
    """An actor with its aliases and the actor it speaks for."""

    kind = serializers.ChoiceField(choices=ActorKind.choices, default=ActorKind.OTHER)
    aliases = serializers.ListField(child=serializers.CharField(max_length=200), required=False, default=list)

    status = serializers.CharField(read_only=True, help_text="confirmed, proposed (by an annotator), merged or "
                                                             "rejected")
    # Null until an annotator proposes the actor or an editor decides on it.
    merged_into = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    proposed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Actor
        fields = ["id", "name", "kind", "aliases", "parent", "status", "proposed_by", "proposed_at", "decided_by",
                  "decided_at", "merged_into", "repointed_claims"]
        read_only_fields = ["proposed_at", "decided_at", "repointed_claims"]

    def __init__(self, *args, project: Project | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this project's actors can be a parent.
        if project is not None:
            self.fields["parent"].queryset = Actor.objects.filter(project=project)


class ImportJobSerializer(serializers.ModelSerializer):
    """An import's state: poll it until status is succeeded or failed."""

    files = serializers.SerializerMethodField()
    # What the user should know now: "worker lost, retrying (attempt 2 of 3)", or empty.
    message = serializers.CharField(source="status_message", read_only=True)

    class Meta:
        model = ImportJob
        fields = ["id", "project", "status", "progress", "counts", "errors", "files", "created_at", "started_at",
                  "finished_at", "message", "attempts"]

    def get_files(self, job: ImportJob) -> list[str]:
        return [f["name"] for f in job.files]


class ImportUploadSerializer(serializers.Serializer):
    """Multipart upload: one or more files in the field 'files' (or 'file')."""

    files = serializers.ListField(child=serializers.FileField(), required=False)
    file = serializers.FileField(required=False)


class ActorFileSerializer(serializers.Serializer):
    """Multipart upload of an actor list (.json or .csv)."""

    file = serializers.FileField()


class ActorMatchJobSerializer(serializers.ModelSerializer):
    """A re-match of the project's actor mentions: poll it until status is succeeded or failed."""

    message = serializers.CharField(source="status_message", read_only=True)

    class Meta:
        model = ActorMatchJob
        fields = ["id", "project", "status", "progress", "counts", "errors", "created_at", "started_at",
                  "finished_at", "message", "attempts"]


class ActorChangeSerializer(ActorSerializer):
    """An actor as just created or changed, with the job that matches the project's mentions again."""

    match_job = serializers.SerializerMethodField()

    class Meta(ActorSerializer.Meta):
        fields = [*ActorSerializer.Meta.fields, "match_job"]

    @extend_schema_field(ActorMatchJobSerializer)
    def get_match_job(self, actor: Actor) -> dict | None:
        job = ActorMatchJob.objects.latest_for(actor.project)
        return ActorMatchJobSerializer(job).data if job else None


class ActorMergeSerializer(serializers.Serializer):
    into = serializers.IntegerField(help_text="the actor the proposal is merged into")


class ActorImportResultSerializer(serializers.Serializer):
    """What an actor list upload changed; mentions are matched again by match_job."""

    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    match_job = ActorMatchJobSerializer()
