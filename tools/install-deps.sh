#!/bin/sh
# Installs the Debian 12 packages loghealth builds and tests with.
# Idempotent: does nothing (not even `apt-get update`) when all are present.
set -eu

PACKAGES="
  make
  bazel-bootstrap bazel-rules-java bazel-platforms
  g++ clang libclang-rt-14-dev
  libabsl-dev libre2-dev libsimdjson-dev libyaml-cpp-dev
  libprotobuf-dev protobuf-compiler
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-distributed python3-dask
  libcurl4-openssl-dev libssl-dev libsqlite3-dev sqlite3 libcpp-httplib-dev
  chromium python3-prometheus-client python3-venv python3-pip
  python3-setuptools python3-wheel pkg-config
"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $p"
done

if [ -z "$missing" ]; then
  exit 0
fi
echo "installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
  echo "error: run as root (or install these packages first):$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
