"""Content digests and short keys: what every call needs of the index, without the builder."""

from __future__ import annotations

import os

try:  # the module behind hashlib.blake2b, without hashlib's OpenSSL start-up
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b as _blake2b


def digest(data: bytes) -> bytes:
    """Return the content digest that decides whether a file changed."""
    return _blake2b(data, digest_size=16).digest()


def short_key(text: str) -> str:
    """Return a short stable key for a text, such as a list of directories."""
    return _blake2b(os.fsencode(text), digest_size=8).hexdigest()  # the bytes of odd names too
