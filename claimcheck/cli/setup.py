"""``claimcheck init``: make a new registry."""

from pathlib import Path
from typing import Annotated

import typer

from .guard import guarded
from .output import note


@guarded
def init(
    directory: Annotated[Path, typer.Argument(help="Where to make the registry.")] = Path("."),
) -> None:
    """Make a new, empty registry: claims/, seeds/ and claimcheck.yaml.

    Example: claimcheck init my-registry
    """
    from ..changes import init_registry

    created = init_registry(directory)
    note(f"Made a claimcheck registry in {directory}: {', '.join(created)}")
    note("Next: put a document in seeds/, then 'claimcheck add'.")
