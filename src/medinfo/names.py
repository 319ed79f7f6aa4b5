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

An FDA label also has a drug key (`drug_key`): its generic name without salt, ester
and hydrate words, nor words of form, release or strength ("Diclofenac Sodium
Delayed Release" and "diclofenac potassium" are both "diclofenac"). Every label of
one key is a label of that drug, found by its bare name; a combination keeps all its
drugs ("diclofenac misoprostol"), so it is never the single drug.
"""

from __future__ import annotations

from medinfo.text import fold, name_words

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
    base salt epolamine diethylamine olamine lysine arginine
    """.split()
)
# Esters: another product to a Markdown monograph (kept by spellings), but still
# the drug when DailyMed groups its labels ("fluticasone propionate" is fluticasone).
ESTERS = frozenset(
    """
    propionate dipropionate valerate butyrate probutate acetonide furoate cypionate
    enanthate decanoate palmitate undecanoate benzoate pivalate
    """.split()
)
# Words of form, release, route and strength in a label's generic name ("Metformin
# HCl ER", "metformin hydrochloride tablets", "Naproxen Sodium 220 MG"): not the drug.
FORM_WORDS = frozenset(
    """
    er xr sr xl la cr ir dr ec odt extended delayed release released immediate
    sustained controlled modified orally disintegrating chewable film coated
    tablet tablets capsule capsules caplet caplets solution suspension injection
    injectable for oral topical ophthalmic otic nasal gel cream ointment lotion
    drops spray patch usp mg mcg g ml
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


def drug_key(name: str) -> str:
    """Return the drug a name is, as sorted words: no salt, ester, form or strength words.

    A name that is salt words only ("sodium chloride") keeps them all: no drug is left
    to name, and "sodium" alone would join it to sodium bicarbonate.
    """
    words = [fold(word) for word in name_words(name)]
    words = [w for w in words if w and w not in ("and", "with") and not w[0].isdigit()]
    words = [w for w in words if w not in FORM_WORDS]
    drugs = [w for w in words if w not in SALTS and w not in ESTERS]
    return " ".join(sorted(set(drugs or words)))


def label_drug(names: list[str]) -> str:
    """Return the drug key of a label from its generic names: one drug, or all of them."""
    keys = {key for key in map(drug_key, names) if key}
    if len(keys) <= 1:
        return next(iter(keys), "")
    # Products of different drugs in one label (a kit): the drugs together.
    return " ".join(sorted({word for key in keys for word in key.split()}))
