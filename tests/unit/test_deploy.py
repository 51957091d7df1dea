"""deploy/ agrees with itself and with systemd: nginx sends to where the unit makes Rapport
listen, and the unit is one systemd accepts. (tests/e2e/test_behind_nginx.py runs the nginx
configuration itself.)"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNIT = (DEPLOY / "rapport.service").read_text(encoding="utf-8")


def test_nginx_sends_to_where_the_service_listens() -> None:
    [(host, port)] = re.findall(r"^Environment=HOST=(\S+) PORT=(\d+)$", UNIT, flags=re.MULTILINE)
    assert host == "127.0.0.1"  # nginx is the only way in
    site = (DEPLOY / "nginx" / "rapport.conf").read_text(encoding="utf-8")
    assert f"server {host}:{port};" in site


def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    # The unit as installed, but with this checkout's `rapport` (verify checks it exists).
    rapport = Path(sys.executable).parent / "rapport"
    unit = UNIT.replace("ExecStart=/opt/rapport/bin/rapport ", f"ExecStart={rapport} ")
    assert unit != UNIT
    (tmp_path / "rapport.service").write_text(unit)
    result = subprocess.run(
        [analyze, "verify", str(tmp_path / "rapport.service")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")
