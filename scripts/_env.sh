# Shared by scripts/run and scripts/test: a project virtual environment in .venv (PEP 668
# systems refuse `pip install` into the system Python), created on first use.
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
VENV="${VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  if ! python3 -m venv "$VENV" 2>/dev/null; then
    echo "python3 -m venv failed; installing Debian's python3-venv" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
    rm -rf "$VENV"
    python3 -m venv "$VENV"
  fi
fi
PY="$VENV/bin/python"
"$PY" -m pip install --quiet --disable-pip-version-check -r "$1"
