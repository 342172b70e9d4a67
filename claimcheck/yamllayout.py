"""Checks on the YAML text that libyaml does not make, where it would return other data.

libyaml implements YAML 1.1 and accepts some text that YAML 1.2 reads differently or not at
all. The yaml-test-suite shows each of these; each check here refuses one class of them, with
the place, so the reader never returns data the file does not mean:

- U+0085, U+2028 and U+2029 are line breaks to libyaml (YAML 1.1) but ordinary characters to
  YAML 1.2: ``# note<NEL>status: refuted`` is a comment in one and data in the other;
- a ``#`` that libyaml takes for a comment but is not one, having no space before it
  (``"value"#x``, ``[a]#x``, ``|#x``);
- a ``?`` explicit key, which libyaml also finds where there is none (``{ ?foo: bar }``,
  ``[?x]`` are the text "?foo" and "?x");
- flow collections and quoted or plain text continued on a line less indented than the block
  they stand in (``key: [a,`` then ``b]`` at the margin), and tabs used as that indentation;
- block scalars whose invisible white space changes their value (the keep indicator ``+``
  with lines of spaces after the text), that hold nothing but lines of spaces, or that end the
  file without a line break (libyaml and the suite's reference reader disagree on the last
  line break);
- directives (``%YAML``, ``%TAG``): claim records need none, and libyaml misplaces them.

Each check runs only when the text holds the character it is about, so a plain record pays for
none of them.
"""

from __future__ import annotations

import bisect
import re

import yaml

from .errors import ProblemKind, YamlError
from .offsets import line_and_column

# A '?' where a token can start: after white space, at a line start or after a flow indicator.
_MAYBE_EXPLICIT_KEY = re.compile(r"(?:^|[\s\[{,])\?", re.MULTILINE)
_LINE_BREAKS_OF_YAML_1_1 = re.compile("[\x85\u2028\u2029]")
_BREAK_NAMES = {
    "\x85": ("U+0085 (next line)", "\\N"),
    "\u2028": ("U+2028 (line separator)", "\\L"),
    "\u2029": ("U+2029 (paragraph separator)", "\\P"),
}
_BLOCK_HEADER = re.compile(r"[|>]([1-9][+-]?|[+-][1-9]?)?")


def located(
    text: str, index: int, message: str, kind: ProblemKind = ProblemKind.SYNTAX
) -> YamlError:
    line, column = line_and_column(text, index)
    return YamlError(message, line=line, column=column, kind=kind)


def check_line_breaks(text: str) -> None:
    """Refuse the characters YAML 1.1 takes for line breaks and YAML 1.2 does not."""
    if "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return  # (three substring searches cost less than one regular expression)
    found = _LINE_BREAKS_OF_YAML_1_1.search(text)
    if found is not None:
        name, escape = _BREAK_NAMES[found.group()]
        raise located(
            text,
            found.start(),
            f"the file contains {name}, which YAML readers disagree on (a line break in YAML "
            f"1.1, a character in YAML 1.2); write it as {escape} inside a double-quoted string",
            ProblemKind.UNSAFE,
        )


def check_explicit_keys(text: str) -> None:
    """Refuse every '?' explicit key, including those libyaml wrongly sees in '?foo'."""
    if "?" not in text or _MAYBE_EXPLICIT_KEY.search(text) is None:
        return
    for token in yaml.scan(text, Loader=_Scanner):
        if isinstance(token, yaml.KeyToken) and text[token.start_mark.index] == "?":
            raise located(
                text,
                token.start_mark.index,
                "explicit keys ('?') are not allowed in claim records: write 'key: value' "
                "(and quote a key or value that starts with '?')",
                ProblemKind.UNSAFE,
            )


try:
    from yaml import CSafeLoader as _Scanner
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Scanner  # type: ignore[assignment]


def block_scalar_content_start(text: str, start: int, end: int) -> int:
    """Check a block scalar's header and trailing white space; return where its text starts.

    ``start`` and ``end`` are the scalar's marks (the header, or the tag before it, to the end
    of its last line).
    """
    header = _find_header(text, start, end)
    match = _BLOCK_HEADER.match(text, header)
    indicators = match.group(1) or "" if match else ""
    after = header + 1 + len(indicators)
    if after < len(text) and text[after] == "#":
        raise located(
            text, after, "a comment needs a space before its '#'; write '| # ...' or remove it"
        )
    newline = text.find("\n", after, end)
    content = end if newline == -1 else newline + 1
    _check_trailing_white_space(text, content, end, indicators)
    return content


