"""Exchange with the fact-checking world: ``claimcheck export`` and ``claimcheck import``.

One module per job: ``ratings`` (statuses as ClaimReview ratings, textual ratings as stances),
``readfile`` (reading an input file safely), ``claimreview``, ``factcheck_api`` and ``csvio``
(the formats), ``detect`` (telling them apart), ``matching`` (which claim a review is about),
``apply`` (turning what was read into registry changes) and ``export`` (the three outputs).
"""
