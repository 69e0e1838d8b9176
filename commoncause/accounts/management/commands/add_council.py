"""`manage.py add_council "<name>" [--area <GSS code> …]`: add a council and the areas it covers."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commoncause.accounts.councils import area_codes_parse, council_save
from commoncause.accounts.services import AccountError


class Command(BaseCommand):
    help = "Add a council with the local authority areas (GSS codes) it covers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--area", action="append", default=[], help="a GSS code such as N09000003")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            council = council_save(
                actor=None, name=options["name"], area_codes=area_codes_parse(" ".join(options["area"]))
            )
        except AccountError as problem:
            raise CommandError(str(problem)) from None
        codes = ", ".join(council.area_codes) or "no areas yet"
        self.stdout.write(f"Added {council.name} ({council.slug}): {codes}.")
