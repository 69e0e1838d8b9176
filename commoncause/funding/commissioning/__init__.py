"""Commissioning and funding on fair terms: the domain's pure calculations (no database), used by the
opportunity, bid and award pages."""
