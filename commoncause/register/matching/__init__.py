"""Finding which records are the same body: keys, a blocking index, scores and three outcomes.

`keys` turns a name, postcode or web address into what is compared; `index.MatchIndex` finds the
few organisations worth comparing a record with (blocking); `score.compare` weighs the evidence;
`outcomes` says what the score means: linked automatically, queued for a curator, or kept apart.
"""
