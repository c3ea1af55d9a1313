#!/bin/bash
# `make install` as a C user meets it: tools/install.sh into a fresh prefix,
# then a C program built with plain cc and pkg-config (no Bazel) against the
# installed tree, run against the installed library.
#
#   install_test.sh INSTALL_SH LIBRARY HEADER CLI
set -eu
INSTALL_SH="$1" LIBRARY="$2" HEADER="$3" CLI="$4"
WORK="${TEST_TMPDIR:-$(mktemp -d)}/install"
rm -rf "$WORK"
mkdir -p "$WORK"
PREFIX="$WORK/prefix"
fail() { echo "FAIL: $*"; exit 1; }

sh "$INSTALL_SH" "$PREFIX" "$LIBRARY" "$HEADER" "$CLI" || fail "install.sh exited $?"
version="$(sed -n 's/^#define LH_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\).*/\2/p' "$HEADER" | paste -sd.)"
[ "$version" = "0.3.0" ] || fail "the header says version '$version', this test expects 0.3.0"

# The files, the symlinks, the SONAME.
for f in lib/libloghealth.so.0.3.0 include/loghealth.h lib/pkgconfig/loghealth.pc bin/loghealth; do
  [ -f "$PREFIX/$f" ] || fail "$f not installed"
done
[ "$(readlink "$PREFIX/lib/libloghealth.so.0")" = "libloghealth.so.0.3.0" ] || fail "so.0 link"
[ "$(readlink "$PREFIX/lib/libloghealth.so")" = "libloghealth.so.0" ] || fail "so link"
soname="$(readelf -d "$PREFIX/lib/libloghealth.so.0.3.0" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')"
[ "$soname" = "libloghealth.so.0" ] || fail "SONAME is '$soname'"
# Only the C ABI is exported.
others="$(nm -D --defined-only "$PREFIX/lib/libloghealth.so.0.3.0" | awk '{print $3}' | grep -v '^lh_' || true)"
[ -z "$others" ] || fail "exports other than lh_*: $(echo "$others" | head -3)"

export PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig"
[ "$(pkg-config --modversion loghealth)" = "0.3.0" ] || fail "pkg-config --modversion"

cat > "$WORK/hello.c" <<'C'
#include <loghealth.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  static const char schema[] =
      "version: 0\nschema: Custom.Hello\nfields:\n"
      "  - {name: n, type: int, required: true}\n";
  const char *schemas[] = {schema};
  const size_t lengths[] = {sizeof(schema) - 1};
  lh_classifier *classifier = NULL;
  lh_stream *stream = NULL;
  lh_result r;
  char *error = NULL;
  const char *lines[] = {"{\"n\": \"12\"}", "{\"n\": \"twelve\"}", "   "};
  int i;
  if (lh_version_number() != LH_VERSION_NUMBER) {
    printf("header %d, library %u\n", LH_VERSION_NUMBER, lh_version_number());
    return 1;
  }
  if (lh_classifier_create(schemas, lengths, 1, NULL, &classifier, &error) != LH_OK ||
      lh_stream_create(classifier, &stream, &error) != LH_OK) {
    printf("error: %s\n", error ? error : "?");
    lh_free(error);
    return 1;
  }
  printf("version %s\n", lh_version());
  for (i = 0; i < 3; ++i) {
    if (lh_classify(stream, lines[i], strlen(lines[i]), &r) != LH_OK) return 1;
    printf("%s %.*s %s\n", r.kind == LH_EVENT ? "event" : r.kind == LH_FAILURE ? "failure" : "skipped",
           (int)r.log_type_len, r.log_type, r.kind == LH_FAILURE ? r.reason : "-");
  }
  lh_stream_free(stream);
  lh_classifier_free(classifier);
  return 0;
}
C
# shellcheck disable=SC2046
cc -std=c99 -Wall -Werror -o "$WORK/hello" "$WORK/hello.c" $(pkg-config --cflags --libs loghealth) ||
  fail "cc against the installed tree"
ldd "$WORK/hello" | grep -q "libloghealth.so.0 => $PREFIX/lib/libloghealth.so.0" 2>/dev/null ||
  LD_LIBRARY_PATH="$PREFIX/lib" ldd "$WORK/hello" | grep -q "libloghealth.so.0 => $PREFIX/lib/libloghealth.so.0" ||
  fail "hello does not load the installed libloghealth.so.0: $(LD_LIBRARY_PATH="$PREFIX/lib" ldd "$WORK/hello" | grep loghealth)"
out="$(LD_LIBRARY_PATH="$PREFIX/lib" "$WORK/hello")" || fail "hello exited $?: $out"
expected="version 0.3.0
event Custom.Hello -
failure Custom.Hello type_mismatch
skipped  -"
[ "$out" = "$expected" ] || fail "hello printed:
$out
expected:
$expected"

cli_version="$("$PREFIX/bin/loghealth" --version)"
[ "$cli_version" = "loghealth 0.3.0" ] || fail "installed CLI says '$cli_version'"
echo "OK: installed $version; a C program built with pkg-config ran against it"
