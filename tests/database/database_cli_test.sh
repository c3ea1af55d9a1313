#!/bin/sh
# loghealth classify/replay --db and loghealth failures (database_cli_test.py).
set -eu
ROOT="$(dirname "$(readlink -f "$2")")"   # the source tree (via WORKSPACE)
exec python3 "$(dirname "$0")/database_cli_test.py" "$1" "$ROOT"
