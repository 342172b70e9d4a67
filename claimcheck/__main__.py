"""``python -m claimcheck``."""

from .entry import main

main()