def _find_header(text: str, start: int, end: int) -> int:
    # The scalar's marks start at its tag when it has one (`!!str |`); the header follows.
    index = start
    while index < end and text[index] not in "|>":
        index = text.find(" ", index, end) + 1 or end
        while index < end and text[index] in " \t\n":
            index += 1
    return min(index, end - 1)


def _check_trailing_white_space(text: str, content: int, end: int, indicators: str) -> None:
    if not text[end:].strip(" \t\n"):
        end = len(text)  # white space at the end of the file belongs to the last scalar
    body = text[content:end]
    if end == len(text) and body and not text.endswith("\n") and "-" not in indicators:
        # libyaml ends the text there; the suite's reference reader adds the line break
        # that clip and keep chomping keep.
        raise located(
            text,
            len(text),
            "the file ends inside a block scalar without a line break, and YAML readers "
            "disagree whether its text ends with one; end the file with a line break",
            ProblemKind.UNSAFE,
        )
    last_text = len(body.rstrip(" \t\n"))
    if last_text:  # the lines after the last line with text
        newline = body.find("\n", last_text)
        trailing = "" if newline == -1 else body[newline + 1 :]
    else:
        trailing = body
    if " " not in trailing and "\t" not in trailing:
        return
    where = content + len(body) - len(trailing.lstrip("\n"))
    if not last_text:
        raise located(
            text,
            where,
            "this block scalar holds only lines of spaces, which YAML readers read "
            "differently; write '' or remove the spaces",
            ProblemKind.UNSAFE,
        )
    if "+" in indicators:
        raise located(
            text,
            where,
            "lines of spaces after the text of a '+' (keep) block scalar are read differently "
            "by YAML readers; remove the spaces from the empty lines",
            ProblemKind.UNSAFE,
        )


def check_continuation_lines(
    text: str, start: int, end: int, required: int, *, collection: bool
) -> None:
    """Lines 2.. of a flow collection or of flow text must be indented past their block.

    ``required`` is the number of spaces the block they stand in asks for. In a flow collection
    a line that holds only a comment may stand anywhere; text inside it is checked on its own.
    """
    position = text.find("\n", start, end)
    while position != -1:
        line_start = position + 1
        line_end = text.find("\n", line_start)
        line = text[line_start : len(text) if line_end == -1 else line_end]
        stripped = line.lstrip(" \t")
        spaces = len(line) - len(line.lstrip(" "))
        if collection:
            fine = not stripped or stripped.startswith("#") or spaces >= required
        else:
            # An empty line of text may be less indented, if it holds spaces only.
            fine = spaces >= required or (not stripped and spaces == len(line))
        if not fine:
            raise located(
                text,
                line_start + spaces,
                f"this line continues a value from the line above but is indented by {spaces} "
                f"space(s); indent it by at least {required} (tabs do not count)",
            )
        position = text.find("\n", line_start, end)


def check_outside_scalars(text: str, spans: list[tuple[int, int]]) -> int | None:
    """Check every '#' and '%' that stands outside the text of a scalar; return the first
    comment's line, or None.

    ``spans`` are the (start, end) offsets of every scalar's text, in order.
    """
    starts = [span[0] for span in spans]

    def inside(index: int) -> bool:
        at = bisect.bisect_right(starts, index) - 1
        return at >= 0 and index < spans[at][1]

    first_comment: int | None = None
    position = text.find("#")
    while position != -1:
        if not inside(position):
            if position and text[position - 1] not in " \t\n":
                raise located(
                    text,
                    position,
                    "a comment needs a space before its '#'; add one, or quote the value",
                )
            if first_comment is None:
                first_comment = text.count("\n", 0, position) + 1
            # The rest of the line is the comment.
            position = text.find("\n", position)
            if position == -1:
                break
        position = text.find("#", position + 1)
    position = 0 if text.startswith("%") else text.find("\n%")
    while position != -1:
        index = position if text[position] == "%" else position + 1
        if not inside(index):
            raise located(
                text,
                index,
                "YAML directives (%YAML, %TAG) are not allowed in claim records; delete the line",
                ProblemKind.UNSAFE,
            )
        position = text.find("\n%", index)
    return first_comment
