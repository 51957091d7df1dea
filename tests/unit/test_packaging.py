"""`pip install .` must give a working `rapport`: every file the code reads at run time (the
language catalogues, Alembic's templates) is package data, not only in the checkout; and the
hashed locks that installs come from (requirements/, made by scripts/lock) match pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
BUILT = (".mo", ".pyc")  # compiled at run time or by Python: never shipped


def test_every_file_beside_the_code_is_package_data() -> None:
    package_data: dict[str, list[str]] = PYPROJECT["tool"]["setuptools"]["package-data"]
    left_out = []
    for package in ("bot", "handlers", "storage"):
        for path in sorted((ROOT / package).rglob("*")):
            if path.is_dir() or path.suffix == ".py" or path.suffix in BUILT:
                continue
            if "__pycache__" in path.parts:
                continue
            inside = path.relative_to(ROOT / package).as_posix()
            if not any(fnmatch(inside, glob) for glob in package_data.get(package, [])):
                left_out.append(f"{package}/{inside}")
    assert left_out == []


def _pins(lock: str) -> dict[str, Version]:
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    found = re.findall(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)", text, flags=re.MULTILINE)
    return {canonicalize_name(name): Version(version) for name, version in found}


@pytest.mark.parametrize(
    ("lock", "sets"), [("runtime.lock", ("dependencies",)), ("dev.lock", ("dependencies", "dev"))]
)
def test_the_locks_pin_what_pyproject_asks_for(lock: str, sets: tuple[str, ...]) -> None:
    """A dependency added or narrowed in pyproject.toml without `scripts/lock` fails here, not
    in a fresh install (which installs the lock, then Rapport without its dependencies)."""
    project = PYPROJECT["project"]
    wanted = [Requirement(line) for line in project["dependencies"]]
    if "dev" in sets:
        wanted += [Requirement(line) for line in project["optional-dependencies"]["dev"]]
    pins = _pins(lock)
    unmet = []
    for requirement in wanted:
        pinned = pins.get(canonicalize_name(requirement.name))
        if pinned is None or pinned not in requirement.specifier:
            unmet.append(f"{requirement} (locked: {pinned})")
    assert unmet == [], "run scripts/lock"


def test_runtime_and_dev_locks_agree() -> None:
    runtime, dev = _pins("runtime.lock"), _pins("dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime
