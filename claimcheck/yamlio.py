"""Safe, fast YAML reading with locations, and the canonical YAML writer.

Reading composes the node tree with PyYAML's C parser (pure-Python parser where libyaml is
missing) and builds plain Python data from it here, rather than with PyYAML's constructor:

- only plain YAML is accepted: core tags (str, int, float, bool, null, timestamp, map, seq);
  ``!!python/object`` and every other tag is refused, so no loader can run code;
- anchors and aliases are refused, which also defuses alias bombs ("billion laughs");
- a key given twice in one mapping is an error (PyYAML silently keeps the last one);
- booleans follow YAML 1.2 (only true/false), so ``language: no`` stays the string "no";
- the line and column of every mapping key and sequence item are kept, keyed by path,
  so a problem can point at the field it is about.

The garbage collector is paused while building: the objects made are all new and acyclic, and
collections triggered by allocation alone would otherwise dominate the time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import YamlError
from .gcpause import gc_paused

try:  # libyaml bindings; the pure-Python safe loader is a correct but slower fallback
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

PathKey = tuple[str | int, ...]
Locations = dict[PathKey, tuple[int, int]]

_CORE = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL = _CORE + "str", _CORE + "null", _CORE + "bool"
_INT, _FLOAT, _TIMESTAMP = _CORE + "int", _CORE + "float", _CORE + "timestamp"
_MAP, _SEQ, _MERGE = _CORE + "map", _CORE + "seq", _CORE + "merge"
_BOOL_WORDS = {"true": True, "false": False}

# Bound methods of one constructor instance; they only read the node they are given.
_scalar_constructor = SafeConstructor()

# The first characters for which the safe resolver tries a pattern (true, 12, 2016-12-20, ~...);
# a plain scalar starting with anything else is text.
_IMPLICIT_FIRST = frozenset(key for key in _SafeLoader.yaml_implicit_resolvers if key)
_RESOLVED: dict[str, str] = {}  # plain scalar -> tag, for short values (keys, statuses, dates)
_RESOLVED_LIMIT = 1 << 16


class _Loader(_SafeLoader):
    """The safe loader, with the tag of a plain scalar worked out faster.

    The composer asks the resolver for every untagged node; the stock resolver tries its
    patterns each time. Most plain scalars are keys and words that repeat across records, or
    text that no pattern can match, so those answers are cached or skipped. The tags are the
    stock resolver's, only found sooner.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            if not implicit[0]:
                return _STR  # quoted or block scalars are text
            tag = _RESOLVED.get(value)
            if tag is None:
                if value and value[0] not in _IMPLICIT_FIRST:
                    tag = _STR
                else:
                    tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
                if len(value) <= 64 and len(_RESOLVED) < _RESOLVED_LIMIT:
                    _RESOLVED[value] = tag
            return tag
        return _SEQ if kind is SequenceNode else _MAP

    # No path resolvers are registered: nothing to track on the way down and up.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


@dataclass
class ParsedYaml:
    """The data of one YAML document and where each part of it stands."""

    data: Any
    locations: Locations = field(default_factory=dict)

    def locate(self, path: PathKey) -> tuple[int, int]:
        """Line and column (1-based) of the field at ``path``, or of its nearest parent."""
        while path:
            found = self.locations.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return self.locations.get((), (1, 1))


def short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


