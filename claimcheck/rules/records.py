"""Records: each file is one valid record, with its own id, whose history ends in its status.

The store reports what stops a file from loading; these rules give each kind of problem its
code. A record that does not load is not checked further, but every other record is. The
sidecars (``<document>.meta.yaml``) of the documents the records cite load the same way, so a
sidecar's problems get the same codes, at the sidecar's own file, line and column.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import ClaimcheckError, ProblemKind
from ..vocab import Severity, Status
from .base import ClaimContext, Hit, rule


def _reported(problem: ClaimcheckError) -> Iterator[Hit]:
    yield Hit(problem.message)


@rule("R001", "yaml-syntax", Severity.ERROR, scope="load", kinds=[ProblemKind.SYNTAX])
def yaml_syntax(problem: ClaimcheckError) -> Iterator[Hit]:
    """The file is not valid YAML.

    Fails:

        claim: The evacuation has brought out [37,500 people

    Passes:

        claim: The evacuation has brought out 37,500 people
    """
    return _reported(problem)


@rule("R002", "unsafe-yaml", Severity.ERROR, scope="load", kinds=[ProblemKind.UNSAFE])
def unsafe_yaml(problem: ClaimcheckError) -> Iterator[Hit]:
    """The file uses YAML that claimcheck refuses: tags, anchors, aliases, merge keys, or what
    YAML readers read differently.

    Tags such as ``!!python/object`` ask a loader to build objects; aliases (``*name``) make
    "billion laughs" bombs, so every anchor (``&name``) is refused. ``?`` keys, directives,
    ``0777``, the tag ``!`` and a raw U+2028 mean one thing to one reader and another to the
    next (docs/safe-yaml.md lists them all). Records are plain data.

    Fails:

        claim: !!python/object/apply:os.system [echo hi]

    Passes:

        claim: The evacuation has brought out 37,500 people
    """
    return _reported(problem)


@rule("R003", "duplicate-key", Severity.ERROR, scope="load", kinds=[ProblemKind.DUPLICATE_KEY])
def duplicate_key(problem: ClaimcheckError) -> Iterator[Hit]:
    """A key stands twice in one mapping.

    YAML loaders silently keep the last one, so a merge that leaves two ``status:`` lines
    would change a record without anyone seeing it.

    Fails:

        status: supported
        status: refuted

    Passes:

        status: refuted
    """
    return _reported(problem)


@rule(
    "R004",
    "unreadable-file",
    Severity.ERROR,
    scope="load",
    kinds=[ProblemKind.ENCODING, ProblemKind.TOO_LARGE, ProblemKind.IO],
)
def unreadable_file(problem: ClaimcheckError) -> Iterator[Hit]:
    """The file cannot be read: not UTF-8, over 1 MiB, not a regular file (a folder, a FIFO,
    a device), a link that leads outside the registry, a link loop or a dangling link.

    claimcheck reads only regular files inside the registry, so a committed link cannot make it
    read (and print) a file elsewhere, and a FIFO or a device cannot make it wait forever. Any
    other error reading the file is reported here too.

    Fails: a record saved as Latin-1 (``caf\\xe9``); ``claims/a.yaml`` a link to
    ``/etc/passwd``; a folder named ``claims/x.yaml``.

    Passes: the same record saved as UTF-8, as a regular file in ``claims/``.
    """
    return _reported(problem)


@rule("R005", "schema", Severity.ERROR, scope="load", kinds=[ProblemKind.SCHEMA])
def schema(problem: ClaimcheckError) -> Iterator[Hit]:
    """A field is missing, has the wrong type, or holds a value the record format refuses
    (a quantity that is not one, an id that is not a slug, a date that is not a date).

    Fails:

        id: aleppo-evacuated-total
        quantity: lots of people

    Passes:

        id: aleppo-evacuated-total
        claim: The evacuation has brought out 37,500 people.
        quantity: 37,500 people
        anchor: {document: seeds/article.txt, exact: brought out 37,500 people}
    """
    return _reported(problem)


@rule("R006", "unknown-field", Severity.ERROR, scope="load", kinds=[ProblemKind.UNKNOWN_FIELD])
def unknown_field(problem: ClaimcheckError) -> Iterator[Hit]:
    """A field the record format does not have (often a typo: ``staus`` for ``status``).

    Fails:

        staus: supported

    Passes:

        status: supported
    """
    return _reported(problem)


@rule("R007", "unknown-status", Severity.ERROR, scope="load", kinds=[ProblemKind.STATUS_VOCABULARY])
def unknown_status(problem: ClaimcheckError) -> Iterator[Hit]:
    """A status outside the vocabulary: unverified, supported, disputed, refuted, unproven.

    Fails:

        status: mostly-true

    Passes:

        status: supported
    """
    return _reported(problem)


@rule("R008", "duplicate-id", Severity.ERROR, scope="load", kinds=[ProblemKind.DUPLICATE_ID])
def duplicate_id(problem: ClaimcheckError) -> Iterator[Hit]:
    """Two files hold the same id (``claims/x.yaml`` and ``claims/x.yml``). Neither is trusted
    until one is removed.

    Fails: ``claims/x.yaml`` and ``claims/x.yml``, both with ``id: x``.

    Passes: one file per claim.
    """
    return _reported(problem)


@rule("R009", "id-not-file-name", Severity.ERROR, scope="load", kinds=[ProblemKind.ID_MISMATCH])
def id_not_file_name(problem: ClaimcheckError) -> Iterator[Hit]:
    """A record's id differs from its file name: ``claims/<id>.yaml`` is where a claim lives,
    so a command given the id would not find it.

    Fails: ``claims/aleppo.yaml`` holding ``id: aleppo-evacuated-total``.

    Passes: ``claims/aleppo-evacuated-total.yaml`` holding ``id: aleppo-evacuated-total``.
    """
    return _reported(problem)


@rule("R010", "history-not-status", Severity.ERROR)
def history_not_status(context: ClaimContext) -> Iterator[Hit]:
    """The history does not end in the current status.

    The history is the record of every change; its last entry says what the status became. A
    status edited by hand without a history entry breaks that: use ``claimcheck status``. A
    record with no history at all is fine while it is unverified (nothing was decided yet).

    Fails:

        status: refuted
        history:
          - {at: 2026-11-26T14:00:00Z, status: unverified, by: ana, note: Recorded.}

    Passes:

        status: refuted
        history:
          - {at: 2026-11-26T14:00:00Z, status: unverified, by: ana, note: Recorded.}
          - {at: 2026-11-26T15:00:00Z, status: refuted, by: ana, note: ICRC counted 25,000.}
    """
    record = context.claim
    if not record.history:
        if record.status is Status.UNVERIFIED:
            return  # a record written by hand, not yet reviewed: nothing was decided
        yield Hit(
            f"the record has no history; its status {record.status.value!r} was never "
            "recorded as a change (set it with 'claimcheck status')",
            ("status",),
        )
        return
    last = record.history[-1]
    if last.status != record.status:
        yield Hit(
            f"the status is {record.status.value!r} but the history ends in "
            f"{last.status.value!r}; set it with 'claimcheck status' so the change is recorded",
            ("status",),
        )


RULES = (
    yaml_syntax,
    unsafe_yaml,
    duplicate_key,
    unreadable_file,
    schema,
    unknown_field,
    unknown_status,
    duplicate_id,
    id_not_file_name,
    history_not_status,
)
