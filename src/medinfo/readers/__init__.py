"""Readers: the bytes or text of one monograph file -> Monograph, one module per format."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    import os

    from medinfo.model import Monograph


def read_markdown(text: str, path: str = "", directory: str = "") -> Monograph:
    """Return the monograph a Markdown text holds; raise ParseError when it cannot be read."""
    from medinfo.readers.markdown import parse

    return parse(text, path, directory)


def read_bytes(data: bytes, path: str = "", directory: str = "") -> Monograph:
    """Return the monograph a file's bytes hold, read by the reader its format calls for."""
    from medinfo.readers.markdown import parse_bytes

    return parse_bytes(data, path, directory)


def read_path(path: str | os.PathLike[str]) -> Monograph:
    """Return the monograph in a file, read safely (regular files only, size capped)."""
    import os

    from medinfo.scan import read_file

    directory, name = os.path.split(os.path.abspath(path))
    data, _ = read_file(directory, name)
    return read_bytes(data, name, directory)
