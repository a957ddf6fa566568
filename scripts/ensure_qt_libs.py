"""Make sure Qt can start offscreen; on Debian, install the system libraries it needs if not.

Run by `make` after pip: PySide6 wheels bundle Qt but rely on a few system libraries (EGL,
OpenGL, xkbcommon, fontconfig, D-Bus) that minimal images may lack.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

PROBE = (
    "from PySide6.QtWidgets import QApplication;"
    "import sys; app = QApplication(['probe']); sys.exit(0)"
)
DEBIAN_PACKAGES = [
    "libegl1", "libgl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3", "libglib2.0-0",
]


def qt_starts() -> tuple[bool, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True)
    return done.returncode == 0, done.stderr


def main() -> int:
    ok, error = qt_starts()
    if ok:
        return 0
    print(f"Qt could not start:\n{error}", file=sys.stderr)
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        print("Install these system packages and retry: " + " ".join(DEBIAN_PACKAGES),
              file=sys.stderr)
        return 1
    subprocess.run(["apt-get", "update"], check=True)
    subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *DEBIAN_PACKAGES],
                   check=True)
    ok, error = qt_starts()
    if not ok:
        print(f"Qt still cannot start:\n{error}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
