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
    suffix = path.rsplit(".", 1)[-1].casefold() if "." in path else ""
    if suffix in ("xml", "zip"):
        from medinfo.readers.spl import parse_spl

        monograph = parse_spl(unzip(data) if suffix == "zip" else data, path, directory)
    else:
        from medinfo.readers.markdown import parse_bytes

        monograph = parse_bytes(data, path, directory)
    return monograph


# A DailyMed zip holds one label and its images: the label is read in memory, never
# extracted, and its size is capped before a byte of it is inflated.
MAX_MEMBER_BYTES = 15_000_000
MAX_MEMBERS = 1000  # a label and its images; more is not a DailyMed download


def unzip(data: bytes) -> bytes:
    """Return the one SPL XML document inside a DailyMed zip; raise ParseError otherwise."""
    import io
    import zipfile

    from medinfo.errors import ParseError
    from medinfo.releasezip import as_release

    if release := as_release(data):
        # A release is read as one only with its end record (medinfo.releasezip): one cut
        # short must not pass for the last label zip whose own end record it still holds.
        raise ParseError(release, "MI505")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # zipfile raises many kinds on damaged data
        raise ParseError(f"not a readable zip file: {type(exc).__name__}", "MI505") from None
    if len(archive.infolist()) > MAX_MEMBERS:
        raise ParseError(f"zip holds more than {MAX_MEMBERS} files", "MI505")
    members = [i for i in archive.infolist() if i.filename.casefold().endswith(".xml")]
    if len(members) != 1:
        raise ParseError(f"zip holds {len(members)} XML files, not one label", "MI505")
    member = members[0]
    if member.file_size > MAX_MEMBER_BYTES:
        raise ParseError(
            f"label in the zip is larger than {MAX_MEMBER_BYTES // 1_000_000} MB", "MI004"
        )
    with archive:
        from medinfo.zipread import read_member

        return read_member(archive, member, MAX_MEMBER_BYTES, "cannot read the zip's label")


def read_path(path: str | os.PathLike[str]) -> Monograph:
    """Return the monograph in a file, read safely (regular files only, size capped)."""
    import os

    from medinfo.scan import read_file

    directory, name = os.path.split(os.path.abspath(path))
    data, _ = read_file(directory, name)
    return read_bytes(data, name, directory)
