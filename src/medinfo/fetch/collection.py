"""Labels put into a collection atomically: checked in a hidden temporary file, then moved.

A download is written beside its destination under a hidden name (the scanner skips
dot-names, so a half-written file is never read), read back as an SPL label whose set
id must be the one asked for, and only then moved into place with os.replace. The
version it replaces moves to ``.previous/SETID/VERSION.xml`` first (medinfo.labelstore),
so ``medinfo diff`` can show what changed. Whatever fails, the collection is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from typing import NamedTuple

from medinfo.errors import USAGE, MedinfoError, ParseError
from medinfo.fetch.client import Unreachable
from medinfo.labelstore import label_path, previous_dir


class Label:
    """What medinfo knows of a label in the collection: names, labeler, version, set id."""

    __slots__ = ("labeler", "name", "path", "set_id", "version")

    def __init__(self, set_id: str, name: str, labeler: str, version: str, path: str) -> None:
        self.set_id = set_id
        self.name = name
        self.labeler = labeler
        self.version = version
        self.path = path

    @property
    def shown(self) -> str:
        """Return the label as people name it: `warfarin (Teva)`."""
        return f"{self.name} ({self.labeler})" if self.labeler else self.name


class Installed(NamedTuple):
    """The label put in place, the version it replaced, and whether it was already there."""

    label: Label
    replaced: Label | None
    unchanged: bool


def described(data: bytes, path: str = "") -> Label:
    """Return what a label's XML says of itself; raise ParseError when it is no usable label."""
    from medinfo.readers.spl import parse_spl

    monograph = parse_spl(data, path)
    meta = monograph.metadata
    generics = meta.get("generic_names")
    name = monograph.name
    if isinstance(generics, list) and generics and isinstance(generics[0], str):
        name = generics[0].lower() if generics[0].isupper() else generics[0]
    return Label(
        str(meta.get("set_id", "")).lower(),
        name,
        str(meta.get("labeler", "")),
        str(meta.get("version", "")),
        path,
    )


def installed(root: str, set_id: str) -> Label | None:
    """Return the label of set_id in the collection, None when absent or unreadable."""
    path = label_path(root, set_id)
    try:
        with open(path, "rb") as handle:
            return described(handle.read(), path)
    except (OSError, ParseError):
        return None


def collection(root: str) -> list[Label]:
    """Return the fetched labels of a collection (SETID.xml files), by file name."""
    from medinfo.labelstore import is_set_id

    try:
        names = sorted(os.listdir(root))
    except FileNotFoundError:
        return []
    labels = []
    for name in names:
        if name.endswith(".xml") and is_set_id(name[:-4]):
            label = installed(root, name[:-4])
            if label is not None:
                labels.append(label)
    return labels


def install(root: str, set_id: str, data: bytes) -> Installed:
    """Check a downloaded label and put it in place; say what it replaced.

    Raises Unreachable (exit 3) when the download is no usable label of set_id; the
    collection is then unchanged.
    """
    try:
        label = described(data)
    except ParseError as exc:
        raise Unreachable(f"DailyMed sent no usable label for set id {set_id}: {exc}") from None
    if label.set_id != set_id.lower():
        raise Unreachable(
            f"DailyMed sent the label of set id {label.set_id or '(none)'} when asked for {set_id}"
        )
    destination = label_path(root, set_id)
    os.makedirs(root, exist_ok=True)
    _sweep(root)
    old = installed(root, set_id)
    temporary = _written(root, set_id, data)
    try:
        if old is not None and _same(destination, data):
            label.path = destination
            return Installed(label, None, True)
        kept = _keep_previous(root, set_id, destination, old)
        try:
            os.replace(temporary, destination)
        except BaseException:  # Ctrl-C too: the label must not stay moved away
            if kept is not None:  # put the old version back where it was
                os.replace(kept, destination)
            raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    label.path = destination
    return Installed(label, old, False)


# A temporary file older than this was left by a process that was killed (SIGKILL, a
# power cut) while writing it: no download of a running fetch lasts an hour (--timeout).
STALE_SECONDS = 3600


def _sweep(root: str) -> None:
    """Remove the temporary files killed fetches left in root; never a fresh one."""
    import time

    now = time.time()
    with contextlib.suppress(OSError), os.scandir(root) as entries:
        for entry in entries:
            if not (entry.name.startswith(".") and entry.name.endswith(".part")):
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and (
                    now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS
                ):
                    os.unlink(entry.path)


def _written(root: str, set_id: str, data: bytes) -> str:
    """Write data to a hidden temporary file in root; return its path."""
    # A collection that cannot be written (read-only, full) is named: not the hidden
    # temporary file, nor (for a full disk) the answer medinfo prints, as the boundary would.
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=root, prefix=f".{set_id.lower()}.", suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 is for the temporary only
    except BaseException as exc:  # Ctrl-C too: no temporary file stays behind
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        if not isinstance(exc, OSError):
            raise
        raise MedinfoError(
            f"cannot write to the label collection {root}: {exc.strerror or exc}",
            USAGE,
            "--into DIR writes the labels elsewhere",
        ) from None
    return temporary


def _umask() -> int:
    """Return the process's umask (reading it means setting it, so it is set back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _same(path: str, data: bytes) -> bool:
    """Tell whether the file at path holds exactly data."""
    try:
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def _keep_previous(root: str, set_id: str, destination: str, old: Label | None) -> str | None:
    """Move the current version to .previous/SETID/VERSION.xml; return where, None if none."""
    if not os.path.exists(destination):
        return None
    version = old.version if old is not None and old.version.isdigit() else "0"
    folder = previous_dir(root, set_id)
    os.makedirs(folder, exist_ok=True)
    kept = os.path.join(folder, f"{int(version)}.xml")
    os.replace(destination, kept)
    return kept
