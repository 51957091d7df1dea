"""The rules of the house that a reader of docs/ARCHITECTURE.md relies on, checked on the code:
imports run one way (handlers → features → platform → storage), scheduling knows no feature, the
features' imports of one another form no cycle and use no private name, the product never
imports the Slack stand-in, and no module or function outgrows a reading."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FEATURES = (
    "projects",
    "status",
    "feedback",
    "risks",
    "changes",
    "polls",
    "responses",
    "digest",
    "report",
    "home",
    "export",
    "email",
    "meetings",
    "scheduling",
    "reviews",
    "plandoc",
    "incidents",
    "capture",
)
# Lower layers never import higher ones. The composition root (bot/app.py), the CLI and the
# stand-in sit above everything, since they wire it together or play Slack's part.
LAYERS = {"storage": 1, "platform": 2, "feature": 3, "handlers": 4, "top": 5}
MODULE_LINES = 320  # "about 300": a module read in one sitting
FUNCTION_LINES = 60


def _modules() -> Iterator[tuple[str, Path]]:
    for folder in ("bot", "handlers", "storage"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield ".".join(path.relative_to(ROOT).with_suffix("").parts), path


def _layer(module: str) -> tuple[str, str | None]:
    """(layer, feature) of a product module; ("", None) for anything else (a library)."""
    parts = module.split(".")
    if parts[0] in ("storage", "handlers"):
        return parts[0], None
    if parts[0] != "bot" or len(parts) == 1:
        return "", None
    if parts[1] == "platform":
        return "platform", None
    if parts[1] in FEATURES:
        return "feature", parts[1]
    return "top", None


def _imports(path: Path) -> Iterator[tuple[str, list[str]]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


MODULES = list(_modules())


def test_imports_run_one_way() -> None:
    upward = []
    for module, path in MODULES:
        layer, _feature = _layer(module)
        for target, _names in _imports(path):
            there, _ = _layer(target)
            if there and LAYERS[there] > LAYERS[layer]:
                upward.append(f"{module} imports {target}")
    assert upward == []


def test_features_use_one_anothers_public_names_without_cycles() -> None:
    uses: dict[str, set[str]] = {feature: set() for feature in FEATURES}
    private = []
    for module, path in MODULES:
        _layer_name, feature = _layer(module)
        if feature is None:
            continue
        for target, names in _imports(path):
            _there, other = _layer(target)
            if other is None or other == feature:
                continue
            uses[feature].add(other)
            private += [f"{module} imports {target}.{n}" for n in names if n.startswith("_")]
    assert private == []

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for other in uses[start] - seen:
            seen.add(other)
            if other == goal or reaches(other, goal, seen):
                return True
        return False

    assert [feature for feature in FEATURES if reaches(feature, feature, set())] == []


def test_scheduling_knows_when_not_what() -> None:
    """The runner takes each feature's scheduled work from bot/app.py (ScheduledWork)."""
    used = {
        _layer(target)[1]
        for module, path in MODULES
        if module.startswith("bot.scheduling.")
        for target, _names in _imports(path)
    }
    assert used - {None, "scheduling"} == set()


def test_the_product_never_imports_the_slack_stand_in() -> None:
    allowed = ("bot.sandbox.", "bot.cli.")  # the stand-in itself, and `demo`, which plays it
    importing = [
        f"{module} imports {target}"
        for module, path in MODULES
        if not module.startswith(allowed)
        for target, _names in _imports(path)
        if target == "bot.sandbox" or target.startswith("bot.sandbox.")
    ]
    assert importing == []


@pytest.mark.parametrize("module, path", MODULES, ids=[module for module, _ in MODULES])
def test_modules_and_functions_stay_readable(module: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MODULE_LINES
    long_functions = [
        f"{node.name} ({(node.end_lineno or node.lineno) - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and (node.end_lineno or node.lineno) - node.lineno + 1 > FUNCTION_LINES
    ]
    assert long_functions == []


def test_a_web_worker_starts_without_the_libraries_of_charts_and_pdfs() -> None:
    """matplotlib, numpy, fpdf2 and Pillow cost a worker tens of MB (bench/footprint.py); they
    are imported by the process that draws a chart or writes a PDF, when it does."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, bot.app; print(' '.join(sys.modules))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    heavy = {"matplotlib", "numpy", "fpdf", "PIL", "fontTools"}
    assert sorted(heavy.intersection(name.split(".")[0] for name in loaded)) == []
