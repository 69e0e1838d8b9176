"""Open data out: the awards made through the service as 360Giving grants and contracts as an Open
Contracting (OCDS 1.1) release package."""
