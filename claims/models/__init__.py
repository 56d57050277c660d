"""The domain model, one module per concern; names re-exported here."""

from claims.models.annotation import Adjudication, Annotation, AnnotationRevision, Claim, Proposition
from claims.models.corpus import Actor, ActorMention, ActorStatus, Sentence, Source
from claims.models.curation import SourceCorrection
from claims.models.jobs import ActorMatchJob, ExportJob, ImportJob, JobStatus, QueueRerankJob
from claims.models.project import Membership, Project, ProjectChange, Role, User
from claims.models.queue import QueueCursor, QueueItem, Skip
from claims.models.review import AdjudicationRevision, ConflictResolution, GoldWithdrawal, ProposalRun, Verdict
from claims.models.suggest import ModelVersion, Suggestion, SuggestionRun, TrainingRun

__all__ = [
    "Actor",
    "ActorMatchJob",
    "ActorMention",
    "ActorStatus",
    "Adjudication",
    "AdjudicationRevision",
    "Annotation",
    "AnnotationRevision",
    "Claim",
    "ConflictResolution",
    "ExportJob",
    "ImportJob",
    "JobStatus",
    "Membership",
    "GoldWithdrawal",
    "ModelVersion",
    "Project",
    "ProposalRun",
    "ProjectChange",
    "Proposition",
    "QueueCursor",
    "QueueItem",
    "QueueRerankJob",
    "Role",
    "Sentence",
    "Skip",
    "Source",
    "SourceCorrection",
    "Suggestion",
    "SuggestionRun",
    "TrainingRun",
    "User",
    "Verdict",
]