class _Builder:
    """Builds Python data from a composed node tree, recording locations."""

    def __init__(self, may_alias: bool) -> None:
        self.locations: Locations = {}
        # Without an '&' in the text there is no anchor, so no alias: no need to watch.
        self.seen: set[int] | None = set() if may_alias else None

    def build(self, node: Node, path: PathKey) -> Any:
        seen = self.seen
        if seen is not None:
            # The composer hands back the very same node object for every alias of an anchor.
            node_id = id(node)
            if node_id in seen:
                raise _node_error(
                    node,
                    "YAML anchors and aliases (&name, *name) are not allowed in claim records; "
                    "write the value out in full",
                    "unsafe",
                )
            seen.add(node_id)
        tag = node.tag
        if isinstance(node, ScalarNode):
            return node.value if tag == _STR else self.scalar(node)
        if isinstance(node, MappingNode):
            if tag != _MAP:
                raise _tag_error(node)
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            if tag != _SEQ:
                raise _tag_error(node)
            return self.sequence(node, path)
        raise _node_error(node, "unexpected YAML node")  # pragma: no cover

    # The two loops below build most of a record: text values and keys are taken straight
    # from their nodes (when no alias can be about), everything else goes through build().

    def sequence(self, node: SequenceNode, path: PathKey) -> list[Any]:
        items = []
        locations = self.locations
        direct = self.seen is None
        for index, item in enumerate(node.value):
            item_path = (*path, index)
            mark = item.start_mark
            locations[item_path] = (mark.line + 1, mark.column + 1)
            if direct and item.__class__ is ScalarNode and item.tag == _STR:
                items.append(item.value)
            else:
                items.append(self.build(item, item_path))
        return items

    def mapping(self, node: MappingNode, path: PathKey) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        locations = self.locations
        direct = self.seen is None
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                raise _node_error(key_node, "a key must be a plain name, not a list or mapping")
            if direct and key_node.tag == _STR:
                key = key_node.value
            elif key_node.tag == _MERGE:
                raise _node_error(
                    key_node,
                    "merge keys (<<) are not allowed in claim records; write the fields out",
                    "unsafe",
                )
            else:
                key = self.build(key_node, path)
            mark = key_node.start_mark
            if key in result:
                raise _duplicate_key(node, key_node, key)
            key_path = (*path, key)
            locations[key_path] = (mark.line + 1, mark.column + 1)
            if direct and value_node.__class__ is ScalarNode and value_node.tag == _STR:
                result[key] = value_node.value
            else:
                result[key] = self.build(value_node, key_path)
        return result

    @staticmethod
    def scalar(node: ScalarNode) -> Any:
        tag = node.tag
        plain = not node.style  # None (Python parser) or "" (libyaml) for plain scalars
        if tag == _NULL:
            return None
        if tag == _BOOL:
            word = node.value.lower()
            if word in _BOOL_WORDS:
                return _BOOL_WORDS[word]
            # YAML 1.1 also reads yes/no/on/off as booleans; YAML 1.2 and people do not.
            return node.value if plain else _scalar_constructor.construct_yaml_bool(node)
        if tag == _INT:
            if plain and (":" in node.value or _is_octal_looking(node.value)):
                return node.value  # YAML 1.1 sexagesimal and octal forms: keep the text
            return _scalar_constructor.construct_yaml_int(node)
        if tag == _FLOAT:
            if plain and ":" in node.value:
                return node.value
            return _scalar_constructor.construct_yaml_float(node)
        if tag == _TIMESTAMP:
            try:
                return _scalar_constructor.construct_yaml_timestamp(node)
            except ValueError as err:
                raise _node_error(
                    node, f"{node.value!r} is not a valid date: {err}", "schema"
                ) from None
        raise _tag_error(node)


def _is_octal_looking(text: str) -> bool:
    digits = text.lstrip("+-")
    return len(digits) > 1 and digits[0] == "0" and digits[1:2].isdigit()


def _duplicate_key(mapping: MappingNode, repeated: ScalarNode, key: Any) -> YamlError:
    first = next((k for k, _ in mapping.value if k.value == repeated.value), repeated)
    return _node_error(
        repeated,
        f"duplicate key {key!r} (first given at line {first.start_mark.line + 1}); "
        "a key may appear only once in a mapping: keep one and delete the other",
        "duplicate-key",
    )


def _node_error(node: Node, message: str, kind: str = "syntax") -> YamlError:
    mark = node.start_mark
    return YamlError(message, line=mark.line + 1, column=mark.column + 1, kind=kind)


def _tag_error(node: Node) -> YamlError:
    return _node_error(
        node,
        f"the YAML tag {short_tag(node.tag)} is not allowed: claim records are plain YAML "
        "(text, numbers, dates, lists and mappings); remove the tag",
        "unsafe",
    )


