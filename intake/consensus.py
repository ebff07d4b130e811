"""Cross-document consensus on the company's name: the dossier's own (`agreed_name`: the
licence's reading, unless the other sources give a fuller or more agreed one), the one the
commitment letter gives, and the end of another source's reading that a seal or the line's end
cut off (`settle_names`).

The company's seal is stamped over the letter's sign-off, so the OCR loses or
misreads characters of the name under it ("车零部件股份有限公司", "街阳市程雁…").
The dossier's name, read from the licence or the form, settles such a reading;
a letter naming another company keeps its own name, for the mismatch check.

A reading is a damaged copy of the dossier's name when, aligned with it, every
difference is what a seal does to print and none is what tells two companies apart:

- at the ends of the reading, characters lost (a seal over the start or end of
  the line, a name cut where the OCR split the line) with at most one garbled
  glyph of its own before them, or the place name garbled into no place (a reading
  opening with another place, 常宁市 for 耒阳市, is another firm); its last glyph
  its own only as a look-alike (…机械店, …零部件厂 end other names); the reading holds at least half
  of the name letter for letter (of the part it spans, where it opens with the
  name's place and the line was cut after a whole character: "衡东县凯联汽车", then
  the place, the trade name and two characters of the industry word at least);
- inside it, one glyph misread or lost at a time, and no more than one such slip
  per four characters of the name: in the place, trade name and industry word only a
  look-alike (耒/来) or a glyph read twice (联通/联源, 机电/机械, 恒通/恒通达 are other
  firms; a glyph gained and one lost one character apart are a run, 开发/发展), in
  the legal form a misread or lost glyph (责/贵) or one stray character; a confident
  reading one unrelated glyph off (`one_glyph_apart`) is not settled (crosscheck warns 相差一字); a reading longer than the
  name is its fuller copy (the dossier's reading cut short, but not one ending in a legal
  form: …有限公司衡南分公司 is a branch of it) unless its one extra
  character is a glyph read twice or a stray mark before the place name;
- never a run of two or more characters that differs: a word of the name changed
  (科技/化工, 恒通/瑞鑫) or a legal form added or dropped (有限公司/有限责任公司)
  names another legal person; but a whole reading that ends in no legal form at all
  ("…汽车零部责任公司") is no name of its own, and one run of the name lost inside
  it across the end of its industry word and the start of its legal form (件有限,
  under the seal) is damage too; a run lost anywhere else is a word or legal form
  less, another name ("…汽车有限公司", "…零部件公司").

The dossier's name itself is the licence's reading unless the other sources outvote a look-alike
glyph of it: any other glyph one character apart may be another company's name.

When the letter's name was not read at all, the company's own seal on the letter
(its text matched to the dossier's name) is the witness that the letter is the
company's.

The same seal garbles the digits of the letter's date under it ("2024年10月12日",
"二0三0年" for 2020). A signed year one digit away from the programme's intake year is that
digit misread (`settle_signed_year`) where the year as read cannot be (after the deadline)
or the digit is a seal's usual slip (a 0 read as 4, 6, 8 or 9; 二 read as 三): a year one
off either way (2019, 2021) may be written so.

The licence and the form name the same legal representative: where the two readings differ only
by look-alike glyphs, the surer reading is the name on both (`settle_representative`).

A form's or letter's USCC no reading of which passes the check character (`uscc_unreadable`)
is the dossier's USCC when it differs from it by one look-alike character misread, its check
character misread, or one character lost or gained (`settle_uscc`): the OCR's slip, not another
company's code, which would pass its own check. The licence's own USCC is the evidence and is
settled only where its reading leaves one code possible (`settle_licence_uscc`): it fails its
check while its first 17 characters are another document's code, which passes its own; the
check character is computed from those 17, so only that character was misread (or lost).
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date
from difflib import SequenceMatcher
from typing import Sequence

from rapidfuzz.distance import Levenshtein

from extractors.entities import ORG_SUFFIXES, PLACES
from extractors.identifiers import uscc as uscc_id
from extractors.identifiers.confusions import LOOKALIKES
from extractors.normalize.dates import ZERO_SLIPS
from extractors.normalize.names import normalize_company_name
from extractors.seals.match import fold
from extractors.text import PageText
from models import Company, Document, Field, Page

SETTLED = ("commitment_letter",)  # the documents whose name reading is settled here
MIN_SHARE = 0.5  # of the dossier's name the reading must hold letter for letter
MIN_TRADE_NAME = 2  # characters of a trade name (字号) after the place
GROUP = "集团"  # a group's mark, part of its legal form
MIN_INDUSTRY = 2  # characters of the industry word a cut reading must hold: one may begin another word (汽配/汽车)
MAX_LOST_INSIDE = 4  # characters a seal's ring hides of a printed line
END_GARBLE = 3  # characters of its own a reading may have where a seal garbled the place name
SLIP_EVERY = 4  # one inner slip is allowed per this many characters of the name
# Characters a reading of another source may lose at its end and still be completed: the end of
# a legal form ("公司", "公"); more is a different name ("…机械制造" of "…机械制造有限公司").
MAX_CUT = 2
CODE_LENGTH = 18  # characters of a USCC, the last its check character
# Confidence of a name settled by consensus: below a clean reading, the raw reading kept beside it.
CONSENSUS_CONFIDENCE = 0.75
SEAL_WITNESS_CONFIDENCE = 0.6
NAME_TRUSTED = 0.8  # OCR confidence of a name one unrelated character off before a reviewer is asked
# What is left of the sign-off's stamp note read into the name ("（美集" for "（盖章）："): no name opens with a bracket.
_LEAD_BRACKET = re.compile(r"^[(（][^)）]{0,3}[)）]?[:：]?")


def agreed_name(reference: Field, documents: list[Document], sources: Sequence[str]) -> Field:
    """The dossier's name as its sources agree on it: `reference` (the most authoritative reading),
    or another source's reading of which `reference` is a damaged copy, fuller ("…股份有限公司"
    where the licence's seal cut "…股份有限") or given by more of the documents that name the
    company (the sources, and the proofs, honours and patents that name it too).

    `sources` are the document types the dossier's name is read from.
    """
    references = [doc for doc in documents if doc.doc_type in sources and doc.doc_type not in SETTLED]
    own = normalize_company_name(str(reference.value)) or ""
    name = _agreed(own, references, _name_votes(documents))
    if name == own:
        return reference
    return next(f for doc in references
                if (f := doc.fields.get("company_name")) is not None and f.value and normalize_company_name(str(f.value)) == name)


def settle_names(documents: list[Document], company: Company, pages: list[Page]) -> None:
    """Replace a settled document's damaged name reading by the dossier's name (as its sources
    agree on it, `agreed_name`), in place."""
    reference = company.company_name
    if reference is None or not reference.value:
        return
    name = normalize_company_name(str(reference.value)) or ""
    votes = _name_votes(documents)
    by_index = {page.index: page for page in pages}
    for doc in documents:
        field = doc.fields.get("company_name")
        if field is reference:
            continue  # the dossier's name came from this document: nothing to settle it with
        if doc.doc_type not in SETTLED:
            reading = (normalize_company_name(str(field.value)) or "") if field is not None and field.value else ""
            if reading and (_cut_short(reading, name) or (misread(reading, name) and votes[name] > votes[reading])):
                doc.fields["company_name"] = Field(value=name, confidence=CONSENSUS_CONFIDENCE, page=field.page,
                                                   bbox=field.bbox, raw=field.raw or str(field.value))
            continue
        if field is not None and field.value:
            reading = _LEAD_BRACKET.sub("", normalize_company_name(str(field.value)) or "")
            if reading != name and is_damaged_copy(reading, name) and not _completes(reading, name):
                doc.fields["company_name"] = Field(value=name, confidence=CONSENSUS_CONFIDENCE, page=field.page,
                                                   bbox=field.bbox, raw=field.raw or str(field.value))
        else:
            witness = _company_seal(doc, by_index)
            if witness is not None:
                doc.fields["company_name"] = witness.model_copy(update={"value": name})


def one_glyph_apart(name: str, resolved: str, confidence: float) -> bool:
    """One confidently read character differs, gained or lost, and not as an OCR slip would have
    it (a look-alike, a glyph read twice or a stray mark before the place: `consensus.read_over`):
    maybe another company (恒达/恒通, 联源达/联源), maybe a slip the look-alike table does not
    know. A reviewer checks it.

    >>> one_glyph_apart("衡阳市恒达机械有限公司", "衡阳市恒通机械有限公司", 0.98), one_glyph_apart("衡阳市联源达机械有限公司", "衡阳市联源机械有限公司", 0.98)
    (True, True)
    >>> one_glyph_apart("未阳市恒通机械有限公司", "耒阳市恒通机械有限公司", 0.98), one_glyph_apart("衡阳市恒达机械有限公司", "衡阳市恒通机械有限公司", 0.7)
    (False, False)
    >>> one_glyph_apart("衡阳市恒通机械有有限公司", "衡阳市恒通机械有限公司", 0.98)
    False
    """
    if confidence < NAME_TRUSTED or Levenshtein.distance(name, resolved) != 1:
        return False
    if len(name) == len(resolved):
        return not misread(name, resolved)
    longer, shorter = sorted((name, resolved), key=len, reverse=True)
    return not read_over(longer, shorter)


def _cut_short(reading: str, name: str) -> bool:
    """`reading` is the start of the dossier's name, its end lost where a seal or the line's end
    cut it ("…股份有限" for "…股份有限公司"): any other difference is left for the cross-checks.

    >>> _cut_short("衡南县宇衡机械制造股份有限", "衡南县宇衡机械制造股份有限公司")
    True
    >>> _cut_short("衡南县宇衡机械制造", "衡南县宇衡机械制造股份有限公司")
    False
    """
    return reading != name and name.startswith(reading) and len(name) - len(reading) <= MAX_CUT


def misread(reading: str, name: str) -> bool:
    """`reading` is `name` with glyphs misread as their look-alikes ("…新材科…" for "…新材料…",
    "朱流" for "朱波"): the OCR's slip. Any other character differing, gained or lost is another
    name ("恒达" is another company than "恒通", "张军" another person than "张伟").

    >>> misread("耒阳市恒嘉新材科有限责任公司", "耒阳市恒嘉新材料有限责任公司")
    True
    >>> misread("衡阳市恒达机械制造有限公司", "衡阳市恒通机械制造有限公司"), misread("周英", "周英敏")
    (False, False)
    """
    return reading != name and fold(reading) == fold(name)


def _name_votes(documents: list[Document]) -> Counter[str]:
    """How many documents read each name: every reading of the company's name but the settled ones
    (a patent's patentee is the company too)."""
    fields = [doc.fields.get(key) for doc in documents if doc.doc_type not in SETTLED
              for key in ("company_name", "patentee")]
    return Counter(normalize_company_name(str(f.value)) or "" for f in fields if f is not None and f.value)


def _completes(reading: str, name: str) -> bool:
    """`reading` holds more of the name than `name` does ("…有限责任公司" for "…有限责任公"), not
    merely a character the OCR added (`read_over`)."""
    return len(reading) > len(name) and is_damaged_copy(name, reading) and not read_over(reading, name)


def read_over(reading: str, name: str) -> bool:
    """`reading` is `name` with one character the OCR added: a glyph read twice ("…电气有有限公司"),
    or a stray mark before a name that opens with its place name ("长衡山县…": nothing of the
    name is lost before its place). Other slips of the reading are judged as in `is_damaged_copy`.

    >>> read_over("衡东县康泰电气有有限公司", "衡东县康泰电气有限公司"), read_over("长衡出县嘉润汽车零部件有限公司", "衡山县嘉润汽车零部件有限公司")
    (True, True)
    >>> read_over("衡东县康泰电气有限责任公司", "衡东县康泰电气有限公司"), read_over("衡阳市恒通达机械有限公司", "衡阳市恒通机械有限公司")
    (False, False)
    """
    if len(reading) != len(name) + 1:
        return False
    doubled = any(reading[i] == reading[i - 1] and _slipped_in_place(reading[:i] + reading[i + 1:], name)
                  for i in range(1, len(reading)))
    stray = any(name.startswith(place) for place in PLACES) and _slipped_in_place(reading[1:], name)
    return doubled or stray


def _slipped_in_place(reading: str, name: str) -> bool:
    """`reading` is `name` character for character but for a damaged copy's glyph slips, none lost
    or gained: the character the OCR added was the only one."""
    differing = sum(a != b for a, b in zip(reading, name))
    return len(reading) == len(name) and differing <= max(1, len(name) // SLIP_EVERY) and is_damaged_copy(reading, name)


def _agreed(name: str, references: list[Document], votes: Counter[str]) -> str:
    """The dossier's name as its sources agree on it: `name`, unless the `references` give a reading
    of which `name` is a damaged copy, fuller ("…有限责任公司" where the licence's seal cut "…有限责任公")
    or given by more documents where `name` misread a look-alike in it (`votes`: "耒阳市…" in the
    form and the certificate, "来阳市…" in the licence). Field confidences are no vote on a glyph:
    they hold how well the value was located, and a licence one glyph apart may name another firm."""
    fields = [doc.fields.get("company_name") for doc in references]
    readings = {normalize_company_name(str(f.value)) for f in fields if f is not None and f.value}
    # A licence reading ending in a legal form ends where the name does: a longer reading running on
    # past that form ("…有限公司衡南分公司") is a branch; one with more at the start (衡阳市… for a
    # cut 阳市…) completes it.
    form = max((s for s in ORG_SUFFIXES if name.endswith(s)), key=len, default="")
    better = [r for r in readings if r and r != name and is_damaged_copy(name, r)
              and ((len(r) > len(name) and fold(r).endswith(fold(form)))
                   or (votes[r] > votes[name] and misread(name, r)))]
    return max(better, key=lambda r: (votes[r], len(r)), default=name)


def is_damaged_copy(reading: str, name: str) -> bool:
    """`reading` is `name` with only the losses and slips a seal over print causes.

    >>> is_damaged_copy("车零部件股份有限公司", "耒阳市联源汽车零部件股份有限公司")
    True
    >>> is_damaged_copy("拓汽车零部件有限公司", "常宁市泰拓汽车零部件有限公司")  # the seal over the start
    True
    >>> is_damaged_copy("市托汽车军部件有限公司", "常宁市泰拓汽车零部件有限公司")  # 军/零 no look-alike: left for review
    False
    >>> is_damaged_copy("策脂希雁联智能装备有限公司", "耒阳市雁联智能装备有限公司")
    True
    >>> is_damaged_copy("策脂希雁联能装备有限公司", "耒阳市雁联智能装备有限公司")  # 雁联能 may be another firm
    False
    >>> is_damaged_copy("瑞鑫汽车零部件有限公司", "衡阳市恒通汽车零部件有限公司")
    False
    >>> is_damaged_copy("衡山县雁凯化工股份有限公司", "衡山县雁凯科技股份有限公司")
    False
    >>> is_damaged_copy("衡阳县天远电气有限公司", "衡阳县天远电气有限责任公司")
    False
    >>> is_damaged_copy("原汽车零部件有限", "衡阳市益源汽车零部件有限责任公司")  # 源 read as its look-alike
    True
    >>> is_damaged_copy("衡阳市恒通传媒有限公司", "衡阳市恒通科技有限公司")  # a two-character industry word wholly another
    False
    """
    name_place = next((p for p in PLACES if name.startswith(p)), "")
    place = len(name_place)
    own_place = next((p for p in PLACES if reading.startswith(p)), "")
    if own_place and not name.startswith(own_place) and not name_place.endswith(own_place):
        # Another county or city (常宁市/耒阳市, 衡阳县/衡阳市): another firm, never a garbled place;
        # the end of the name's own place is its first glyph lost (南县 of 衡南县).
        return False
    # Look-alike glyphs (源/原, 耒/来) are one glyph to the seal's blur: aligned as one, and kept.
    folded = SequenceMatcher(None, fold(reading), fold(name), autojunk=False).get_opcodes()
    if not folded:
        return False  # two empty readings: nothing to compare
    kept = sum(j2 - j1 for tag, _, _, j1, j2 in folded if tag == "equal")
    if kept < _needed(folded, len(name), place):
        return False
    # But the fold holds trade-name characters too (兴/光, 原/源): a look-alike read is still a
    # slip, and two side by side another 字号 ("兴原" for "光源").
    ops = _unfolded(folded, reading, name)
    # A whole reading that ends in no legal form is no name of its own ("…零部责任公司"): a run of
    # the name lost inside it across the industry word's end and the legal form's start is print
    # under the seal ("件有限"); a run lost anywhere else leaves another firm's name (a word less).
    form_start = _legal_form_start(name)
    malformed = ops[-1][0] == "equal" and ops[-1][2] == len(reading) and not reading.endswith(tuple(ORG_SUFFIXES))
    slips, lost_inside = 0, False
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            continue
        if k == len(ops) - 1 and i2 == len(reading) and i2 > i1:
            # The reading's last glyph(s) its own: only a look-alike of the name's is a slip; any
            # other (…机械店, …零部件厂, …有限公司分) ends another firm's name, but for one glyph
            # misread inside the name's own legal form ("…有限么" for "…有限公司").
            in_form = j2 > j1 and _misread_in_form(reading[i1:i2], name, j1, form_start)
            return _lookalike(reading[i1:i2], name[j1:j1 + i2 - i1]) or (in_form and slips < max(1, len(name) // SLIP_EVERY))
        if (k == 0 and i1 == 0) or (k == len(ops) - 1 and i2 == len(reading)):
            # An end: characters lost, one glyph of its own left of them ("几械制造…" for
            # "祁东县源恒机械制造…"), or a place name garbled into no place ("策脂希" for "耒阳市");
            # more garbled characters than that, past the place, may be another firm's 字号.
            garbled_place = j1 == 0 and j2 <= place and i2 - i1 <= END_GARBLE
            if i2 - i1 > 1 and not garbled_place:
                return False
            stands_for_trade_name = j2 > j1 and place <= j2 <= place + MIN_TRADE_NAME
            if k == 0 and i2 - i1 == 1 and stands_for_trade_name and not _lookalike(reading[0], name[j2 - 1]):
                # One glyph of its own for the place's 市/县 or a 字号 glyph: 县恒通, 达通/恒通 are
                # other firms (a glyph for a garbled place's inside, 日市 for 耒阳市, is damage).
                return False
            continue
        if malformed and tag == "insert" and j1 < form_start < j2 and j2 - j1 <= MAX_LOST_INSIDE and not lost_inside:
            lost_inside = True  # one run lost under the seal ("件有限" of "…零部件有限责任公司")
            continue
        if i2 - i1 > 1 or j2 - j1 > (2 if i2 > i1 else 1):
            return False  # a run of differing characters: another word, another name
        if _joins_run(ops, k):
            return False  # a glyph gained and one lost one character apart: a word changed (开发/发展)
        garbled_place = j2 <= place and not own_place  # "衡出县" spells no place
        if j1 < form_start and not garbled_place and not _inner_slip(tag, reading, name, i1, i2, j1, j2):
            return False  # a glyph of the 字号 or industry word changed or lost: 联通/联源, 机电/机械, 恒通/恒通达
        slips += 1
    return slips <= max(1, len(name) // SLIP_EVERY)


Opcode = tuple[str, int, int, int, int]


def _lookalike(read: str, printed: str) -> bool:
    """`read` is `printed` but for glyphs misread as their look-alikes (源/原, 耒/来)."""
    return len(read) == len(printed) and fold(read) == fold(printed)


def _misread_in_form(glyph: str, name: str, at: int, form_start: int) -> bool:
    """`glyph`, read for (not after) `name`'s characters from `at` on, is one misread glyph inside
    its legal form: the form's start was read ("有限么" for "有限公司"), and with the glyph it begins no other legal
    form ("有限责" begins 有限责任公司, "股" 股份有限公司: another firm's)."""
    if len(glyph) != 1 or at <= form_start:
        return False
    read = name[form_start:at] + glyph
    own = name[form_start:]
    return not any(suffix.startswith(read) for suffix in ORG_SUFFIXES if suffix != own)


def _joins_run(ops: list[Opcode], k: int) -> bool:
    """The slip `ops[k]` and the one two steps before it, a gained and a lost glyph, are parted by
    one matching character: together a run of differing characters ("开发" for "发展")."""
    if k < 2 or ops[k - 1][0] != "equal" or ops[k - 1][2] - ops[k - 1][1] != 1:
        return False
    return {ops[k][0], ops[k - 2][0]} == {"insert", "delete"}


def _inner_slip(tag: str, reading: str, name: str, i1: int, i2: int, j1: int, j2: int) -> bool:
    """A slip inside the place, trade name or industry word a seal makes: a look-alike glyph, or a
    glyph read twice; a glyph lost or changed there may be another firm's name (恒通达/恒通)."""
    if tag == "replace":
        return _lookalike(reading[i1:i2], name[j1:j2])
    if tag == "delete":
        return i2 - i1 == 1 and reading[i1] in (reading[i1 - 1:i1] + reading[i2:i2 + 1])
    return False


def _legal_form_start(name: str) -> int:
    """Where `name`'s legal form begins (its longest known suffix, with 集团 before it: "…集团有限公司"),
    or past its end where it has none."""
    start = min((len(name) - len(s) for s in ORG_SUFFIXES if name.endswith(s)), default=len(name))
    return start - len(GROUP) if name[:start].endswith(GROUP) else start


def _needed(ops: list[Opcode], length: int, place: int) -> float:
    """Characters of the name a reading must hold letter for letter: `MIN_SHARE` of the name, or of
    the part of it the reading spans where it opens with the name's place and ends in a whole
    character of it, the rest lost where the line was cut ("衡东县凯联汽车" of "衡东县凯联汽车零部件
    有限公司"), then at least the place, a trade name and two characters of the industry word: a
    last character of another word (汽配, 新能) would be another firm."""
    first, last = ops[0], ops[-1]
    if place == 0 or first[0] != "equal" or first[3] != 0 or last[0] != "insert" or last[4] != length:
        return MIN_SHARE * length
    return max(MIN_SHARE * last[3], place + MIN_TRADE_NAME + MIN_INDUSTRY)


def _unfolded(ops: list[Opcode], reading: str, name: str) -> list[Opcode]:
    """The alignment of the folded texts, `ops`, over the texts themselves: its equal spans split
    where the characters differ, differences side by side merged into one."""
    out: list[Opcode] = []
    for tag, i1, i2, j1, j2 in ops:
        spans = [(tag, i1, i2, j1, j2)] if tag != "equal" else [
            ("equal" if reading[i1 + k] == name[j1 + k] else "replace", i1 + k, i1 + k + 1, j1 + k, j1 + k + 1)
            for k in range(i2 - i1)]
        for op in spans:
            if out and (out[-1][0] == "equal") == (op[0] == "equal"):
                last = out[-1]
                out[-1] = (last[0] if last[0] == op[0] else "replace", last[1], op[2], last[3], op[4])
            else:
                out.append(op)
    return out


def _company_seal(doc: Document, pages: dict[int, Page]) -> Field | None:
    """The document's seal whose text matched the dossier's name, as a name field."""
    for index in doc.pages:
        page = pages.get(index)
        for seal in page.seals if page else []:
            if seal.matches_company:
                return Field(value=seal.text, confidence=SEAL_WITNESS_CONFIDENCE, page=index,
                             bbox=seal.bbox, raw=seal.text)
    return None


# A seal's ring over the year's last digits, as (the call year's digit, the digit read): a 0
# whose strokes it adds to (Arabic digits), 二 with a stroke added (Chinese numerals). One
# way only: a 4 read as 0 would date a letter of an earlier call in this one.
_YEAR_SLIPS = {("0", digit) for digit in ZERO_SLIPS}
_CHINESE_SLIPS = {("2", "3")}


def settle_signed_year(fields: dict[str, Field], intake_year: int, deadline: date | None = None) -> None:
    """The letter's `signed_date` whose year differs from the intake year in one digit is dated
    in the intake year, in place, the reading kept in `raw`, where the year as read is after
    the `deadline` (the intake year's end when not given) or its digit is a seal's usual slip
    in the year's last two. A date is never moved past the deadline; a year further off, or
    one off by a year that could be so, is left for a reviewer.

    >>> f = {"signed_date": Field(value="2024-10-12", confidence=0.95, page=3, raw="日期：2024年10月12日")}
    >>> settle_signed_year(f, 2020); f["signed_date"].value, f["signed_date"].raw
    ('2020-10-12', '日期：2024年10月12日')
    >>> f = {"signed_date": Field(value="2010-09-30", confidence=0.95, page=3)}
    >>> settle_signed_year(f, 2020); f["signed_date"].value  # 一 for 二: a year that may be
    '2010-09-30'
    """
    field = fields.get("signed_date")
    if field is None or not field.value:
        return
    latest = deadline or date(intake_year, 12, 31)
    signed = date.fromisoformat(str(field.value))
    read, call = f"{signed.year:04d}", f"{intake_year:04d}"
    slips = [(i, (b, a)) for i, (a, b) in enumerate(zip(read, call)) if a != b]
    if len(slips) != 1:
        return
    place, pair = slips[0]
    chinese = bool(field.raw and re.search(r"[〇○零一二三四五六七八九][0-9〇○零一二三四五六七八九]{0,3}\s*年", field.raw))
    usual = place >= 2 and pair in (_CHINESE_SLIPS if chinese else _YEAR_SLIPS)
    try:
        settled = signed.replace(year=intake_year)
    except ValueError:  # 29 February of a year that has none
        return
    if settled > latest or not (signed > latest or usual):
        return
    fields["signed_date"] = field.model_copy(update={
        "value": settled.isoformat(), "confidence": round(CONSENSUS_CONFIDENCE * field.confidence, 4),
        "raw": field.raw or str(field.value)})


# The documents that name the legal representative; the same person on each.
REPRESENTED = ("business_licence", "application_form")


def settle_representative(documents: list[Document], texts: Sequence[PageText]) -> None:
    """The legal representative read on the licence and on the form, in place: where the two
    readings differ only by look-alike glyphs ("朱流" for "朱波", `misread`), the OCR slipped on
    one of them, and the licence's reading stands for both unless the recogniser was surer of the
    form's (its line's confidence in `texts`); the other reading is kept in `raw`. Readings that
    differ otherwise (张伟/张军, 周英/周英敏) may be two people, left as read for a reviewer."""
    fields = [(doc, f) for doc in documents if doc.doc_type in REPRESENTED
              and (f := doc.fields.get("legal_representative")) is not None and f.value]
    readings = {str(f.value) for _, f in fields}
    if len(readings) != 2 or not misread(*readings):
        return
    pages = {text.index: text for text in texts}
    # The licence first: the form's reading wins only where it is strictly surer.
    ordered = sorted(fields, key=lambda pair: REPRESENTED.index(pair[0].doc_type))
    surest = max((f for _, f in ordered), key=lambda f: _recognised(f, pages.get(f.page)))
    for doc, field in fields:
        if field.value != surest.value:
            doc.fields["legal_representative"] = field.model_copy(update={
                "value": surest.value, "confidence": round(CONSENSUS_CONFIDENCE * field.confidence, 4),
                "raw": field.raw or str(field.value)})


def _recognised(field: Field, page: PageText | None) -> float:
    """How sure the recogniser was of the line `field` was read from (the field's own confidence
    also weighs where the extractor found it, which says nothing of the glyphs)."""
    if page is None or field.bbox is None:
        return field.confidence
    x0, y0, x1, y1 = field.bbox
    return max((line.confidence for line in page.lines if str(field.value) in line.text
                and line.box[0] < x1 and x0 < line.box[2] and line.box[1] < y1 and y0 < line.box[3]),
               default=field.confidence)


def _lookalikes(a: str, b: str) -> bool:
    return b in LOOKALIKES.get(a, "") or a in LOOKALIKES.get(b, "")


def _one_slip(reading: str, code: str) -> bool:
    """`reading` is `code` with one look-alike misread (0/O/D, 1/I/L, 2/Z, 5/S, 6/G, 8/B), its
    check character misread (whatever it was read as: the 17 characters before it give only one),
    or one character lost or gained; a transposition or another character is another code.

    >>> _one_slip("914304827989903640", "91430482798990364C"), _one_slip("914304827989903641", "91430482798990346C")
    (True, False)
    """
    if len(reading) == len(code):
        diffs = [(a, b) for a, b in zip(reading, code) if a != b]
        return len(diffs) == 1 and (_lookalikes(*diffs[0]) or reading[:-1] == code[:-1])
    return abs(len(reading) - len(code)) == 1 and Levenshtein.distance(reading, code) == 1


def settle_uscc(documents: list[Document], company: Company) -> None:
    """A form's or letter's USCC that failed its check (value None, the reading in `raw`) and is
    the dossier's USCC but for one slip of the OCR is the dossier's USCC, in place; the licence's
    only where its check character alone was misread (`settle_licence_uscc`)."""
    reference = company.uscc
    if reference is None or not reference.value:
        return
    code = str(reference.value)
    for doc in documents:
        field = doc.fields.get("uscc")
        if field is None or field.value or not field.raw:
            continue
        reading = _code_read(field.raw)
        if doc.doc_type == "business_licence" or not _one_slip(reading, code):
            continue
        doc.fields["uscc"] = field.model_copy(update={
            "value": code, "confidence": round(CONSENSUS_CONFIDENCE * field.confidence, 4)})
    settle_licence_uscc(documents)


def settle_licence_uscc(documents: list[Document]) -> None:
    """The licence's USCC that failed its check, in place, where its first 17 characters are another
    document's code that passes its own check ("91430482666987753" + "0" where the form reads
    "…753U"; "…2329)" with the J lost): the check character follows from the 17 before it, so that
    code is the only one the licence can bear. Settled at a lower confidence, the reading kept in
    `raw`; a licence code any other character of which differs is left unreadable for a reviewer."""
    codes = {str(f.value) for doc in documents if doc.doc_type != "business_licence"
             and (f := doc.fields.get("uscc")) is not None and f.value and uscc_id.is_valid(str(f.value))}
    for doc in documents:
        field = doc.fields.get("uscc")
        if doc.doc_type != "business_licence" or field is None or field.value or not field.raw:
            continue
        reading = _code_read(field.raw)
        matches = {code for code in codes if len(reading) in (CODE_LENGTH - 1, CODE_LENGTH)
                   and reading[:CODE_LENGTH - 1] == code[:-1] and reading != code}
        if len(matches) == 1:
            doc.fields["uscc"] = field.model_copy(update={
                "value": matches.pop(), "confidence": round(CONSENSUS_CONFIDENCE * field.confidence, 4)})


def _code_read(raw: str) -> str:
    """The code in a USCC line as read, without its label or stray punctuation."""
    return re.sub(r"[^0-9A-Za-z]", "", raw)
