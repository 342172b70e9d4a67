"""claimcheck: a registry and consistency checker for factual claims.

Use it from Python (docs/library.md): every name in ``__all__`` is importable from
``claimcheck`` and loaded when first used, so ``import claimcheck`` itself stays cheap.

>>> import claimcheck
>>> claimcheck.open_registry().check().verdicts["aleppo-evacuated-total"].word.value
'refuted'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Kept here (not read from package metadata) so `claimcheck --version` imports nothing else.
__version__ = "0.1.0"

# Each public name and the module it lives in, imported on first use (PEP 562).
_WHERE = {
    "open_registry": "api",
    "Registry": "api",
    "CheckResult": "results",
    "Verdict": "results",
    "VerdictWord": "results",
    "SourceStance": "results",
    "Finding": "engine",
    "Report": "report",
    "Claim": "model",
    "Source": "model",
    "Anchor": "model",
    "HistoryEntry": "model",
    "Status": "vocab",
    "Stance": "vocab",
    "Severity": "vocab",
    "ClaimcheckError": "errors",
    "YamlError": "errors",
    "RecordError": "errors",
    "NotFoundError": "errors",
    "ExistsError": "errors",
    "LockTimeoutError": "errors",
    "InvalidRecordError": "errors",
    "parse_quantity": "quantity",
    "find_quantities": "quantity",
    "Quantity": "quantity",
    "Interval": "quantity",
    "QuantityError": "quantity",
}

__all__ = [
    "Anchor",
    "CheckResult",
    "Claim",
    "ClaimcheckError",
    "ExistsError",
    "Finding",
    "HistoryEntry",
    "Interval",
    "InvalidRecordError",
    "LockTimeoutError",
    "NotFoundError",
    "Quantity",
    "QuantityError",
    "RecordError",
    "Registry",
    "Report",
    "Severity",
    "Source",
    "SourceStance",
    "Stance",
    "Status",
    "Verdict",
    "VerdictWord",
    "YamlError",
    "__version__",
    "find_quantities",
    "open_registry",
    "parse_quantity",
]

if TYPE_CHECKING:
    from .api import Registry, open_registry
    from .engine import Finding
    from .errors import (
        ClaimcheckError,
        ExistsError,
        InvalidRecordError,
        LockTimeoutError,
        NotFoundError,
        RecordError,
        YamlError,
    )
    from .model import Anchor, Claim, HistoryEntry, Source
    from .quantity import Interval, Quantity, QuantityError, find_quantities, parse_quantity
    from .report import Report
    from .results import CheckResult, SourceStance, Verdict, VerdictWord
    from .vocab import Severity, Stance, Status


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'claimcheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # found once: later lookups do not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
