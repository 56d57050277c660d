"""The source page: segments with offsets, paragraphs, actor highlights, escaping and its query count."""

import re

import pytest
from django.urls import reverse

from claims.actors.rematch import rematch_mentions
from claims.actors.service import save_actor

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'

ARTICLE = (
    "Talks stall in Moscow\n\n"
    "By Jane Roe, Example News\n\n"
    "Russia said on Monday it had invited the Taliban. The Kremlin did not invite Washington.\n\n"
    "Background\n\n"
    "Observers doubt Russia is neutral.\n\n"
    "This article was produced with support from a foundation; the content is the sole responsibility of the authors."
)


def source_url(project, source) -> str:
    return reverse("source-detail", args=[project.id, source.id])


@pytest.fixture
def actors(project):
    return {
        "russia": save_actor(project=project, name="Russia", kind="state", aliases=["the Kremlin", "Moscow"]),
        "taliban": save_actor(project=project, name="Taliban", kind="armed_group"),
    }


def sentence_spans(html: str) -> list[dict]:
    spans = re.findall(
        r'<span class="sentence kind-(\w+)" data-sentence-id="(\d+)" data-start="(\d+)" '
        r'data-end="(\d+)"',
        html,
    )
    return [{"kind": k, "id": int(i), "start": int(s), "end": int(e)} for k, i, s, e in spans]


def test_every_sentence_is_an_element_with_its_offsets(login, manager, project, actors, add_source):
    source = add_source(ARTICLE, title="Talks stall in Moscow")
    html = login(manager).get(source_url(project, source)).content.decode()
    spans = sentence_spans(html)
    sentences = list(source.sentences.order_by("index"))
    assert [(s["id"], s["start"], s["end"], s["kind"]) for s in spans] == [
        (s.id, s.start, s.end, s.kind) for s in sentences
    ]
    kinds = {s["kind"] for s in spans}
    assert {"title", "byline", "heading", "body"} <= kinds
    # Body sentences are numbered 1, 2, 3...; the others carry their kind instead.
    assert re.findall(r'<span class="sentence-number" aria-label="Sentence (\d+)">', html) == ["1", "2", "3"]
    assert '<span class="kind-tag">Byline</span>' in html


def test_paragraph_breaks_follow_the_source_text(login, manager, project, actors, add_source):
    source = add_source(ARTICLE, title="Talks stall in Moscow")
    response = login(manager).get(source_url(project, source))
    paragraphs = response.context["paragraphs"]
    texts = [[item.sentence.text for item in paragraph] for paragraph in paragraphs]
    # The two body sentences of one paragraph stay together; each line break starts a new paragraph.
    assert ["Russia said on Monday it had invited the Taliban.", "The Kremlin did not invite Washington."] in texts
    assert len(paragraphs) == len(source.text.split("\n\n"))
    assert response.content.decode().count('<p class="para">') == len(paragraphs)


def test_actor_mentions_are_marked_with_kind_and_name(login, manager, project, actors, add_source):
    source = add_source(ARTICLE, title="Talks stall in Moscow")
    russia, taliban = actors["russia"], actors["taliban"]
    html = login(manager).get(source_url(project, source)).content.decode()
    assert (
        f'<mark class="actor actor-state" title="Russia (State)" data-actor-id="{russia.id}">The Kremlin</mark>' in html
    )
    assert (
        f'<mark class="actor actor-armed_group" title="Taliban (Armed group)" data-actor-id="{taliban.id}">'
        "Taliban</mark>"
    ) in html
    marks = re.findall(rf'title="Russia \(State\)" data-actor-id="{russia.id}">([^<]*)</mark>', html)
    assert marks == ["Moscow", "Russia", "The Kremlin", "Russia"]


def test_side_list_counts_this_sources_mentions(login, manager, project, actors, add_source):
    source = add_source(ARTICLE, title="Talks stall in Moscow")
    add_source("Another story\n\nRussia and Russia and Russia again, said Moscow.\n", title="Another story")
    response = login(manager).get(source_url(project, source))
    counts = {actor.name: actor.mention_count for actor in response.context["actors"]}
    # The title "Talks stall in Moscow" mentions Russia too.
    assert counts == {"Russia": 4, "Taliban": 1}


def test_article_text_and_actor_names_are_escaped(login, manager, project, add_source):
    # Long enough (over 320 characters) that the importer keeps the line rather than taking its
    # several ">" for a breadcrumb trail.
    body = (
        f"Officials quoted {SCRIPT} in a statement about Evil {SCRIPT} Corp and the talks. "
        f"A second sentence names {IMG} as the source of the leak, which the ministry denied. "
        + "Diplomats said the talks would resume next week after consultations with all the parties involved. "
        * 3
    )
    source = add_source(f"Headline about the talks\n\n{body}\n", title=f"Headline {SCRIPT}")
    save_actor(project=project, name=f"Evil {SCRIPT} Corp", kind="organisation", aliases=[f"{IMG}"])
    rematch_mentions(project=project)
    assert source.sentences.filter(mentions__isnull=False).exists()

    html = login(manager).get(source_url(project, source)).content.decode()
    assert "<script>" not in html.replace('<script src="', "")
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    # In the mark's title attribute as well as in its text and the side list.
    assert 'title="Evil &lt;script&gt;alert(1)&lt;/script&gt; Corp (Organisation)"' in html
    assert re.search(
        r'<mark class="actor actor-organisation" title="[^"]*" data-actor-id="\d+">'
        r"&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;</mark>",
        html,
    )
    assert "Headline &lt;script&gt;" in html


def test_query_count_does_not_grow_with_sentences(
    login, manager, project, actors, add_source, django_assert_max_num_queries
):
    short = add_source("Short story\n\nRussia spoke. The Taliban answered.\n", title="Short story")
    long_text = "Long story\n\n" + "\n\n".join(
        f"Russia said thing number {n} to the Taliban. The Kremlin repeated it {n} times." for n in range(150)
    )
    long = add_source(long_text, title="Long story")
    assert long.sentences.count() > 200
    client = login(manager)
    # Session, user, project, source, sentences, mentions with actors, actor counts, the user's role
    # (editors get the correction tools), the correction history, previous/next.
    for source in (short, long):
        with django_assert_max_num_queries(10):
            assert client.get(source_url(project, source)).status_code == 200


def test_previous_and_next_follow_the_list_the_reader_came_from(login, annotator, project, add_source):
    zulu = add_source("Zulu story\n\nVeloria spoke about the dam.\n", title="Zulu story", outlet="Wire")
    alpha = add_source("Alpha story\n\nKastran spoke.\n", title="Alpha story", outlet="Ledger")
    mike = add_source("Mike story\n\nThe dam held.\n", title="Mike story", outlet="Wire")
    client = login(annotator)
    html = client.get(source_url(project, alpha)).content.decode()  # default order: as added
    assert f'href="{source_url(project, zulu)}" rel="prev"' in html
    assert f'href="{source_url(project, mike)}" rel="next"' in html
    html = client.get(source_url(project, alpha) + "?sort=title").content.decode()
    assert 'rel="prev"' not in html and "‹ Previous source" in html
    assert f'href="{source_url(project, mike)}?sort=title" rel="next"' in html
    html = client.get(source_url(project, zulu) + "?search=dam&sort=-title").content.decode()
    assert f'href="{source_url(project, mike)}?search=dam&amp;sort=-title" rel="next"' in html
    back = reverse("project-sources", args=[project.id]) + "?search=dam&amp;sort=-title"
    assert f'href="{back}">Back to the list' in html
