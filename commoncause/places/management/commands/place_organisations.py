"""`manage.py place_organisations`: place every organisation in its current ward, by its postcode."""

from typing import Any

from django.core.management.base import BaseCommand

from commoncause.places.services import organisations_place, placement_summary


class Command(BaseCommand):
    help = "Place every organisation in its council's current ward, by its postcode (run after imports)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(placement_summary(organisations_place()))
