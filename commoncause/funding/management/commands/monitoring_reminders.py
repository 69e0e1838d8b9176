"""`python manage.py monitoring_reminders`: email the recipients' members about returns due within 14
days or overdue and not submitted (each return at most once a week); run it daily."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from commoncause.funding.monitoring import today
from commoncause.funding.monitoring_reminders import monitoring_reminders


class Command(BaseCommand):
    help = "Email the recipients' members about monitoring returns due within 14 days or overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help="Run as on this day (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = monitoring_reminders(today=options["today"] or today(), base_url=settings.SITE_URL)
        for reminder in sent:
            self.stdout.write(str(reminder))
        emailed = sum(reminder.emailed for reminder in sent)
        self.stdout.write(
            f"Reminded about {len(sent)} return{'s' if len(sent) != 1 else ''}: "
            f"{emailed} email{'s' if emailed != 1 else ''} sent."
        )
