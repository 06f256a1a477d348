"""briefgen's cache: work that depends only on files that rarely change (a font cut
to a brief's characters, what reportlab and fontTools read from a font face, a
parsed hyphenation dictionary, a chart's fallback picture and its workbook), kept
between builds in `$BRIEFGEN_CACHE` or `~/.cache/briefgen`.

Entries are named by a hash of everything that goes into them, so a stale entry
is never read; any cache problem (a read-only home, a full disk) only means
the work is done again.
"""

from __future__ import annotations

import hashlib
import os


def folder(name: str) -> str | None:
    """The cache's sub-folder `name`, made if need be; None if it cannot be used."""
    base = os.environ.get("BRIEFGEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "briefgen")
    path = os.path.join(base, name)
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


def key(*parts) -> str:
    """A hash of bytes and strings, for an entry's name."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def read(name: str, entry: str) -> bytes | None:
    where = folder(name)
    if where is None:
        return None
    try:
        with open(os.path.join(where, entry), "rb") as fh:
            return fh.read()
    except OSError:
        return None


def write(name: str, entry: str, data: bytes) -> None:
    """Store an entry atomically (a reader never sees half of one)."""
    where = folder(name)
    if where is None:
        return
    path = os.path.join(where, entry)
    temp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(temp, "wb") as fh:
            fh.write(data)
        os.replace(temp, path)
    except OSError:
        try:
            os.unlink(temp)
        except OSError:
            pass


def remembered(name: str, entry: str, make) -> bytes:
    """The entry's bytes, made by `make()` and stored the first time."""
    data = read(name, entry)
    if data is None:
        data = make()
        write(name, entry, data)
    return data


def remembered_value(name: str, entry: str, make, dumps, loads):
    """A value made by `make()`, stored as `dumps(value)` the first time and read
    back with `loads`. An entry `loads` cannot read (damaged, or from another
    version) is made again; a value `dumps` cannot store is only not kept."""
    stored = read(name, entry)
    if stored is not None:
        try:
            return loads(stored)
        except Exception:  # any damage: make it again
            pass
    value = make()
    try:
        data = dumps(value)
    except Exception:  # e.g. marshal or pickle meeting a type it cannot write
        return value
    write(name, entry, data)
    return value
