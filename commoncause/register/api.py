"""Register API routes (placeholder until search lands)."""

from ninja import Router

router = Router()
