"""The README's table of keys is the form's: every key, with the words the help overlay shows."""

from pathlib import Path

from claims.scheme import FORM_KEYS

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_lists_every_key_of_the_form():
    text = README.read_text(encoding="utf-8")
    missing = [key for _, key, help_text in FORM_KEYS if f"| `{key}` | {help_text} |" not in text]
    assert missing == []
