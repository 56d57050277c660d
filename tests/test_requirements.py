"""The install is reproducible: requirements.txt pins every package, and covers all that requirements.in asks for."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][^\s;#]*)$")


def names(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN.match(re.sub(r"\[[^\]]*\]", "", line))
        assert match, f"{path.name}: not an exact pin: {line!r}"
        pins[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return pins


def test_every_installed_package_is_pinned_and_every_requested_one_is_locked():
    locked, requested = names(ROOT / "requirements.txt"), names(ROOT / "requirements.in")
    assert set(requested) <= set(locked)
    assert all(locked[name] == version for name, version in requested.items())
    # Indirect packages that an older pip leaves out (an extra of a dependency) are pinned by name.
    assert {"lxml-html-clean", "lxml", "kombu", "tokenizers"} <= set(locked)
    assert locked["torch"] == "2.13.0"  # no local label: the CPU wheel and PyPI's both match
