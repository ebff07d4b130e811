#!/usr/bin/env bash
# Install everything the project needs on a fresh Debian machine with Python 3.11:
# system packages (CJK fonts for the sample generator; redis-server and
# PostgreSQL, which the intake-service tests start as real servers), then a
# virtual environment in .venv with the package and its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(fonts-wqy-microhei fonts-wqy-zenhei fonts-arphic-ukai fonts-arphic-uming redis-server postgresql)

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"

missing=()
# Debian's own python3 needs python3-venv for `python3 -m venv`.
"$PYTHON" -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv)
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing system packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
# rapidocr-onnxruntime pulls in the GUI build of OpenCV, which needs libGL on a
# server; the headless build (same cv2 API) must be the one on the path.
if .venv/bin/python -m pip show -q opencv-python >/dev/null 2>&1; then
  .venv/bin/python -m pip uninstall -q -y opencv-python
  .venv/bin/python -m pip install -q --force-reinstall --no-deps opencv-python-headless
fi
echo "setup: ready (.venv)" >&2
