"""Cortex serves the project directory (the one holding cortex.yaml) at /mnt/project/ in the API
container. Where this host has no /mnt/project, Python's own file functions map it to the
project directory; a library that opens the path in C cannot be mapped, and fails with a hint."""

import builtins
import io
import os
import re

MOUNT = "/mnt/project"
_state = {"project": None}
_MENTION = re.compile(r"/mnt/project(?:/[^\s'\"]*)?")


def install(project_dir):
    """Maps /mnt/project/... to project_dir from now on; a host with a real /mnt/project keeps it."""
    if os.path.exists(MOUNT):
        return None
    first = _state["project"] is None
    _state["project"] = os.path.abspath(project_dir)
    if first:
        _patch()
    return _state["project"]


def mapped(path):
    """The path with /mnt/project replaced by the project directory; anything else unchanged."""
    project = _state["project"]
    if project is None or isinstance(path, int):
        return path
    try:
        text = os.fspath(path)
    except TypeError:
        return path
    mount, sep = (MOUNT.encode(), b"/") if isinstance(text, bytes) else (MOUNT, "/")
    if text == mount or text.startswith(mount + sep):
        root = os.fsencode(project) if isinstance(text, bytes) else project
        return root + text[len(mount) :]
    return path


def unmapped_hint(error):
    """A hint when user code failed on a /mnt/project path the mapping could not reach: the error
    names such a path and the project has that file. Else None (a user's own error stays theirs)."""
    if _state["project"] is None:
        return None
    named = [str(getattr(error, "filename", "") or ""), str(error)]
    paths = [m.group(0) for text in named for m in _MENTION.finditer(text)]
    if not any(os.path.exists(mapped(p)) for p in paths):
        return None
    return (
        "Cortex serves the project directory at %s/; mctl maps it to %s for Python's open(), os and "
        "pathlib calls, but this one opened the path itself: build the path from os.path.dirname(__file__) "
        "or open the file with open() and pass the file object" % (MOUNT, _state["project"])
    )


def _patch():
    def wrap(real, key):
        def call(*args, **kwargs):
            if args:
                args = (mapped(args[0]),) + args[1:]
            elif key in kwargs:
                kwargs[key] = mapped(kwargs[key])
            return real(*args, **kwargs)

        call.__name__ = getattr(real, "__name__", key)
        call.__doc__ = getattr(real, "__doc__", None)
        return call

    opener = wrap(builtins.open, "file")
    builtins.open = opener
    io.open = opener
    for name in ("open", "stat", "lstat", "listdir", "scandir", "access", "chdir"):
        setattr(os, name, wrap(getattr(os, name), "path"))
