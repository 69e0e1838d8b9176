"""`manage.py grant_role <email> <role> [--council <slug>]`: give a person a staff role."""

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from commoncause.accounts.models import Council, Role
from commoncause.accounts.services import email_key, staff_role_grant


class Command(BaseCommand):
    help = "Give the person with this email address a staff role (officers need --council)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("--council", help="the council's slug (required for officers)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=email_key(options["email"])).first()
        if user is None:
            raise CommandError(
                f"No account uses {options['email']}: they sign up first at /accounts/sign-up/."
            )
        council = None
        if options["council"]:
            council = Council.objects.filter(slug=options["council"]).first()
            if council is None:
                raise CommandError(f"No council with the slug {options['council']!r}.")
        if options["role"] == Role.OFFICER and council is None:
            raise CommandError("An officer works for a council: give --council <slug>.")
        staff_role_grant(actor=None, user=user, role=options["role"], council=council)
        where = f" for {council}" if council else ""
        self.stdout.write(f"{user.email} is now {Role(options['role']).label.lower()}{where}.")
