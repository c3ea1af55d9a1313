#!/bin/bash
# Runs the Dask tests with Debian's /usr/bin/python3 (the python3 first on
# PATH may be another interpreter without python3-distributed).
set -u
SO="$(readlink -f "$1")"
CLI="$(readlink -f "$2")"
ROOT="$(dirname "$(readlink -f "$3")")"   # the source tree (via WORKSPACE)
export LOGHEALTH_LIBRARY="$SO" LOGHEALTH_CLI="$CLI" LOGHEALTH_ROOT="$ROOT"
export PYTHONPATH="$ROOT/python"
export PYTHONDONTWRITEBYTECODE=1
# Workers' scratch space and Dask's config stay inside the test's folder.
export TMPDIR="${TEST_TMPDIR:-$(mktemp -d)}"
export DASK_TEMPORARY_DIRECTORY="$TMPDIR" DASK_CONFIG="$TMPDIR/dask-config"
cd "$ROOT"
exec /usr/bin/python3 -W ignore::DeprecationWarning -m unittest -v tests/dask/dask_test.py
