"""The words of the kidney and liver topics: what names the organs, and what makes guidance.

A sentence naming the kidneys or the liver is guidance for kidney or liver impairment
only where it can be: topicrules.py puts these words to use, per section and per label.
"""

from __future__ import annotations

__all__ = [
    "IMPAIRMENT",
    "INDICATION",
    "INDICATION_LABEL",
    "KIDNEY",
    "LIVER",
    "LIVER_DISEASE",
    "LIVER_ENZYME",
    "LIVER_PHYSIOLOGY",
    "ORGAN_CARE",
    "ORGAN_GUARDED",
    "ORGAN_GUARDS",
    "ORGAN_GUIDANCE",
    "ORGAN_LABEL_GUARDS",
    "OVERDOSE_LABEL",
    "USAGE_GUARD",
]

# Kidney function words. eGFR, GFR and CrCl keep their case: EGFR is a receptor in
# cancer medicine, and "crcl" in lower case is no abbreviation anyone writes.
KIDNEY = (
    r"\bkidney(?!s? infections?\b)|\brenal(?:ly)?\b|\bnephr\w*"
    r"|(?-i:\beGFR\b|\bGFR\b|\bCrCl\b|\bCLcr\b)|\bcreatinine\b(?! (?:phospho)?kinase)"
    r"|\bglomerular filtration|\b(?:haemo|hemo)?dialy[sz]\w*|\buraemi|\buremi"
)
# Hepatitis A to E and viral hepatitis are infections a drug treats or prevents,
# not the state of the liver a dose depends on.
LIVER = r"\bliver\b|(?<!viral )\bhepat(?!itis [A-E]\b|itis virus)\w*|\bchild[- ]pugh\b|\bcirrho\w*"
# How the body handles the drug, or what the liver does, is physiology, not liver
# disease, unless the sentence also speaks of disease, impairment, damage or what to
# do about it: the liver as a place ("in/by/through the liver") or as the one acting
# ("the liver releases", "the liver makes"), whatever the verb.
LIVER_PHYSIOLOGY = (
    r"\b(?:in|by|through|via|within|from|into) the liver\b"
    r"|\bthe liver(?:'s)? (?!is\b|has\b|was\b|does\b|needs?\b)\w+s\b|\bliver cells\b"
)
LIVER_DISEASE = (
    r"\bimpair|\bdisease|\bproblems?\b|\bdamage|\bfailure|\bcirrho|\bfunction|\binsufficien"
    r"|\bcaution|\bavoid|\breduce the dose|\bdose|\badjust|\btoxic|\binjur|\bmonitor"
    r"|\bhepatitis|\bnot working|\bworks? (?:less|poorly)|\bweak"
)
# In Usage, Side Effects, How it Works and Description the kidneys and the liver are
# what the drug treats, harms or passes through; a sentence there is kidney or liver
# guidance only when it speaks of impairment, disease, dosing or caution.
ORGAN_CARE = (
    r"\bimpair\w*|\binsufficien\w*|\b(?:kidney|liver|renal|hepatic) (?:disease|impairment)"
    r"|\bchild[- ]pugh\b|(?-i:\beGFR\b|\bCrCl\b|\bCLcr\b)"
    r"|\bcreatinine clearance|\bdialy[sz]\w*|\bcontra-?indicat\w*|\bavoid\w*|\bcaution"
    r"|\bnot recommended|\b(?:people|patients|those|anyone) with\b"
)
ORGAN_GUIDANCE = ORGAN_CARE + r"|\bdos(?:e|es|age|ing)\b"
ORGAN_GUARDED = ("usage", "side_effects", "how_it_works", "description")
# What a use says: "edema caused by kidney disease", "used to treat anemia in kidney
# failure", "protects the kidneys in diabetes" name what the drug is for, not a dose
# for people whose kidneys or liver are impaired.
INDICATION = (
    r"\bcaused by\b|\bdue to\b|\b(?:to |used to |helps? (?:to )?)?treat(?:s|ing|ment)?\b"
    r"|\bprotect\w*|\bslows?\b|\bprevent\w*|\b(?:lowers?|reduces?|lowering|reducing) the risk"
    r"|\bused (?:to|for)\b|\baddress\w*|\bassociated with\b"
)
USAGE_GUARD = rf"^(?!.*(?:{INDICATION}))(?=.*(?:{ORGAN_GUIDANCE}))"
# Impairment itself, or a dose for it: what an Overdose item, a FAQ or a dose for an
# indication ("**Kidney infection:** 500 mg") must say to be kidney or liver guidance.
# "Dialysis" that removes (or does not remove) the drug in an overdose is not; a dose
# after dialysis is.
IMPAIRMENT = (
    r"\bimpair\w*|\binsufficien\w*|\b(?:kidney|liver|renal|hepatic) (?:disease|impairment|function)"
    r"|\bchild[- ]pugh\b|(?-i:\beGFR\b|\bCrCl\b|\bCLcr\b)|\bcreatinine clearance|\bcirrho\w*"
    r"|\bcontra-?indicat\w*|\bnot recommended|\bdo not (?:use|take)\b"
    r"|\b(?:supplement\w*|extra|additional|replacement) (?:\w+ )?doses?\b[^.;]*\bdialy"
    r"|\bdialy\w*[^.;]*\b(?:supplement\w*|extra|additional|replacement) (?:\w+ )?doses?\b"
    r"|\bdoses? (?:\w+ ){0,2}after (?:each |every )?(?:haemo|hemo)?dialysis"
    r"|\b(?:lower|reduc|adjust|decreas)\w* (?:the |a |your )?(?:starting |daily )?"
    r"(?:doses?|dosage|dosing)"
    r"|\bdos(?:e|age|ing) (?:reduction|adjustment)s?|\b(?:lower|smaller|reduced) doses?\b"
    # Whom it concerns and what to watch: "people with kidney problems should use it with
    # caution", "is it safe for those with liver disease?", "liver function is monitored".
    r"|\b(?:people|patients|those|anyone|individuals|persons|someone|adults|children) "
    r"(?:with|who have)\b[^.;]{0,60}\b(?:kidney|liver|renal|hepatic)"
    r"|\bcaution\b[^.;]{0,60}\b(?:kidney|liver|renal|hepatic)"
    r"|\b(?:kidney|liver|renal|hepatic)\b[^.;]{0,60}\bcaution"
    r"|\bmonitor\w*[^.;]{0,60}\b(?:kidney|liver|renal|hepatic)"
    r"|\b(?:kidney|liver|renal|hepatic) (?:and \w+ |or \w+ )?(?:function|tests?)"
)
# A dose heading in Dosage that names what it treats outside the kidneys' or the liver's
# own function: "**Kidney infection:**", "**Kidney stones:**". A dose for a disease of
# the organ itself ("**Diabetic kidney disease:**", "**Kidney transplant:**") is a dose
# for people whose kidneys are impaired, and stays.
INDICATION_LABEL = (
    r"\binfections?\b|\bstones?\b|\bcancer|\bcarcinoma|\bo?edema\b|\bprevent\w*|\btreat\w*"
)
OVERDOSE_LABEL = r"overdos|too much"
# In an overdose, harm to the kidneys or the liver is what a pharmacist asking about
# them must see (paracetamol's liver failure, an NSAID's acute kidney injury), beside
# impairment itself; dialysis that only removes the drug is still not.
OVERDOSE_ORGAN = (
    IMPAIRMENT
    + r"|\b(?:kidney|liver|renal|hepatic)\b[^.;]{0,40}\b(?:damage|failure|injur\w*|toxicity"
    r"|necrosis)|\bhepatotox\w*|\bnephrotox\w*"
)
# The liver as where an enzyme sits ("the liver enzyme CYP2D6", "interactions through
# liver enzymes") is an interaction, not liver disease: taken out before the words.
LIVER_ENZYME = (
    r"\bliver enzymes?\b(?=[^.;]*\bCYP)|\bCYP\w*,? (?:the |a |an )?liver enzymes?\b"
    r"|\b(?:through|by|via) (?:the )?liver(?:'s)? enzymes?\b"
)
ORGAN_GUARDS = {
    "usage": USAGE_GUARD,
    "how_it_works": ORGAN_CARE,  # "the liver converts part of each dose": no guidance
    "side_effects": ORGAN_CARE,  # "liver damage above the maximum dose": a harm
    "faqs": IMPAIRMENT,  # "Can it cause liver damage?": a side effect
    "overdose": OVERDOSE_ORGAN,
}
ORGAN_LABEL_GUARDS = (
    ("", OVERDOSE_LABEL, OVERDOSE_ORGAN),
    ("dosage", INDICATION_LABEL, IMPAIRMENT),
)
