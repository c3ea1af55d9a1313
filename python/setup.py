"""Build steps pyproject.toml cannot express: the wheel carries
libloghealth.so inside the loghealth package, and is platform-specific.

The library is copied at build time from $LOGHEALTH_LIBRARY, or else from
the source checkout's ../bazel-bin/capi/libloghealth.so (after
`bazel build //capi:libloghealth.so`). The build folders (build/,
loghealth.egg-info) go to a temporary folder, removed at the end, so that
building leaves the source tree as it was (and never puts a library into
the source package, where it would shadow bazel-bin's).
"""
import atexit
import os
import shutil
import tempfile

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py as _build_py

try:  # setuptools >= 70.1 has its own
    from setuptools.command.bdist_wheel import bdist_wheel as _bdist_wheel
except ImportError:
    from wheel.bdist_wheel import bdist_wheel as _bdist_wheel

HERE = os.path.dirname(os.path.abspath(__file__))
LIBRARY = "libloghealth.so"


def _library():
    """The libloghealth.so to put in the package."""
    env = os.environ.get("LOGHEALTH_LIBRARY")
    if env:
        if not os.path.isfile(env):
            raise SystemExit(f"error: LOGHEALTH_LIBRARY={env}: no such file (it must name "
                             f"the libloghealth.so to put in the package)")
        return env
    checkout = os.path.normpath(os.path.join(HERE, "..", "bazel-bin", "capi", LIBRARY))
    if os.path.isfile(checkout):
        return checkout
    raise SystemExit(
        f"error: no libloghealth.so to put in the package: LOGHEALTH_LIBRARY is not set and "
        f"{checkout} does not exist. Run `bazel build //capi:libloghealth.so` in the source "
        f"checkout, or set LOGHEALTH_LIBRARY to the library's path.")


class build_py(_build_py):
    """Also copies the library into the built package."""

    def run(self):
        super().run()
        source = _library()
        target = os.path.join(self.build_lib, "loghealth", LIBRARY)
        self.announce(f"copying {source} -> {target}", level=2)
        if not self.dry_run:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if os.path.lexists(target):
                os.remove(target)  # a read-only copy of an earlier build
            shutil.copyfile(source, target)  # the contents; bazel-bin's are read-only
            os.chmod(target, 0o755)

    def get_outputs(self, include_bytecode=1):
        return super().get_outputs(include_bytecode) + [
            os.path.join(self.build_lib, "loghealth", LIBRARY)]


class BinaryDistribution(Distribution):
    """Holds a shared library: installed into platlib, in a wheel that is
    not pure."""

    def has_ext_modules(self):
        return True


class bdist_wheel(_bdist_wheel):
    """A wheel for this platform only (it holds a shared library), for any
    Python 3 (ctypes needs no particular Python ABI): py3-none-<platform>."""

    def get_tag(self):
        _, _, platform = super().get_tag()
        return "py3", "none", platform


_SCRATCH = tempfile.mkdtemp(prefix="loghealth-setup-")
atexit.register(shutil.rmtree, _SCRATCH, True)

setup(distclass=BinaryDistribution,
      cmdclass={"build_py": build_py, "bdist_wheel": bdist_wheel},
      options={"build": {"build_base": os.path.join(_SCRATCH, "build")},
               "egg_info": {"egg_base": _SCRATCH}})
