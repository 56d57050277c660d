"""No web page answers 500: every route of the web UI, fed garbage query strings and forms as a manager."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from claims.annotation.saving import AnnotationInput, create_annotation
from claims.models import ImportJob, Source

pytestmark = pytest.mark.django_db

GARBAGE_QUERY = {
    "page": "abc", "sort": "sideways", "q": "%_\\", "search": "\u202e", "annotator": "1.5", "source": "x",
    "sentence": "-1", "outlet": "z" * 3000, "mode": "correct", "import_job": "[]", "kind": "poem",
}
GARBAGE_FORMS = [
    {},
    {"title": "t" * 5000, "published": "2024-99-99", "url": "javascript:alert(1)", "kind": "poem", "at": "x"},
    {"name": "", "aliases": "a" * 300, "kind": "king", "parent": "me", "role": "king", "user": "x"},
    {"overlap": "-5", "label_scheme": "{", "stance-TOTAL_FORMS": "x", "queue_order": "3", "username": "\u202e"},
]


@pytest.fixture
def kwargs(annotation_corpus, manager):
    corpus = annotation_corpus
    sentence = corpus.sentences[0]
    annotation = create_annotation(project=corpus.project, annotator=manager, sentence_id=sentence.id,
                                   data=AnnotationInput())
    job = ImportJob.objects.create(project=corpus.project, created_by=manager)
    return {"project_id": corpus.project.id, "source_id": Source.objects.filter(project=corpus.project).first().id,
            "sentence_id": sentence.id, "actor_id": next(iter(corpus.actors.values())).id,
            "annotation_id": annotation.id, "user_id": manager.id, "job_id": job.id, "decision": "merge"}


def routes() -> list[str]:
    names = [p.name for p in get_resolver("claims.web.urls").url_patterns if isinstance(p, URLPattern)]
    return [name for name in names if name not in ("logout",)]


@pytest.mark.parametrize("name", routes())
def test_garbage_never_answers_500(name, kwargs, manager, client):
    client.force_login(manager)
    pattern = next(p for p in get_resolver("claims.web.urls").url_patterns if getattr(p, "name", None) == name)
    url = reverse(name, kwargs={key: kwargs[key] for key in pattern.pattern.converters})
    responses = [client.get(url, GARBAGE_QUERY)]
    responses += [client.post(url, form) for form in GARBAGE_FORMS]
    responses.append(client.post(url, "x=\x00", content_type="application/x-www-form-urlencoded"))
    for response in responses:
        assert response.status_code < 500, (url, response.status_code)
