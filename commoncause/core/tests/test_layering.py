"""The apps stand in layers (pyproject.toml, `[tool.importlinter]`): a lower app never imports a higher one.

Checked by import-linter, which reads every import (at module level or inside a function) of every
module, so an upward import cannot hide in a function body.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter over the project at `root` (its own pyproject.toml and `commoncause`)."""
    environment = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def project_copy(tmp_path: Path) -> Path:
    """The project's package and its layering contract, copied where a test may change them."""
    root = tmp_path / "project"
    shutil.copytree(
        REPO / "commoncause",
        root / "commoncause",
        ignore=shutil.ignore_patterns("__pycache__", "static", "templates", "*.json", "*.csv"),
    )
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def test_no_app_imports_an_app_above_it():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("planted_in", "imports", "broken"),
    [
        # Directly, at the top of a module.
        ("register/planted.py", "from commoncause.funding import models\n", "commoncause.funding"),
        # Inside a function, where a hurried change would hide it.
        (
            "core/planted.py",
            "def helper():\n    from commoncause.register.models import Organisation\n",
            "commoncause.register",
        ),
        # Between two apps side by side.
        ("members/planted.py", "import commoncause.sources.base\n", "commoncause.sources"),
    ],
)
def test_a_planted_upward_import_breaks_the_layering(tmp_path, planted_in, imports, broken):
    root = project_copy(tmp_path)
    (root / "commoncause" / planted_in).write_text(imports)
    result = lint_imports(root)
    assert result.returncode != 0
    planted = "commoncause." + planted_in.removesuffix(".py").replace("/", ".")
    assert f"{planted} -> {broken}" in result.stdout


def test_a_test_may_use_a_higher_apps_helpers(tmp_path):
    root = project_copy(tmp_path)
    (root / "commoncause" / "register" / "tests" / "test_planted.py").write_text(
        "from commoncause.funding.models import Grant\n"
    )
    assert lint_imports(root).returncode == 0
