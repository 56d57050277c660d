"""The README's table of keys is the form's: every key, with the words the help overlay shows."""

from pathlib import Path

from claims.scheme import FORM_KEYS

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_lists_every_key_of_the_form():
    text = README.read_text(encoding="utf-8")
    missing = [key for _, key, help_text in FORM_KEYS if f"| `{key}` | {help_text} |" not in text]
    assert missing == []


def test_the_readme_production_workers_consume_every_queue_a_task_is_routed_to(settings):
    import re
    import shlex

    from annotate.celery import app
    from claims.jobs import job_models

    text = README.read_text(encoding="utf-8")
    production = text.split("## Running in production", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    consumed = set()
    for line in production.splitlines():
        words = shlex.split(line, comments=True)
        if words[:4] != ["celery", "-A", "annotate", "worker"]:
            continue
        queues = next((words[i + 1] for i, word in enumerate(words) if word in ("-Q", "--queues")), None)
        consumed |= set(queues.split(",")) if queues else {app.conf.task_default_queue}
    # Where jobs are sent: the default queue, a job model's own, the suggest queue, and any route.
    routed = {app.conf.task_default_queue, settings.SUGGEST_QUEUE}
    routed |= {model.default_queue for model in job_models() if model.default_queue}
    routes = app.conf.task_routes or {}
    routed |= {route["queue"] for route in (routes.values() if isinstance(routes, dict) else []) if "queue" in route}
    assert consumed and routed <= consumed, f"no production worker consumes {sorted(routed - consumed)}"
    assert re.search(r"-Q default,suggest", text)  # the one-worker alternative is spelled out too
