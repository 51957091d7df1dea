"""`pip install .` must give a working `rapport`: every file the code reads at run time (the
language catalogues, Alembic's templates) is package data, not only in the checkout."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

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
