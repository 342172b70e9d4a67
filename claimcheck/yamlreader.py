"""Reading YAML into plain data, with the place of every field, or refusing it with its place.

The text is parsed into events by PyYAML's libyaml parser (the pure-Python one where libyaml is
missing) and the data is built here, from the events, rather than by PyYAML's constructor:

- only plain data is accepted: the YAML 1.2 core tags (str, int, float, bool, null, map, seq);
  ``!!python/object``, every other tag and the non-specific tag ``!`` are refused, so no loader
  can run code and no tag can change what a value means;
- anchors (``&name``) and aliases (``*name``) are refused, every one, which also defuses alias
  bombs ("billion laughs"); so are merge keys (``<<``);
- a key given twice in one mapping is an error naming both lines; keys are compared by type and
  value, as YAML does, so ``1`` and ``true`` are two keys (and refused together, since Python
  would merge them);
- plain scalars mean what the YAML 1.2 core schema says (``yamlscalars``), with ISO dates;
- what libyaml would read differently from YAML 1.2 is refused (``yamllayout``);
- the line and column of every mapping key and sequence item are kept, keyed by path, so a
  problem can point at the field it is about.

The garbage collector is paused while building: the objects made are all new and acyclic, and
collections triggered by allocation alone would otherwise dominate the time.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from .errors import ProblemKind, YamlError
from .gcpause import gc_paused
from .offsets import line_and_column
from .yamlfast import read_canonical
from .yamllayout import (
    block_scalar_content_start,
    check_continuation_lines,
    check_explicit_keys,
    check_line_breaks,
    check_outside_scalars,
)
from .yamlparsed import Locations, ParsedYaml, PathKey
from .yamlscalars import (
    CORE,
    MAP,
    MAYBE_NOT_TEXT,
    SEQ,
    ScalarError,
    construct_tagged,
    resolve_plain,
)

try:  # libyaml bindings; the pure-Python parser is a correct but slower fallback
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

_SCALAR_TAGS = frozenset(CORE + name for name in ("str", "int", "float", "bool", "null"))
_NO_KEY = object()  # a mapping frame waiting for its next key
_FLOW_INDICATORS = frozenset(",[]{}")


def short_tag(tag: str) -> str:
    return "!!" + tag[len(CORE) :] if tag.startswith(CORE) else tag


class _Frame:
    """A mapping or sequence being built."""

    __slots__ = ("container", "flow", "indent", "key", "mapping", "path", "start")

    def __init__(self, container: Any, path: PathKey, event: Any) -> None:
        self.container = container
        self.path = path
        self.mapping = isinstance(container, dict)
        self.flow = bool(event.flow_style)
        self.start = event.start_mark.index
        self.key: Any = _NO_KEY
        # Block collections: the column of their entries (keys or '-'), found when needed.
        self.indent: int | None = None


class _Builder:
    """Builds the data of one document from parser events, recording locations."""

    def __init__(self, text: str, parser: Any, spans: list[tuple[int, int]] | None) -> None:
        self.text = text
        self.parser = parser
        self.locations: Locations = {}
        self.spans = spans  # the scalars' text, collected when a check needs it
        self.stack: list[_Frame] = []

    def document(self) -> Any:
        get_event = self.parser.get_event
        stack = self.stack
        locations = self.locations
        spans = self.spans
        root: Any = None
        path: PathKey
        while True:
            event = get_event()
            kind = event.__class__
            if kind is ScalarEvent:
                # The common case, inline: an untagged one-line scalar in a collection, not a
                # key seen before. Everything else takes the general path below.
                style = event.style
                mark = event.start_mark
                if (
                    stack
                    and event.anchor is None
                    and event.tag is None
                    and style != "|"
                    and style != ">"
                    and mark.line == event.end_mark.line
                ):
                    value = event.value
                    if not style and (not value or value[0] in MAYBE_NOT_TEXT):
                        value = self.plain(event, value)
                    frame = stack[-1]
                    if spans is not None:
                        spans.append((mark.index, event.end_mark.index))
                    if not frame.mapping:
                        items = frame.container
                        path = (*frame.path, len(items))
                        locations[path] = (mark.line + 1, mark.column + 1)
                        items.append(value)
                        continue
                    if frame.key is not _NO_KEY:
                        frame.container[frame.key] = value
                        frame.key = _NO_KEY
                        continue
                    if value != "<<" and value not in frame.container:
                        path = (*frame.path, value)
                        locations[path] = (mark.line + 1, mark.column + 1)
                        frame.key = value
                        continue
                    # a quoted '<<' is a key; a plain one, or a key seen before, is refused
                    self.place(frame, value, event)
                    continue
                value = self.scalar(event)
                if stack:
                    self.place(stack[-1], value, event)
                else:
                    root = value
                    self.locations[()] = _position(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                container = self.collection(event, kind is MappingStartEvent)
                path = ()
                if stack:
                    parent = stack[-1]
                    if parent.mapping and parent.key is _NO_KEY:
                        raise _error(event, "a key must be a plain name, not a list or mapping")
                    path = self.place(parent, container, event)
                else:
                    root = container
                    self.locations[()] = _position(event)
                stack.append(_Frame(container, path, event))
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                if frame.flow and stack and not stack[-1].flow:
                    required = self.required_indent()
                    check_continuation_lines(
                        self.text, frame.start, event.end_mark.index, required, collection=True
                    )
            elif kind is AliasEvent:
                raise _anchor_error(event)
            else:  # the end of the document
                return root

    def place(self, frame: _Frame, value: Any, event: Any) -> PathKey:
        """Put a built value into its mapping or sequence; return its path."""
        mark = event.start_mark
        if not frame.mapping:
            items = frame.container
            path = (*frame.path, len(items))
            self.locations[path] = (mark.line + 1, mark.column + 1)
            items.append(value)
            return path
        key = frame.key
        if key is _NO_KEY:  # this value is a key
            if value == "<<" and event.__class__ is ScalarEvent and not event.style:
                raise _error(
                    event,
                    "merge keys (<<) are not allowed in claim records; write the fields out",
                    ProblemKind.UNSAFE,
                )
            if value in frame.container:
                raise self.repeated_key(frame, value, event)
            key_path = (*frame.path, value)
            self.locations[key_path] = (mark.line + 1, mark.column + 1)
            frame.key = value
            return frame.path
        frame.container[key] = value
        frame.key = _NO_KEY
        return (*frame.path, key)

    def repeated_key(self, frame: _Frame, key: Any, event: Any) -> YamlError:
        first = next(known for known in frame.container if known == key)
        key_path = (*frame.path, key)
        first_line = self.locations[key_path][0]
        if type(first) is type(key):
            return _error(
                event,
                f"duplicate key {key!r} (first given at line {first_line}); "
                "a key may appear only once in a mapping: keep one and delete the other",
                ProblemKind.DUPLICATE_KEY,
            )
        return _error(
            event,
            f"the keys {_yaml_word(first)} (line {first_line}) and {_yaml_word(key)} are "
            "different keys in YAML but the same to claimcheck; quote them to make them text",
            ProblemKind.DUPLICATE_KEY,
        )

    def collection(self, event: Any, mapping: bool) -> dict[Any, Any] | list[Any]:
        if event.anchor is not None:
            raise _anchor_error(event)
        tag = event.tag
        if tag is not None and tag != (MAP if mapping else SEQ):
            raise _tag_error(event)
        return {} if mapping else []

    def scalar(self, event: Any) -> Any:
        if event.anchor is not None:
            raise _anchor_error(event)
        style = event.style
        start, end = event.start_mark.index, event.end_mark.index
        content = start
        if style == "|" or style == ">":
            content = block_scalar_content_start(self.text, start, end)
        elif event.start_mark.line != event.end_mark.line:
            required = self.required_indent()
            if required:
                check_continuation_lines(self.text, start, end, required, collection=False)
        if self.spans is not None:
            self.spans.append((content, end))
        tag = event.tag
        value = event.value
        try:
            if tag is None:
                # quoted or block scalars are text
                return self.plain(event, value) if not style else value
            if tag in _SCALAR_TAGS:
                return construct_tagged(tag, value)
        except ScalarError as err:
            raise _error(event, str(err), err.kind) from None
        if tag == "!":
            raise _error(
                event,
                "the non-specific tag '!' is not allowed (YAML readers disagree on what it "
                "makes of a value); remove it, and quote the value if it is text",
                ProblemKind.UNSAFE,
            )
        raise _tag_error(event)

    def plain(self, event: Any, value: str) -> Any:
        """The value of a plain scalar (YAML 1.2 core schema), or a located refusal."""
        if value[:1] == "-" and self.bad_plain_start(value):
            raise _error(
                event, f"{value!r} cannot stand unquoted here; quote it", ProblemKind.SYNTAX
            )
        try:
            return resolve_plain(value)
        except ScalarError as err:
            raise _error(event, str(err), err.kind) from None

    def bad_plain_start(self, value: str) -> bool:
        # A plain scalar starts with '-' only when text follows (YAML 1.2, ns-plain-first);
        # libyaml also reads a lone '-' in a flow collection as text.
        follower = value[1:2]
        in_flow = bool(self.stack) and self.stack[-1].flow
        return not follower or follower in " \t" or (in_flow and follower in _FLOW_INDICATORS)

    def required_indent(self) -> int:
        """Spaces a continued line needs in the innermost block collection (0 at the top)."""
        for frame in reversed(self.stack):
            if frame.flow:
                continue
            if frame.indent is None:
                frame.indent = _entry_column(self.text, frame)
            return frame.indent + 1
        return 0


def _entry_column(text: str, frame: _Frame) -> int:
    """The column of a block collection's entries: its first key, or its first '-'."""
    index: int = frame.start
    if text[index] not in "!&":
        return index - (text.rfind("\n", 0, index) + 1)
    # A tag stands before the entries, which start on a later line.
    for line in text[index:].split("\n")[1:]:
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith("#"):
            return len(line) - len(stripped)
    return 0  # pragma: no cover - a block collection has an entry


