"""Telling whether a text is a web address a reader can follow.

One judgement for every place that takes an address: ``source add`` refuses what S103 would
report. Taking an address apart never raises: whatever ``urllib`` cannot read (an unclosed
``[``, a port past 65535) is a problem in words, not an exception.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult, urlsplit

# A plain web address: http(s), a dotted host name of ASCII letters, digits and hyphens, an
# optional port of at most five digits, then printable ASCII. Most addresses are this; the
# rest are taken apart.
_PLAIN = re.compile(
    r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::(?P<port>[0-9]{1,5}))?(?:[/?#][\x21-\x7e]*)?"
)
# A host name: labels of letters (any script), digits, hyphens and underscores, dot-separated.
_HOST = re.compile(r"[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.?")


def _split(url: str) -> SplitResult | str:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading the port is what checks it
    except ValueError as err:
        return str(err)
    return parts


def _host_problem(parts: SplitResult) -> str | None:
    host = parts.hostname or ""
    if parts.netloc.startswith("[") or ":" in host:  # an IPv6 literal: [::1]
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return f"has a host {host!r} that is not an IPv6 address"
        return None
    if not host or ("." not in host and host != "localhost"):
        return "has no host name"
    if not _HOST.fullmatch(host):
        return f"has a host name {host!r} with characters a host name cannot have"
    return None


def url_problem(url: str) -> str | None:
    """What is wrong with a web address, in words ("has no host name"), or None for an
    http or https address with a host (and a port from 0 to 65535, if it has one)."""
    plain = _PLAIN.fullmatch(url)
    if plain and int(plain.group("port") or 0) <= 65535:
        return None  # the common case, without taking the address apart
    if any(char.isspace() for char in url):
        return "contains spaces"
    # control, format (zero-width, bidi), separator, private and unassigned characters
    if not url.isprintable():
        return "contains control or invisible characters"
    parts = _split(url)
    if isinstance(parts, str):
        if "port" in parts.lower():
            return "has a port that is not a number from 0 to 65535"
        return f"cannot be read as an address ({parts})"
    if parts.scheme.lower() not in ("http", "https"):
        return "does not start with http:// or https://"
    return _host_problem(parts)
