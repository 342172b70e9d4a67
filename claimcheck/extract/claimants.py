"""Who says it: the claimant of a sentence, from the ways news text attributes its facts.

"X said", "said X", "according to X", "X told AFP", "X put the number at", "X estimates";
"Person, spokeswoman for Body" and "Body spokeswoman Person" become ``Person (Body)``; titles
("Russian Foreign Minister") are left out of the name; a surname alone ("Lavrov said") is
written in full when the document named the person before; "he", "she" or "they said" is the
person named last; a quotation without an attribution of its own belongs to the speaker named in
its paragraph, or to the speaker of the quotation before it. No attribution: ``None``, the
document's own voice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import Sentence

_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
_CAP = rf"(?:[{_UPPER}][\w'\u2019.-]*|al-[{_UPPER}][\w'-]*)"
_LINK = r"(?:\s+(?:(?:of|for)(?:\s+the)?|de|del|da|van|von|bin|ibn|al|el|la|le)(?=\s+[A-Z]))?"
_NAME = rf"{_CAP}(?:{_LINK}\s+{_CAP})*"
_NAME_RE = re.compile(_NAME)
_VERBS = (
    r"said|says|say|told|tells|stated|states|announced|announces|reported|reports|estimated|"
    r"estimates|estimate|claimed|claims|added|adds|noted|notes|warned|warns|confirmed|confirms|"
    r"insisted|insists|argued|argues|wrote|writes|tweeted|explained|acknowledged|acknowledges|"
    r"revealed|reveals|disclosed|predicted|predicts"
)
_PUT = r"put\s+(?:the\s+)?(?:number|figure|toll|death\s+toll|total|cost|bill|count)\s+at"
_VERB_RE = re.compile(rf"(?<!\w)(?:{_VERBS}|{_PUT})(?!\w)")
_ACCORDING = re.compile(r"(?<!\w)according\s+to\s+(?:the\s+|a\s+)?", re.IGNORECASE)
_PRONOUN = re.compile(r"(?:^|\W)(?P<pronoun>he|she|they|He|She|They)\s*$")
_LOWER_NP = re.compile(
    r"(?:(?<=\W)|^)(?P<np>(?:the\s+|a\s+|local\s+|senior\s+)?(?:[A-Za-z]+\s+){0,2}"
    r"(?:officials|police|authorities|ministry|government|researchers|scientists|doctors|"
    r"experts|analysts|economists|witnesses|residents|activists|organisers|organizers|"
    r"rescuers|firefighters|investigators|prosecutors|statisticians|figures|data|report|study|"
    r"survey|poll|census|agency|army|military|council|company|spokesman|spokeswoman|commission|"
    r"office|service|operator|institute|bureau|department|mission|board|authority|committee|"
    r"union|campaign|group|observers|monitors|watchdog|regulator|bank))\s*,?\s*$"
)
ROLES = (
    r"spokeswoman|spokesman|spokesperson|official|chief|head|director|president|chairman|"
    r"chairwoman|minister|secretary|economist|analyst|researcher|expert|representative|envoy|"
    r"coordinator|commander|governor|mayor|executive|manager|leader|adviser|advisor|officer|"
    r"doctor|professor|chief executive"
)
_BODY_ROLE_PERSON = re.compile(
    rf"^(?:the\s+)?(?P<body>{_NAME})(?:'s)?\s+(?:[a-z]+\s+)?(?:{ROLES})\s+(?P<person>{_NAME})$"
)
_PERSON_ROLE_BODY = re.compile(
    rf"(?P<person>{_NAME}),\s+(?:a\s+|the\s+)?(?:[a-z]+\s+){{0,2}}(?:{ROLES})\s+"
    rf"(?:for|of|at|with|to)\s+(?:the\s+)?(?P<body>{_NAME})"
)
# Words that introduce a name without being part of it.
_TITLES = frozenset(
    [
        "president",
        "chancellor",
        "prime",
        "minister",
        "foreign",
        "interior",
        "defence",
        "defense",
        "health",
        "finance",
        "economy",
        "trade",
        "secretary",
        "general",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chief",
        "director",
        "governor",
        "mayor",
        "senator",
        "sen",
        "sen.",
        "rep",
        "rep.",
        "dr",
        "dr.",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "prof",
        "prof.",
        "professor",
        "king",
        "queen",
        "prince",
        "ambassador",
        "commissioner",
        "chairman",
        "chairwoman",
        "ceo",
        "executive",
        "head",
        "leader",
        "deputy",
        "vice",
        "envoy",
        "official",
        "officer",
        "police",
        "captain",
        "colonel",
        "col.",
        "gen.",
        "lieutenant",
        "sheriff",
        "judge",
        "economist",
        "analyst",
        "coach",
        "manager",
        "state",
        "opposition",
        "labour",
        "labor",
        "party",
        "senior",
        "acting",
        "former",
        "top",
        "emergency",
        "russian",
        "turkish",
        "iranian",
        "syrian",
        "american",
        "british",
        "french",
        "german",
        "chinese",
        "japanese",
        "indian",
        "israeli",
        "palestinian",
        "ukrainian",
        "iraqi",
        "afghan",
        "pakistani",
        "egyptian",
        "saudi",
        "lebanese",
        "jordanian",
        "kenyan",
        "nigerian",
        "brazilian",
        "mexican",
        "canadian",
        "australian",
        "italian",
        "spanish",
        "greek",
        "polish",
        "dutch",
        "swedish",
        "korean",
        "ethiopian",
        "sudanese",
        "yemeni",
        "libyan",
        "european",
    ]
)
_STOP_CAPS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "but",
        "and",
        "or",
        "so",
        "yet",
        "this",
        "that",
        "it",
        "its",
        "we",
        "i",
    ]
)
_NEW_CLAUSE = re.compile(r"[,;]\s+(?:and|but|while|whereas)\s|;\s")
_RELATIVE = re.compile(r",\s+(?:which|who|whose)\s")
_QUOTES = '"\u201c\u201d'


@dataclass(frozen=True)
class Attribution:
    """Who a sentence attributes its words to, and where in the sentence the attribution is."""

    claimant: str
    offset: int  # in the sentence
    person: bool  # a named person (a later "he said" may refer to them)
    spoken: bool = True  # "X said" (at the event reported), not "according to X"


def _strip_titles(name: str) -> str:
    words = name.rstrip(".").split()
    while len(words) > 1 and words[0].lower().strip(",") in _TITLES:
        words.pop(0)
    while words and words[0].lower() in _STOP_CAPS:
        words.pop(0)
    return " ".join(words)


def _with_body(phrase: str) -> tuple[str, bool] | None:
    """A name, with its body where the phrase gives one; None when it names nobody."""
    phrase = phrase.strip().rstrip(",")
    found = _BODY_ROLE_PERSON.match(phrase)
    if found is not None:
        body = _strip_titles(found.group("body"))
        person = _strip_titles(found.group("person"))
        if body.lower() in _TITLES:
            return person, True
        return f"{person} ({body})", True
    name = _NAME_RE.fullmatch(phrase)
    if name is None:
        return None
    stripped = _strip_titles(phrase)
    if not stripped:
        return None
    return stripped, len(stripped.split()) >= 2 or phrase != stripped


def _before(clause: str) -> tuple[str, bool] | None:
    """The name just before an attribution verb."""
    clause = clause.rstrip()
    appositive = _PERSON_ROLE_BODY.search(clause)
    if appositive is not None and appositive.end() == len(clause.rstrip(",")):
        person = _strip_titles(appositive.group("person"))
        return f"{person} ({_strip_titles(appositive.group('body'))})", True
    for found in _NAME_RE.finditer(clause):
        if found.end() == len(clause.rstrip(",")):
            start = found.start()
            # "Red Cross spokeswoman Ingy Sedky": a role word between two names joins them
            joined = re.search(rf"({_NAME})\s+(?:[a-z]+\s+)?(?:{ROLES})\s+$", clause[:start])
            if joined is not None:
                start = joined.start()
            return _with_body(clause[start : found.end()])
    lower = _LOWER_NP.search(clause)
    if lower is not None:
        return _bare(lower.group("np")), False
    return None


def _bare(phrase: str) -> str:
    """A common-noun claimant without its article or a joining word: "residents"."""
    words = phrase.strip().rstrip(",").split()
    while len(words) > 1 and words[0].lower() in (
        "the",
        "a",
        "and",
        "but",
        "or",
        "while",
        "as",
        "that",
    ):
        words.pop(0)
    return " ".join(words)


def _after(rest: str) -> tuple[str, bool] | None:
    """The name just after an inverted attribution: ', said Lavrov'; 'according to X'."""
    appositive = _PERSON_ROLE_BODY.match(rest)
    if appositive is not None:
        person = _strip_titles(appositive.group("person"))
        return f"{person} ({_strip_titles(appositive.group('body'))})", True
    found = re.match(rf"(?:(?:{_NAME})\s+(?:[a-z]+\s+)?(?:{ROLES})\s+)?{_NAME}", rest)
    if found is None:
        lower = re.match(r"(?:the\s+)?((?:[a-z]+\s+){0,2}[a-z]+)", rest)
        if lower is not None and _LOWER_NP.search(lower.group()):
            return _bare(lower.group()), False
        return None
    return _with_body(found.group())


def _in_sentence(text: str) -> list[Attribution]:
    found: list[Attribution] = []
    for according in _ACCORDING.finditer(text):
        who = _after(text[according.end() :])
        if who is not None:
            found.append(Attribution(who[0], according.start(), who[1], spoken=False))
    for verb in _VERB_RE.finditer(text):
        # "officials have confirmed": the auxiliary is not part of the name
        before = re.sub(r"(?<=\w)\s+(?:have|has|had)\s+$", " ", text[: verb.start()])
        pronoun = _PRONOUN.search(before)
        if pronoun is not None:
            found.append(Attribution("\x00" + pronoun.group("pronoun").lower(), verb.start(), True))
            continue
        if verb.group() in ("added", "adds") and not re.search(
            r"[,\"\u201d]\s*(?:\S+\s+){0,4}$", before
        ):
            continue  # "employers added 210,000 jobs" attributes nothing
        who = _before(before)
        if who is None and re.search(r"[,\u201d\"]\s*$", before):
            who = _after(text[verb.end() :].lstrip())
        if who is not None:
            found.append(Attribution(who[0], verb.start(), who[1]))
    return sorted(found, key=lambda a: a.offset)


def _quoted(sentence: Sentence) -> bool:
    return any(mark in sentence.text for mark in _QUOTES)


class Claimants:
    """The attributions of a document's sentences, worked out once, in order."""

    def __init__(self, text: str, sentences: list[Sentence]) -> None:
        self._full_names = self._names(sentences)
        self._sentences = sentences
        self._found: list[list[Attribution]] = []
        last_person: str | None = None
        for sentence in sentences:
            attributions = []
            for attribution in _in_sentence(sentence.text):
                name = attribution.claimant
                if name.startswith("\x00"):
                    if last_person is None:
                        continue
                    name = last_person
                else:
                    full = self._full(name)
                    if full != name:  # a surname the document gave in full: a person
                        attribution = Attribution(
                            full, attribution.offset, True, attribution.spoken
                        )
                    name = full
                attributions.append(
                    Attribution(name, attribution.offset, attribution.person, attribution.spoken)
                )
                if attribution.person:
                    last_person = name
            self._found.append(attributions)
        self._quotation_speakers()

    @staticmethod
    def _names(sentences: list[Sentence]) -> dict[str, str]:
        """Each surname the document writes in full, with the full name first given."""
        full: dict[str, str] = {}
        for found in (m for s in sentences for m in _NAME_RE.finditer(s.text)):
            name = _strip_titles(found.group())
            words = name.split()
            if len(words) >= 2 and all(word[:1].isupper() for word in words):
                full.setdefault(words[-1], name)
        return full

    def _full(self, name: str) -> str:
        if " " not in name and "(" not in name:
            return self._full_names.get(name, name)
        return name

    def _quotation_speakers(self) -> None:
        """A quotation with no attribution takes the speaker of its paragraph, else of the
        quotation just before it (a paragraph that goes on quoting)."""
        sentences = self._sentences
        for index, sentence in enumerate(sentences):
            if self._found[index] or not _quoted(sentence):
                continue
            same = [
                i
                for i, other in enumerate(sentences)
                if other.paragraph == sentence.paragraph and self._found[i] and _quoted(other)
            ]
            speaker: str | None = None
            if same:
                speaker = self._found[same[0]][-1].claimant
            elif sentence.text.lstrip()[:1] in _QUOTES:
                for back in range(index - 1, max(-1, index - 4), -1):
                    if sentences[back].paragraph == sentence.paragraph - 1 and self._found[back]:
                        if _quoted(sentences[back]):
                            speaker = self._found[back][-1].claimant
                        break
            if speaker is not None:
                self._found[index] = [Attribution(speaker, 0, True)]

    def of(self, index: int, offset: int) -> Attribution | None:
        """The attribution of a fact at ``offset`` in sentence number ``index``: the one
        nearest the fact."""
        text = self._sentences[index].text
        # "X, and residents say Y": an attribution that opens a clause does not reach back
        # "..., said X, chief of Y, which employs 2,300 people": the figure describes Y
        attributions = [
            a
            for a in self._found[index]
            if (a.offset <= offset or not _NEW_CLAUSE.search(text, offset, a.offset))
            and (a.offset > offset or not _RELATIVE.search(text, a.offset, offset))
        ]
        if not attributions:
            return None
        return min(attributions, key=lambda a: abs(a.offset - offset))
