"""From a new article to candidate claims: ``claimcheck extract`` and ``claimcheck match``.

One module per job: ``sentences`` splits the text with offsets, ``candidates`` finds the
figures and other checkable facts, ``counts`` names what a figure counts, ``claimants`` who says
it, ``dating`` the day it refers to, ``worthiness`` how much it is worth checking (with named
reasons), ``matching`` which claims of the registry it restates, and ``adding`` records the
candidates as claims. ``pipeline`` puts them together. Everything runs offline and explains
itself: each answer carries the reason it was given.
"""
