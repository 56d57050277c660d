"""The import graph of claims/ keeps its layers: doors (web, API, commands, tasks) over capabilities over the core.

The contracts live in pyproject.toml ([tool.importlinter]); import-linter reads the imports without running
them. A failure prints the chain of imports that runs back up.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_import_contract_is_kept():
    lint_imports = Path(sys.prefix) / "bin" / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_an_arrow_back_up_is_caught(tmp_path):
    # The check itself can fail: a core module importing a door breaks the layers contract.
    config = (ROOT / "pyproject.toml").read_text()
    package = tmp_path / "claims"
    for source in (ROOT / "claims").rglob("*.py"):
        target = package / source.relative_to(ROOT / "claims")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.read_text())
    (package / "db.py").write_text((package / "db.py").read_text() + "\nimport claims.web.views  # noqa\n")
    (tmp_path / "pyproject.toml").write_text(config)
    lint_imports = Path(sys.prefix) / "bin" / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 1, result.stdout[-2000:]
    assert "claims.db -> claims.web.views" in result.stdout
