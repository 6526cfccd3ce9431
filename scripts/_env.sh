# Shared by scripts/run and scripts/test: a project virtual environment in .venv (PEP 668
# systems refuse `pip install` into the system Python), created on first use, with the locked
# dependency set ($1: requirements.lock or requirements-test.lock; every version and hash pinned).
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
VENV="${VENV:-.venv}"
PYTHON_WANTED="3.11"
find_python() {
  for candidate in "python$PYTHON_WANTED" python3; do
    if command -v "$candidate" >/dev/null &&
       [ "$("$candidate" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" = "$PYTHON_WANTED" ]; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}
if [ ! -x "$VENV/bin/python" ]; then
  if ! BASE_PYTHON=$(find_python); then
    echo "This project needs Python $PYTHON_WANTED (the locked packages were resolved for it);" \
         "found: $(python3 --version 2>&1 || echo none). Install Python $PYTHON_WANTED and retry." >&2
    exit 1
  fi
  echo "Creating the virtual environment $VENV with $("$BASE_PYTHON" --version)" >&2
  if ! "$BASE_PYTHON" -m venv "$VENV" 2>/dev/null; then
    echo "python -m venv failed; installing Debian's python3-venv" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
    rm -rf "$VENV"
    "$BASE_PYTHON" -m venv "$VENV"
  fi
fi
PY="$VENV/bin/python"
echo "Installing the locked packages of $1 into $VENV (pip --require-hashes)" >&2
"$PY" -m pip install --quiet --disable-pip-version-check --require-hashes -r "$1"
