"""Other spellings of a drug's name, tried only when nothing matches it as written.

The rule, in the order tried:
1. salt and hydrate words go ("metformin hydrochloride" -> metformin, "clavulanate
   potassium" -> clavulanate, "sodium valproate" -> valproate; "lithium carbonate" ->
   lithium, where every word is one);
   esters stay, for they make another product ("hydrocortisone butyrate" is not
   hydrocortisone);
2. British and older spellings become the international ones ("sulphate" ->
   "sulfate", "oestradiol" -> "estradiol", "caesium" -> "cesium");
3. an anion names its acid ("clavulanate" -> "clavulanic acid", "valproate" ->
   "valproic acid");
4. a part known by another name takes the name its monograph has ("acetaminophen"
   -> paracetamol, through paracetamol's aliases), so "acetaminophen codeine"
   finds Paracetamol + Codeine.
A spelling is used only if it names a monograph exactly: these never change an
exact match, and never guess; and the answer says which name it used.
"""

from __future__ import annotations

from medinfo.text import name_words

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

# Words that name the form of a drug (its salt or hydrate), not another drug. Esters
# (propionate, valerate, butyrate, acetonide, furoate...) are not here: a
# corticosteroid's ester changes its strength.
SALTS = frozenset(
    """
    hydrochloride hcl dihydrochloride hydrobromide hyclate sodium disodium potassium
    dipotassium calcium magnesium zinc lithium ammonium sulfate sulphate bisulfate
    hydrogen tartrate bitartrate maleate mesylate mesilate besylate besilate tosylate
    succinate fumarate hemifumarate citrate acetate diacetate phosphate diphosphate
    bromide chloride nitrate gluconate lactate malate oxalate pamoate
    embonate carbonate bicarbonate monohydrate dihydrate trihydrate
    hemihydrate sesquihydrate anhydrous trometamol tromethamine meglumine erbumine
    base salt
    """.split()
)
_SPELLINGS = (("ph", "f"), ("oe", "e"), ("ae", "e"))


def spellings(name: str, canonical: Callable[[str], str | None]) -> list[str]:
    """Return other spellings of a name, most faithful first, without the name itself.

    canonical tells the name of the monograph one word names (a file name, title
    or alias), if any.
    """
    words = name_words(name)
    found: list[str] = []

    def add(candidate: list[str]) -> None:
        text = " ".join(candidate)
        if candidate and text not in found and text != " ".join(words):
            found.append(text)

    # All salt words ("lithium carbonate"): the first names the drug.
    kept = [word for word in words if word not in SALTS] or words[:1]
    add(kept)
    spelled = [_respell(word) for word in kept]
    add(spelled)
    acids: list[str] = []
    for word in spelled:
        # "clavulanate" -> "clavulanic acid"; short words ("date") are not anions.
        anion = word.endswith("ate") and len(word) > 6
        acids.extend([word[:-3] + "ic", "acid"] if anion else [word])
    add(acids)
    for base in (kept, spelled, acids):
        renamed: list[str] = []
        for word in base:
            other = canonical(word)
            renamed.extend(other.casefold().split() if other else [word])
        add(renamed)
    return found


def _respell(word: str) -> str:
    """Return a word in international spelling."""
    for old, new in _SPELLINGS:
        word = word.replace(old, new)
    return word
