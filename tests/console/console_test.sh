#!/bin/sh
# The console in headless Chromium (see console_test.py). Debian's python3:
# its prometheus_client parses /metrics.
set -eu
exec /usr/bin/python3 "$(dirname "$0")/console_test.py" "$@"
