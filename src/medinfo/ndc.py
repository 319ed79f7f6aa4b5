"""National Drug Codes: the forms people and barcode scanners type, and one key per code.

An NDC names a labeler, a product and a package: ten digits in three parts, 4-4-2, 5-3-2
or 5-4-1, or eleven digits (5-4-2) where the short part gets a leading zero, as billing
systems write it. A product NDC is the first two parts. A scanner reads a package's
barcode as a UPC-A (``3`` + the ten digits + a check digit) or a GTIN-14 (an indicator
digit, ``03``, the ten digits, a check digit), which the 2D barcode of a prescription
package holds first among its fields.

Keys: a package NDC becomes its eleven digits, a product NDC its nine (5-4), so every way
of writing one code has the same key. Ten bare digits are ambiguous: they give a key for
each of the three configurations, and the caller keeps those that name a known code.
"""

from __future__ import annotations

import re

# Part lengths of the configurations, and where each puts the padding zero of 5-4-2.
_PACKAGE_PARTS = ((4, 4, 2), (5, 3, 2), (5, 4, 1))
_PRODUCT_PARTS = ((4, 4), (5, 3), (5, 4))
_HYPHENATED = re.compile(r"\d{1,5}(?:-\d{1,4}){1,2}")
_DIGITS = re.compile(r"\d{8,14}")
# What a scanner types from the 2D DataMatrix of a prescription package: a GS1 element
# string, the GTIN first (AI 01), then expiry (17), lot (10) and serial (21), as
# "(01)00350090092707(17)..." or run together ("0100350090092707172712311..."), perhaps
# after a symbology identifier ("]d2") and with group separators between the fields.
_GS1 = re.compile(r"(?:\][A-Za-z]\d)?(?:\(01\)|01)(\d{14})(?:\(|1[017]|21|\x1d|$).*", re.S)


def _padded(parts: list[str], widths: tuple[int, ...]) -> str:
    """Return the parts zero-padded to widths and joined (5-4-2 or 5-4)."""
    return "".join(part.zfill(width) for part, width in zip(parts, widths, strict=False))


def _check_digit(body: str) -> int:
    """Return the GS1 check digit of a barcode's other digits (UPC-A, GTIN)."""
    # From the right of the body, weights 3, 1, 3, ...
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def _check_digit_ok(digits: str) -> bool:
    """Tell whether the last digit is the GS1 check digit of the others."""
    return _check_digit(digits[:-1]) == int(digits[-1])


def _ten_digit_keys(ten: str) -> list[str]:
    """Return the package keys of ten bare digits, one per configuration."""
    keys: list[str] = []
    for widths in _PACKAGE_PARTS:
        cut1, cut2 = widths[0], widths[0] + widths[1]
        parts = [ten[:cut1], ten[cut1:cut2], ten[cut2:]]
        key = _padded(parts, (5, 4, 2))
        if key not in keys:
            keys.append(key)
    return keys


def _ten_digits(term: str) -> str | None:
    """Return the ten NDC digits of bare digits or a scanned barcode, else None."""
    if len(term) == 10:
        return term
    if len(term) == 12 and term[0] == "3" and _check_digit_ok(term):
        return term[1:11]  # UPC-A
    if len(term) == 13 and term.startswith("03") and _check_digit_ok(term):
        return term[2:12]  # EAN-13: a UPC-A with a leading zero
    if len(term) == 14 and term[1:3] == "03" and _check_digit_ok(term):
        return term[3:13]  # GTIN-14
    return None


def misread(term: str) -> str | None:
    """Return the check digit a barcode-shaped term should end in, when it ends in another.

    A UPC-A or GTIN-14 of a drug package with a wrong last digit is a misread or mistyped
    barcode: saying so beats "no monograph found".
    """
    term = term.strip()
    shaped = (len(term) == 12 and term[0] == "3") or (len(term) == 14 and term[1:3] == "03")
    if not (shaped and term.isascii() and term.isdigit()) or _check_digit_ok(term):
        return None
    return str(_check_digit(term[:-1]))


def _scanned(term: str) -> str:
    """Return the GTIN-14 of a scanned GS1 element string; any other term as it is."""
    found = _GS1.fullmatch(term) if len(term) > 14 else None
    return found.group(1) if found and _check_digit_ok(found.group(1)) else term


def query_keys(term: str) -> list[str]:
    """Return the keys a typed NDC or scanned barcode may mean; [] when it is none."""
    term = _scanned(term.strip())
    if _HYPHENATED.fullmatch(term):
        return code_keys(term)[:1]
    if not _DIGITS.fullmatch(term):
        return []
    if len(term) == 11:
        return [term]
    ten = _ten_digits(term)
    return _ten_digit_keys(ten) if ten else []


def code_keys(ndc: str) -> list[str]:
    """Return the index keys of an NDC as a label writes it: its own, and its product's.

    A package NDC is also found by its product NDC, so ``50090-0927`` finds a label
    that lists only ``50090-0927-0``.
    """
    parts = ndc.strip().split("-")
    widths = tuple(len(p) for p in parts)
    if not all(p.isdigit() for p in parts):
        return []
    if len(parts) == 3 and (widths in _PACKAGE_PARTS or widths == (5, 4, 2)):
        return [_padded(parts, (5, 4, 2)), _padded(parts[:2], (5, 4))]
    if len(parts) == 2 and widths in _PRODUCT_PARTS:
        return [_padded(parts, (5, 4))]
    return []


def asked_forms(term: str) -> list[str]:
    """Return the hyphenated NDCs to ask DailyMed for a typed code or barcode.

    DailyMed matches an NDC as labels print it (hyphenated, ten digits), so an
    eleven-digit or bare code is turned into each ten-digit form it may be.
    """
    term = _scanned(term.strip())
    widths = tuple(len(p) for p in term.split("-"))
    if _HYPHENATED.fullmatch(term) and widths in (*_PACKAGE_PARTS, *_PRODUCT_PARTS):
        # A five-digit labeler with a leading zero is a four-digit one padded, as the
        # eleven-digit form pads it: labels print it with four.
        padded = widths == (5, 4) and term[0] == "0"
        return [term, term[1:]] if padded else [term]
    keys = query_keys(term)
    if not keys:  # no NDC: ten letters ("fluoxetine") are a name, not ten digits
        return []
    if len(keys) != 1 or len(keys[0]) != 11:
        ten = _ten_digits(term)
        if ten is None:
            return []
        return [f"{ten[:a]}-{ten[a : a + b]}-{ten[a + b :]}" for a, b, _ in _PACKAGE_PARTS]
    # Eleven digits drop one padding zero to become ten.
    key = keys[0]
    forms: list[str] = []
    if key[0] == "0":
        forms.append(f"{key[1:5]}-{key[5:9]}-{key[9:]}")
    if key[5] == "0":
        forms.append(f"{key[:5]}-{key[6:9]}-{key[9:]}")
    if key[9] == "0":
        forms.append(f"{key[:5]}-{key[5:9]}-{key[10:]}")
    return forms