def _yaml_word(key: Any) -> str:
    if key is True or key is False:
        return str(key).lower()
    return "null" if key is None else repr(key)


def _position(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


def _error(event: Any, message: str, kind: ProblemKind = ProblemKind.SYNTAX) -> YamlError:
    line, column = _position(event)
    return YamlError(message, line=line, column=column, kind=kind)


def _anchor_error(event: Event) -> YamlError:
    return _error(
        event,
        "YAML anchors and aliases (&name, *name) are not allowed in claim records; "
        "write the value out in full",
        ProblemKind.UNSAFE,
    )


def _tag_error(event: Any) -> YamlError:
    return _error(
        event,
        f"the YAML tag {short_tag(event.tag)} is not allowed: claim records are plain YAML "
        "(text, numbers, dates, lists and mappings); remove the tag",
        ProblemKind.UNSAFE,
    )


def parse_yaml(text: str) -> ParsedYaml:
    """Parse one YAML document safely; raise YamlError (with line and column) on any problem.

    An empty file gives data None; a file of more than one document is refused.
    """
    canonical = read_canonical(text, placed=False)  # claimcheck's own layout, read quickly
    if canonical is not None:
        return ParsedYaml(*canonical, unplaced=text)
    documents = _parse(text, single=True)
    return documents[0] if documents else ParsedYaml(None, {})


def parse_yaml_stream(text: str) -> list[ParsedYaml]:
    """Every document of a YAML stream, by the same rules as ``parse_yaml``."""
    return _parse(text, single=False)


def _parse(text: str, *, single: bool) -> list[ParsedYaml]:
    text = _unix_line_breaks(text)
    check_line_breaks(text)
    parser = _Parser(text)
    spans: list[tuple[int, int]] | None = [] if "#" in text or "%" in text else None
    documents: list[ParsedYaml] = []
    try:
        with gc_paused():
            parser.get_event()  # the start of the stream
            while not parser.check_event(StreamEndEvent):
                start = parser.get_event()
                if not isinstance(start, DocumentStartEvent):  # pragma: no cover
                    raise _error(start, "invalid YAML: expected a document")
                if documents and single:
                    raise _error(
                        start,
                        "the file holds more than one YAML document ('---'); a claim record is one",
                    )
                if start.version is not None or start.tags:
                    raise _error(
                        start,
                        "YAML directives (%YAML, %TAG) are not allowed in claim records; "
                        "delete the line",
                        ProblemKind.UNSAFE,
                    )
                builder = _Builder(text, parser, spans)
                data = builder.document()
                documents.append(ParsedYaml(data, builder.locations))
        check_explicit_keys(text)
    except yaml.MarkedYAMLError as err:
        raise _marked_error(err) from None
    except yaml.YAMLError as err:  # reader errors (control characters) and the like
        raise _plain_yaml_error(err, text) from None
    except RecursionError:  # pragma: no cover - the parser bounds nesting first
        raise YamlError("the YAML is nested too deeply", kind=ProblemKind.SYNTAX) from None
    finally:
        parser.dispose()
    if spans is not None:
        spans.sort()
        check_outside_scalars(text, spans)
    return documents


def first_comment_line(text: str) -> int | None:
    """The first line holding a YAML comment, or None (also for text that does not parse).

    A comment is a '#' that stands outside the text of every value, after a space or at the
    start of a line, including one after a block scalar's header (``claim: |  # note``).
    """
    if "#" not in text:
        return None
    text = _unix_line_breaks(text)
    parser = _Parser(text)
    spans: list[tuple[int, int]] = []
    try:
        while not parser.check_event(StreamEndEvent):
            event = parser.get_event()
            if isinstance(event, ScalarEvent):
                spans.append(_text_span(text, event))
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    try:
        return check_outside_scalars(text, spans)
    except YamlError:
        return None


def _unix_line_breaks(text: str) -> str:
    # YAML reads CR LF and a lone CR as LF, in values too: the same data, and the checks on
    # the text then need to know one line break only. Lines and columns stay the same.
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _text_span(text: str, event: Any) -> tuple[int, int]:
    """Where a scalar's text stands: a block scalar's starts on the line after its header."""
    start, end = event.start_mark.index, event.end_mark.index
    if event.style == "|" or event.style == ">":
        newline = text.find("\n", start, end)
        start = end if newline == -1 else newline + 1
    return start, end


def _marked_error(err: yaml.MarkedYAMLError) -> YamlError:
    mark = err.problem_mark or err.context_mark
    parts = [p for p in (err.context, err.problem) if p]
    message = "invalid YAML: " + ("; ".join(parts) if parts else "syntax error")
    if mark is None:
        return YamlError(message, kind=ProblemKind.SYNTAX)
    return YamlError(message, line=mark.line + 1, column=mark.column + 1, kind=ProblemKind.SYNTAX)


def _plain_yaml_error(err: yaml.YAMLError, text: str) -> YamlError:
    # ReaderError (non-printable characters) carries a position but no mark.
    position = getattr(err, "position", None)
    character = getattr(err, "character", None)
    if isinstance(position, int) and character is not None:
        code = ord(character) if isinstance(character, str) else int(character)
        line, column = line_and_column(text, position)
        return YamlError(
            f"the file contains the control character U+{code:04X}, which YAML does not allow; "
            "remove it or write it as an escape (\\x..) inside a double-quoted string",
            line=line,
            column=column,
            kind=ProblemKind.SYNTAX,
        )
    return YamlError(f"invalid YAML: {err}", kind=ProblemKind.SYNTAX)
