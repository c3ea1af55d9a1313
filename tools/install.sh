#!/bin/sh
# Installs what C users and shell users need under a prefix:
#
#   PREFIX/lib/libloghealth.so.X.Y.Z       the C ABI (SONAME libloghealth.so.X)
#   PREFIX/lib/libloghealth.so.X, .so      symlinks
#   PREFIX/include/loghealth.h             the C header
#   PREFIX/lib/pkgconfig/loghealth.pc      cc $(pkg-config --cflags --libs loghealth)
#   PREFIX/bin/loghealth                   the CLI
#
#   tools/install.sh PREFIX LIBRARY HEADER CLI
#
# (`make install PREFIX=...` builds the three files and calls this.)
set -eu
if [ $# -ne 4 ]; then
  echo "usage: tools/install.sh PREFIX LIBRARY HEADER CLI" >&2
  exit 2
fi
prefix="$1" library="$2" header="$3" cli="$4"
for f in "$library" "$header" "$cli"; do
  [ -f "$f" ] || { echo "install: $f is not there (build it first)" >&2; exit 1; }
done
# The version, from the header the library was built with.
version_of() { sed -n "s/^#define LH_VERSION_$1 \([0-9][0-9]*\).*/\1/p" "$header"; }
major="$(version_of MAJOR)" minor="$(version_of MINOR)" patch="$(version_of PATCH)"
[ -n "$major" ] && [ -n "$minor" ] && [ -n "$patch" ] ||
  { echo "install: no LH_VERSION_* in $header" >&2; exit 1; }
version="$major.$minor.$patch"

install -d "$prefix/lib/pkgconfig" "$prefix/include" "$prefix/bin"
install -m 0755 "$library" "$prefix/lib/libloghealth.so.$version"
ln -sf "libloghealth.so.$version" "$prefix/lib/libloghealth.so.$major"
ln -sf "libloghealth.so.$major" "$prefix/lib/libloghealth.so"
install -m 0644 "$header" "$prefix/include/loghealth.h"
install -m 0755 "$cli" "$prefix/bin/loghealth"
cat > "$prefix/lib/pkgconfig/loghealth.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: loghealth
Description: Panther-compatible log classification and System Health alerts (C ABI)
Version: $version
Libs: -L\${libdir} -lloghealth
Cflags: -I\${includedir}
PC
echo "installed loghealth $version under $prefix"
