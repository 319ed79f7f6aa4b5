"""Where fetched labels live: one XML file per set id, and their previous versions.

A label collection is a folder: ``SETID.xml`` for the current version of each label,
and ``.previous/SETID/VERSION.xml`` for the versions it replaced (hidden, so the scanner
never lists an old version beside the current one). ``medinfo fetch`` and ``medinfo
update`` write it; ``medinfo diff`` reads the previous versions back. No network here.
"""

from __future__ import annotations

import os
import re

PREVIOUS = ".previous"
# A set id is a UUID; nothing else may become a file name.
_SET_ID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def data_dir() -> str:
    """Return the fetched-label collection: MEDINFO_DATA_DIR, else the user data directory."""
    from medinfo.userdirs import user_dir

    return user_dir("data")


def default_dirs(bundled: str) -> list[str]:
    """Return the default lookup path: the fetched labels, when there are any, then bundled."""
    # Fetched first: the user asked for these labels, so they are found before a
    # bundled monograph of the same drug (a later directory's are hidden).
    fetched = data_dir()
    return [os.path.realpath(fetched), bundled] if os.path.isdir(fetched) else [bundled]


def is_set_id(value: str) -> bool:
    """Tell whether value is a set id (a UUID), safe to use as a file name."""
    return _SET_ID.fullmatch(value) is not None


def label_path(root: str, set_id: str) -> str:
    """Return the file of a label's current version in the collection at root."""
    if not is_set_id(set_id):
        raise ValueError(f"not a set id: {set_id!r}")
    return os.path.join(root, f"{set_id.lower()}.xml")


def previous_dir(root: str, set_id: str) -> str:
    """Return the folder that keeps a label's replaced versions."""
    if not is_set_id(set_id):
        raise ValueError(f"not a set id: {set_id!r}")
    return os.path.join(root, PREVIOUS, set_id.lower())


def previous_versions(root: str, set_id: str) -> list[tuple[int, str]]:
    """Return the kept previous versions of a label as (version, path), newest first."""
    folder = previous_dir(root, set_id)
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = [
        (int(name[:-4]), os.path.join(folder, name))
        for name in names
        # ASCII digits only: str.isdigit() also takes "\u00b2", which int() refuses.
        if name.endswith(".xml") and name[:-4].isascii() and name[:-4].isdigit()
    ]
    return sorted(found, reverse=True)
