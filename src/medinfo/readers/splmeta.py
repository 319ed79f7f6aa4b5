"""The metadata of an SPL document: names, ingredients, forms, routes, labeler, ids, dates."""

from __future__ import annotations

import re

from medinfo.readers.splmarkdown import NS, element_text
from medinfo.text import clean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

_NDC = "2.16.840.1.113883.6.69"
# Ingredient classes that are active: by moiety, by ingredient, by reference.
_ACTIVE = frozenset(("ACTIB", "ACTIM", "ACTIR"))
_PARTS = ("partProduct", "partMedicine")
_PACKAGES = ("containerPackagedProduct", "containerPackagedMedicine")


def metadata(root: Element, kinds: dict[str, str]) -> dict[str, object]:
    """Return the label's metadata under DESIGN.md's JSON keys (strings and lists only)."""
    code = root.find(f"{NS}code")
    kind = ""
    if code is not None:
        kind = kinds.get(code.get("code", ""), "") or clean(code.get("displayName", ""))
    brands: list[str] = []
    generics: list[str] = []
    ingredients: list[dict[str, str]] = []
    forms: list[str] = []
    routes: list[str] = []
    ndc: list[str] = []
    packages: list[str] = []
    inactive: list[dict[str, object]] = []
    for product in root.iter(f"{NS}manufacturedProduct"):
        inner = product.find(f"{NS}manufacturedProduct")
        if inner is None:
            inner = product.find(f"{NS}manufacturedMedicine")
        if inner is None:
            continue
        _add(brands, _product_name(inner))
        generic = inner.find(f"{NS}asEntityWithGeneric/{NS}genericMedicine/{NS}name")
        if generic is not None:
            _add(generics, _pretty(" ".join(element_text(generic).split())))
        form = inner.find(f"{NS}formCode")
        if form is not None:
            _add(forms, clean(form.get("displayName", "")).capitalize())
        _ndc_codes(inner, ndc, packages)
        # A kit's ingredients are its parts': each part is a product of its own.
        parts = [p for tag in _PARTS for p in inner.iter(f"{NS}{tag}")]
        for item in (inner, *parts):
            actives = _actives(item)
            ingredients += [entry for entry in actives if entry not in ingredients]
            entry = inactive_entry(item, actives)
            if entry is not None and entry not in inactive:
                inactive.append(entry)
    for route in root.iter(f"{NS}routeCode"):
        _add(routes, clean(route.get("displayName", "")).capitalize())
    labeler = root.find(f"{NS}author/{NS}assignedEntity/{NS}representedOrganization/{NS}name")
    set_id = root.find(f"{NS}setId")
    version = root.find(f"{NS}versionNumber")
    effective = root.find(f"{NS}effectiveTime")
    date = effective.get("value", "") if effective is not None else ""
    date = date[:8] if re.fullmatch(r"\d{8}.*", date, re.S) else ""
    found: dict[str, object] = {
        "set_id": _word(set_id.get("root", "")) if set_id is not None else "",
        "version": _word(version.get("value", "")) if version is not None else "",
        "effective_date": f"{date[:4]}-{date[4:6]}-{date[6:8]}" if date else "",
        "kind": kind,
        "labeler": _word(element_text(labeler)) if labeler is not None else "",
        "brand_names": brands,
        "generic_names": generics,
        "active_ingredients": ingredients,
        "dosage_forms": forms,
        "routes": routes,
        "ndc": ndc,
        "package_ndc": packages,
        "inactive_ingredients": inactive,
    }
    return {key: value for key, value in found.items() if value}


