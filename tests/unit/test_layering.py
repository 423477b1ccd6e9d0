"""House rules import-linter cannot express: only tandem.gui touches QtWidgets, only tandem.sip pjsua2."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"

RULES = {
    # module prefix -> the only app/ folder allowed to import it
    "PySide6.QtWidgets": "gui",
    "pjsua2": "sip",
}


def _imports(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _violations() -> list[str]:
    problems = []
    for path in sorted(APP.rglob("*.py")):
        folder = path.relative_to(APP).parts[0] if len(path.relative_to(APP).parts) > 1 else ""
        for name in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for forbidden, owner in RULES.items():
                if (name == forbidden or name.startswith(forbidden + ".")) and folder != owner:
                    problems.append(f"{path.relative_to(APP.parent)} imports {name}")
    return problems


def test_only_the_owning_package_imports_qtwidgets_and_pjsua2() -> None:
    assert _violations() == []


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    tree = ast.parse("from PySide6 import QtWidgets\nimport pjsua2 as pj\n")
    assert {"PySide6.QtWidgets", "pjsua2"} <= _imports(tree)
