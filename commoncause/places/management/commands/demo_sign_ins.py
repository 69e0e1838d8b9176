"""`manage.py demo_sign_ins`: new passwords for the demo's officer, curator and member (DEBUG only)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from commoncause.places.demo import demo_sign_ins


class Command(BaseCommand):
    help = (
        "Development only: make or refresh sign-ins for the demo council's officer, a curator and a member."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = demo_sign_ins()
        except PermissionError as refused:
            raise CommandError(str(refused)) from refused
        for sign_in in made:
            self.stdout.write(f"{sign_in.email}  {sign_in.password}  {sign_in.who}")
