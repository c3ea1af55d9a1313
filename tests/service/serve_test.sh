#!/bin/sh
# loghealth serve against a scripted HTTP server on 127.0.0.1 (see serve_test.py).
set -eu
exec python3 "$(dirname "$0")/serve_test.py" "$1" "$2"
