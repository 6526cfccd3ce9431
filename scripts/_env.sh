# Shared by scripts/run and scripts/test: a project virtual environment in .venv (PEP 668
# systems refuse `pip install` into the system Python), created on first use, with the locked
# dependency set ($1: requirements.lock or requirements-test.lock; every version and hash pinned).
# Every step says what it does; pip prints a line per package (no --quiet).
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
VENV="${VENV:-.venv}"
PYTHON_WANTED="3.11"
step() { echo "==> $*" >&2; }
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
  step "Creating the virtual environment $VENV with $("$BASE_PYTHON" --version) (a few seconds)"
  if ! "$BASE_PYTHON" -m venv "$VENV" 2>/dev/null; then
    step "python -m venv failed; installing Debian's python3-venv with apt-get (about a minute)"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
    rm -rf "$VENV"
    "$BASE_PYTHON" -m venv "$VENV"
  fi
  FIRST_INSTALL=1
fi
PY="$VENV/bin/python"
if [ "${FIRST_INSTALL:-0}" = 1 ]; then
  step "Installing the $(grep -c '^[A-Za-z0-9]' "$1") locked packages of $1 into $VENV (pip --require-hashes)." \
       "First time: several minutes (README, 'The two commands'); one line per package follows."
else
  step "Checking the locked packages of $1 in $VENV (pip --require-hashes; a few seconds when nothing changed)"
fi
# A machine-wide pip configuration may name local package folders that do not exist here; pip
# then warns once per package ("... is ignored"): those lines are dropped, everything else shown.
"$PY" -m pip install --disable-pip-version-check --progress-bar off --require-hashes -r "$1" 2>&1 |
  { grep -v -e 'is ignored: it is neither a file nor a directory' || true; } >&2
step "Packages ready ($("$PY" -m pip --version | cut -d' ' -f1-2), Python $("$PY" -c 'import platform; print(platform.python_version())'))"
