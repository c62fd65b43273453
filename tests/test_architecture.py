"""The import layers of pyproject.toml's [tool.importlinter] hold: `lint-imports` exits 0.

A module that imports against the direction (a domain importing a higher one, the shared core
importing a domain) fails this test with lint-imports' report naming the import and its line.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_imports_respect_the_layers():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
