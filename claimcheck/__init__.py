"""claimcheck: a registry and consistency checker for factual claims."""

# Kept here (not read from package metadata) so `claimcheck --version` imports nothing else.
__version__ = "0.1.0"
