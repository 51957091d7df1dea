# Sourced by scripts/test, scripts/demo and scripts/lock: makes .venv with Rapport and its dev tools
# installed from requirements/dev.lock (every version pinned, every file's hash checked), and
# Rapport itself editable; reinstalls only when the lock or pyproject.toml changed since the last
# install. scripts/lock updates the lock.
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Rapport needs Python 3.11 or newer; '$PYTHON' is $("$PYTHON" --version 2>&1). Set PYTHON=/path/to/python3.11." >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=".venv/.rapport-installed"
want="$(cat requirements/dev.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --require-hashes -r requirements/dev.lock
  # The build backend is in the lock, so nothing unpinned is fetched to install Rapport itself.
  .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
  echo "$want" > "$stamp"
fi
