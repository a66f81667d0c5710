"""The per-run environment marker (MCTL_RUN_<random>=1) that every process of a run inherits.

Killing by marker reaches what a process tree walk cannot: grandchildren that started a new
session and were orphaned when their parent exited. Linux (/proc); elsewhere it does nothing.
"""
import os
import signal


def new_marker():
    return "MCTL_RUN_" + os.urandom(8).hex()


def kill_marked(marker):
    """SIGKILL every process (but this one) whose environment carries the marker."""
    if not marker:
        return
    needle = marker.encode("ascii") + b"="
    try:
        entries = [int(e) for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return
    for pid in entries:
        if pid == os.getpid():
            continue
        try:
            with open("/proc/%d/environ" % pid, "rb") as f:
                environ = f.read()
        except OSError:
            continue
        if environ.startswith(needle) or b"\0" + needle in environ:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