def _actives(product: Element) -> list[dict[str, str]]:
    """Return the active ingredients of one product, name and strength, as metadata lists them.

    Of both formats: <ingredient classCode="ACTIB"> and the first schema's <activeIngredient>.
    """
    found: list[dict[str, str]] = []
    for ingredient in product:
        if ingredient.tag == f"{NS}ingredient" and ingredient.get("classCode") in _ACTIVE:
            substance = ingredient.find(f"{NS}ingredientSubstance/{NS}name")
        elif ingredient.tag == f"{NS}activeIngredient":
            substance = ingredient.find(f"{NS}activeIngredientSubstance/{NS}name")
        else:
            continue
        if substance is None:
            continue
        entry = {"name": _pretty(" ".join(element_text(substance).split()))}
        numerator = ingredient.find(f"{NS}quantity/{NS}numerator")
        if numerator is not None and numerator.get("value"):
            unit = numerator.get("unit", "")
            strength = f"{numerator.get('value')} {unit}".strip()
            per = ingredient.find(f"{NS}quantity/{NS}denominator")
            if per is not None and (per.get("value"), per.get("unit")) not in (
                ("1", "1"),
                ("1", None),
            ):
                strength += f" per {per.get('value', '')} {per.get('unit', '')}".rstrip()
            entry["strength"] = clean(strength)  # "6.25 mg per 5 mL"
        if entry["name"] and entry not in found:
            found.append(entry)
    return found


def inactive_names(product: Element) -> list[str]:
    """Return the inactive ingredients of one product (not of its parts), as the label names them.

    <ingredient classCode="IACT"> of the current schema, <inactiveIngredient> of the first.
    """
    names: list[str] = []
    for ingredient in product:
        if ingredient.tag == f"{NS}ingredient" and ingredient.get("classCode") == "IACT":
            substance = ingredient.find(f"{NS}ingredientSubstance/{NS}name")
        elif ingredient.tag == f"{NS}inactiveIngredient":
            substance = ingredient.find(f"{NS}inactiveIngredientSubstance/{NS}name")
        else:
            continue
        # Written as the label writes it ("FD&C YELLOW NO. 5"): a name is quoted, not styled.
        name = _word("".join(substance.itertext())) if substance is not None else ""
        if name and name not in names:
            names.append(name)
    return names


def inactive_entry(product: Element, actives: list[dict[str, str]]) -> dict[str, object] | None:
    """Return what a product holds besides its actives: its name, NDC, strength and excipients.

    None for a product that lists none (a kit as a whole: its parts list theirs).
    """
    names = inactive_names(product)
    if not names:
        return None
    entry: dict[str, object] = {}
    if _product_name(product):
        entry["product"] = _product_name(product)
    strengths = [a["strength"] for a in actives if a.get("strength")]
    if strengths:
        entry["strength"] = "; ".join(strengths)  # "5 mg; 325 mg": one per active, in order
    code = product.find(f"{NS}code")
    if code is not None and code.get("codeSystem") == _NDC and code.get("code"):
        entry["ndc"] = _word(code.get("code", ""))
    entry["ingredients"] = names
    return entry


def _product_name(product: Element) -> str:
    """Return a product's name as a title, with its suffix; "" when it has none."""
    name = product.find(f"{NS}name")
    if name is None:
        return ""
    # "Diclofenac Sodium" + <suffix>Delayed Release</suffix>: joined by a space.
    words = [name.text or "", *(" " + element_text(part) for part in name)]
    return _pretty(" ".join("".join(words).split()))


def _ndc_codes(product: Element, products: list[str], packages: list[str]) -> None:
    """Add the NDCs of a product and its kit parts to products, of its packages to packages."""
    # The first SPL schema says Medicine where later ones say Product, as in
    # manufacturedMedicine: its packages and parts have codes too.
    parts = [p for tag in _PARTS for p in product.iter(f"{NS}{tag}")]
    boxes = [p for tag in _PACKAGES for p in product.iter(f"{NS}{tag}")]
    for element, found in (
        (product, products),
        *((part, products) for part in parts),
        *((package, packages) for package in boxes),
    ):
        code = element.find(f"{NS}code")
        if code is not None and code.get("codeSystem") == _NDC:
            _add(found, _word(code.get("code", "")))


def _word(value: str) -> str:
    """Return an attribute as one line: a tab or newline in it (&#9;) would forge a row."""
    return clean(" ".join(value.split()))


def _add(values: list[str], value: str) -> None:
    """Add a value once, in the order first met."""
    if value and value.casefold() not in (v.casefold() for v in values):
        values.append(value)


def _pretty(name: str) -> str:
    """Return a name in capitals as a title ("LIPITOR XR" -> "Lipitor XR"); others as written."""
    name = clean(name)
    if not name.isupper():
        return name
    # Short words in capitals are abbreviations ("XR", "HCl" written "HCL"): kept.
    return " ".join(word.capitalize() if len(word) > 3 else word for word in name.split())