def decode_text(raw: bytes) -> str:
    """UTF-8 text of a file, with a located error for bytes that are not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        # columns count characters, as editors do, not bytes
        line_start = before[before.rfind(b"\n") + 1 :]
        column = len(line_start.decode("utf-8", errors="replace")) + 1
        raise YamlError(
            f"invalid UTF-8 (byte 0x{raw[err.start]:02x}); save the file as UTF-8",
            line=line,
            column=column,
            kind="encoding",
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def parse_yaml(text: str) -> ParsedYaml:
    """Parse one YAML document safely; raise YamlError (with line and column) on any problem.

    An empty document gives data None.
    """
    loader = _Loader(text)
    try:
        with gc_paused():
            node = loader.get_single_node()
            if node is None:
                return ParsedYaml(None, {})
            builder = _Builder(may_alias="&" in text)
            mark = node.start_mark
            builder.locations[()] = (mark.line + 1, mark.column + 1)
            data = builder.build(node, ())
            return ParsedYaml(data, builder.locations)
    except yaml.MarkedYAMLError as err:
        raise _marked_error(err) from None
    except yaml.YAMLError as err:  # reader errors (control characters) and the like
        raise _plain_yaml_error(err, text) from None
    except RecursionError:
        raise YamlError(
            "the YAML is nested too deeply to be a claim record", kind="syntax"
        ) from None
    finally:
        loader.dispose()


def _marked_error(err: yaml.MarkedYAMLError) -> YamlError:
    mark = err.problem_mark or err.context_mark
    parts = [p for p in (err.context, err.problem) if p]
    message = "invalid YAML: " + ("; ".join(parts) if parts else "syntax error")
    if "expected a single document" in message:
        message = "the file holds more than one YAML document ('---'); a claim record is one"
    if mark is None:
        return YamlError(message, kind="syntax")
    return YamlError(message, line=mark.line + 1, column=mark.column + 1, kind="syntax")


def _plain_yaml_error(err: yaml.YAMLError, text: str) -> YamlError:
    # ReaderError (non-printable characters) carries a position but no mark.
    position = getattr(err, "position", None)
    character = getattr(err, "character", None)
    if isinstance(position, int) and character is not None:
        code = ord(character) if isinstance(character, str) else int(character)
        line, column = locate_offset(text, position)
        return YamlError(
            f"the file contains the control character U+{code:04X}, which YAML does not allow; "
            "remove it or write it as an escape (\\x..) inside a double-quoted string",
            line=line,
            column=column,
            kind="syntax",
        )
    return YamlError(f"invalid YAML: {err}", kind="syntax")


def locate_offset(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a code-point offset in text."""
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def first_comment_line(text: str) -> int | None:
    """The first line holding a YAML comment, or None.

    A comment is a '#' at the start of a line or after white space that lies outside every
    value; the values' spans come from the composed nodes. Only called before a rewrite.
    """
    if "#" not in text:
        return None
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    spans: list[tuple[int, int]] = []
    stack: list[Node] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            spans.append((node.start_mark.index, node.end_mark.index))
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    spans.sort()
    position = text.find("#")
    while position != -1:
        starts_comment = position == 0 or text[position - 1] in " \t\n"
        if starts_comment and not any(start <= position < end for start, end in spans):
            return text.count("\n", 0, position) + 1
        position = text.find("#", position + 1)
    return None


# --- writing -----------------------------------------------------------------------------------


class _CanonicalDumper(yaml.SafeDumper):
    """Block style, sequences indented under their key, long lines kept whole, and never an
    anchor or alias (the loader refuses them), even for one object used twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data and data == data.strip() and "\t" not in data:
        return dumper.represent_scalar(_STR, data, style="|")
    return dumper.represent_scalar(_STR, data)


def _represent_datetime(dumper: yaml.SafeDumper, data: dt.datetime) -> yaml.ScalarNode:
    if data.tzinfo is not None:
        data = data.astimezone(dt.timezone.utc).replace(tzinfo=None)
    text = data.isoformat(timespec="seconds" if not data.microsecond else "microseconds")
    return dumper.represent_scalar(_TIMESTAMP, text + "Z")


_CanonicalDumper.add_representer(str, _represent_str)
_CanonicalDumper.add_representer(dt.datetime, _represent_datetime)


def dump_yaml(data: Any) -> str:
    """The canonical YAML text of plain data (dicts keep their order)."""
    return yaml.dump(
        data,
        Dumper=_CanonicalDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1 << 30,
        indent=2,
    )


__all__ = [
    "Locations",
    "ParsedYaml",
    "PathKey",
    "decode_text",
    "dump_yaml",
    "locate_offset",
    "parse_yaml",
]
