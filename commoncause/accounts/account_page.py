"""The parts other apps add to a person's account page (the organisations they belong to)."""

from commoncause.core.sections import Sections

ACCOUNT_PAGE = Sections("account page", slots=("after_details",))
