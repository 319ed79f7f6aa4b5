"""medinfo: look up drug monographs offline.

The command line is `medinfo`; the same questions can be asked from Python:

    >>> from medinfo import Library
    >>> Library(["monographs/"]).show("warfarin").select(["dosage"])

The readers turn one file into a `Monograph` without any index.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.library import Library
    from medinfo.model import Entry, Faq, Hit, Monograph, Section
    from medinfo.readers import read_bytes, read_markdown, read_path

__all__ = [
    "Entry",
    "Faq",
    "Hit",
    "Library",
    "Monograph",
    "Section",
    "__version__",
    "read_bytes",
    "read_markdown",
    "read_path",
]

# Where each public name lives. They are imported on first use, because the
# `medinfo` program imports this package on every call and most calls need few.
_HOMES = {
    "Library": "medinfo.library",
    "Entry": "medinfo.model",
    "Faq": "medinfo.model",
    "Hit": "medinfo.model",
    "Monograph": "medinfo.model",
    "Section": "medinfo.model",
    "read_bytes": "medinfo.readers",
    "read_markdown": "medinfo.readers",
    "read_path": "medinfo.readers",
}


def __getattr__(name: str) -> object:
    """Return a public name, or the version, importing what it needs on first use."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("medinfo")
        except PackageNotFoundError:  # a source tree that is not installed
            return "0+unknown"
    if name in _HOMES:
        import importlib

        value = getattr(importlib.import_module(_HOMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'medinfo' has no attribute {name!r}")


def __dir__() -> list[str]:
    """List the public names."""
    return sorted(__all__)
