"""What reading a YAML document gives: its data, and where each part of it stands.

A ``ParsedYaml`` holds the data as plain Python values and, by path (``("sources", 0,
"quantity")``), the line and column of every mapping key and list item, so that a problem can
point at the field it is about.
"""

from __future__ import annotations

from typing import Any

from .yamlfast import read_canonical

PathKey = tuple[str | int, ...]
Locations = dict[PathKey, tuple[int, int]]


class ParsedYaml:
    """The data of one YAML document and where each part of it stands.

    A text the quick reader read keeps only the places of its top-level keys at first: most
    records are never asked where a deeper field stands. The first question about one (or
    about ``locations``) reads the text again, placed; both readings give the same.
    """

    __slots__ = ("_locations", "_unplaced", "data")

    def __init__(
        self, data: Any, locations: Locations | None = None, *, unplaced: str | None = None
    ) -> None:
        self.data = data
        self._locations: Locations = {} if locations is None else locations
        self._unplaced = unplaced  # the text, while only its top-level places are kept

    @property
    def locations(self) -> Locations:
        """Every mapping key's and list item's (line, column), 1-based, keyed by path."""
        if self._unplaced is not None:
            placed = read_canonical(self._unplaced)
            assert placed is not None  # it was read in this layout once: it reads again
            self._locations, self._unplaced = placed[1], None
        return self._locations

    def locate(self, path: PathKey) -> tuple[int, int]:
        """Line and column (1-based) of the field at ``path``, or of its nearest parent."""
        locations = self._locations if len(path) <= 1 else self.locations
        while path:
            found = locations.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return locations.get((), (1, 1))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not ParsedYaml:
            return NotImplemented
        assert isinstance(other, ParsedYaml)
        return (self.data, self.locations) == (other.data, other.locations)

    __hash__ = None  # type: ignore[assignment]  # (mutable, as the dataclass it was)

    def __repr__(self) -> str:
        return f"ParsedYaml(data={self.data!r}, locations={self.locations!r})"
