"""The code keeps its shape (docs/architecture.md): every write (`do_*`) lives in an actions
module or package. (The import-layer contract is checked by `make test` itself: `lint-imports`.)"""

from __future__ import annotations

import ast
from pathlib import Path

import layakanak

PACKAGE = Path(layakanak.__file__).parent


def _in_actions(path: Path) -> bool:
    parts = path.relative_to(PACKAGE).parts
    return path.name == "actions.py" or "actions" in parts[:-1]


def test_every_do_function_lives_in_an_actions_module() -> None:
    outside = []
    found = 0
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
                "do_"
            ):
                found += 1
                if not _in_actions(path):
                    outside.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}")
    assert found > 70  # the scan really sees the actions
    assert outside == []
