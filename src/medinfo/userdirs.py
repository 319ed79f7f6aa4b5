"""The user's folders for medinfo: where indexes are cached and fetched labels kept."""

from __future__ import annotations

import os
import sys

# Per kind: the environment override, the XDG variable, its default under home, and
# the platformdirs function that knows every other platform.
_KINDS = {
    "cache": ("MEDINFO_CACHE_DIR", "XDG_CACHE_HOME", (".cache",), "user_cache_dir"),
    "data": ("MEDINFO_DATA_DIR", "XDG_DATA_HOME", (".local", "share"), "user_data_dir"),
}


def user_dir(kind: str) -> str:
    """Return medinfo's folder of a kind ("cache" or "data"): its override, else the user's."""
    override, variable, default, function = _KINDS[kind]
    given = os.environ.get(override)
    if given:
        return os.path.expanduser(given)
    if sys.platform.startswith(("linux", "freebsd")):
        # The XDG rule platformdirs applies here, without its 15 ms import on every call.
        xdg = os.environ.get(variable, "").strip()
        home = os.path.join(os.path.expanduser("~"), *default)
        base = xdg if xdg and os.path.isabs(xdg) else home
        return os.path.join(base, "medinfo")
    import platformdirs

    found: str = getattr(platformdirs, function)("medinfo", appauthor=False)
    return found
