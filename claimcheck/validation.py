"""Pydantic validation with errors that point at the offending field of the file."""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import ClaimcheckError, InvalidRecordError, ProblemKind, RecordError
from .yamlio import ParsedYaml, PathKey

ModelT = TypeVar("ModelT", bound=BaseModel)


def dotted(path: PathKey) -> str:
    """sources[0].quantity"""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _model_at(model: type[BaseModel], path: PathKey) -> type[BaseModel] | None:
    """The model class that holds the field at ``path`` (for listing its fields)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(str(part))
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """The BaseModel inside list[X], X | None or dict[str, X], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def describe_error(model: type[BaseModel], error: Any) -> tuple[PathKey, str]:
    """The path to point at and a message for one pydantic error."""
    loc: PathKey = tuple(error["loc"])
    kind = error["type"]
    where = dotted(loc)
    if kind == "missing":
        return loc[:-1], f"missing required field '{where}'"
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        name = str(loc[-1])
        hint = ""
        if parent is not None:
            known = list(parent.model_fields)
            close = difflib.get_close_matches(name, known, n=1)
            hint = (
                f" (did you mean '{close[0]}'?)"
                if close
                else f"; expected one of: {', '.join(known)}"
            )
        return loc, f"unknown field '{where}'{hint}"
    message = error["msg"]
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
        return loc, f"{where}: {message}" if where else message
    return loc, f"{where}: {message} (got {_short(error.get('input'))})"


def problem_kind(error: Any) -> ProblemKind:
    """Which records check reports a validation error (see rules/records.py)."""
    if error["type"] == "extra_forbidden":
        return ProblemKind.UNKNOWN_FIELD
    if error["type"] == "enum" and error["loc"][-1] == "status":
        return ProblemKind.STATUS_VOCABULARY
    return ProblemKind.SCHEMA


def validate_located(model: type[ModelT], parsed: ParsedYaml, path: str) -> ModelT:
    """Validate parsed YAML data as ``model``; raise InvalidRecordError with located problems."""
    if not isinstance(parsed.data, dict):
        if parsed.data is None:
            message = "the file is empty; expected a mapping of field: value"
        else:
            kind = "a list" if isinstance(parsed.data, list) else "a single value"
            message = f"the file holds {kind}, not a mapping of field: value"
        raise InvalidRecordError([RecordError(message, path, 1, 1, kind=ProblemKind.SCHEMA)])
    try:
        return model.model_validate(parsed.data)
    except ValidationError as err:
        problems: list[ClaimcheckError] = []
        for error in err.errors(include_url=False):
            at, message = describe_error(model, error)
            line, column = parsed.locate(at)
            problems.append(RecordError(message, path, line, column, kind=problem_kind(error)))
        raise InvalidRecordError(problems) from None


def build(model: type[ModelT], data: dict[str, Any]) -> ModelT:
    """Validate data given on the command line; one error naming every bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        messages = [describe_error(model, error)[1] for error in err.errors(include_url=False)]
        raise ClaimcheckError("; ".join(messages)) from None
