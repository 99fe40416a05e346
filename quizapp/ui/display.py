"""Before Qt starts: is there a display, and are the libraries of Qt's X11 plugin installed?

Without a display Qt prints its plugin messages and aborts the process (SIGABRT, a core dump); with a
display but a missing xcb library it aborts too, naming the wrong library. Checked here first, the
student gets one sentence and exit code 2 instead.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Mapping

NO_DISPLAY = "no graphical display found; start it from a desktop session or under xvfb-run"

# What Qt's xcb platform plugin (libqxcb.so and libQt6XcbQpa.so.6 in the PySide6 wheel) links beyond Qt
# itself, from `ldd` on both, with the Debian 12 package that ships each library.
XCB_LIBRARIES: Mapping[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}
# Platforms that need no display server (tests, screenshots, remote sessions): nothing to check.
HEADLESS = {"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"}


def missing_packages(libraries: Mapping[str, str] = XCB_LIBRARIES) -> list[str]:
    """The Debian packages whose library the dynamic loader cannot find, as Qt would look for it.

    dlopen rather than `ldconfig -p`: it also finds libraries on LD_LIBRARY_PATH and those a bundle
    carries, and Qt loads them all moments later anyway.
    """
    missing: list[str] = []
    for soname, package in libraries.items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            if package not in missing:
                missing.append(package)
    return missing


def _x_server_answers(display: str) -> bool:
    """True if an X server accepts a connection on `display` (what Qt's xcb plugin does first)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # cannot tell; the missing library is reported instead
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    screen = ctypes.c_int(0)
    connection = xcb.xcb_connect(display.encode(), ctypes.byref(screen))
    try:
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)


def problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why the GUI cannot start here, as the lines to print; None if it can (or this is not Linux/BSD)."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    wanted = [p.strip().split(":")[0] for p in env.get("QT_QPA_PLATFORM", "").split(";") if p.strip()]
    if any(p in HEADLESS or p == "wayland" for p in wanted):
        return None  # headless by choice, or Wayland (which Qt connects to itself)
    if not wanted and env.get("WAYLAND_DISPLAY"):
        return None  # a Wayland session: Qt picks its Wayland plugin
    display = env.get("DISPLAY", "")
    missing = missing_packages()
    lines: list[str] = []
    if not display or (not missing and not _x_server_answers(display)):
        lines.append(NO_DISPLAY if not display else f"{NO_DISPLAY} (nothing answers on DISPLAY={display})")
    if missing:
        lines.append("the window also needs these Debian packages: sudo apt-get install " + " ".join(missing)
                     if lines else "Qt's X11 plugin needs libraries that are not installed: "
                     "sudo apt-get install " + " ".join(missing))
    return "\n".join(lines) or None
