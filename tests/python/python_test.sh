#!/bin/bash
# Runs the Python package's tests (tests/python/test_*.py) against the freshly
# built libloghealth.so.
set -u
SO="$(readlink -f "$1")"
ROOT="$(dirname "$(readlink -f "$2")")"   # the source tree (via WORKSPACE)
export LOGHEALTH_LIBRARY="$SO"
export PYTHONPATH="$ROOT/python"
export PYTHONDONTWRITEBYTECODE=1
cd "$ROOT"
exec python3 -m unittest discover -s tests/python -p 'test_*.py' -v
