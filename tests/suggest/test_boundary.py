"""The process boundary: what web requests import loads no numerical code; the worker side does.

Every annotation save calls claims.suggest.runs, so a numpy or torch import there (even through
another module) would load into every web process. Checked in a fresh interpreter, since this test
run itself has long imported everything.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
HEAVY = ("numpy", "torch", "transformers")

# Imports each module in turn and reports the first that brought in a numerical package, then
# imports the worker side to show the probe would see one. A DATABASE_URL that is never connected
# to keeps settings from starting the embedded server: importing needs no database.
PROBE = """
import importlib, json, pkgutil, sys
import django
django.setup()
import claims.api, claims.web
modules = ["claims.suggest.runs", "claims.annotation.saving", "claims.ingest.service", "annotate.urls"]
modules += [f"{package.__name__}.{m.name}" for package in (claims.web, claims.api)
            for m in pkgutil.iter_modules(package.__path__)]
heavy = sys.argv[1:]
first = None
for name in modules:
    importlib.import_module(name)
    loaded = [h for h in heavy if h in sys.modules]
    if loaded and first is None:
        first = {"module": name, "loaded": loaded}
importlib.import_module("claims.suggest.worker")
print(json.dumps({"modules": modules, "first": first, "worker": [h for h in heavy if h in sys.modules]}))
"""


def probe() -> dict:
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "annotate.settings", "SECRET_KEY": "boundary-probe",
                        "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/never-connected", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", PROBE, *HEAVY], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_request_side_imports_no_numerical_code_and_the_worker_side_does():
    found = probe()
    assert "claims.web.annotate" in found["modules"] and "claims.api.suggestions" in found["modules"]
    assert found["first"] is None, f"{found['first']['module']} imports {found['first']['loaded']}"
    # The probe sees a numerical import when there is one: the worker side loads numpy (torch only when it runs).
    assert "numpy" in found["worker"]


def test_product_code_never_imports_test_code():
    """The labelled fixture's loader (tests/suggest/fixture.py) serves tests and benches only."""
    def imports_tests(path: Path) -> bool:
        return any(line.lstrip().startswith(("from tests", "import tests")) for line in path.read_text().splitlines())

    importers = [str(path.relative_to(ROOT)) for path in (ROOT / "claims").rglob("*.py") if imports_tests(path)]
    assert importers == []
    assert not (ROOT / "claims" / "suggest" / "fixture.py").exists()
