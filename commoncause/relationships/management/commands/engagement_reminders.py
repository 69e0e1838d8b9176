"""`python manage.py engagement_reminders`: email the owners of engagement-log items due within a week
or overdue (each at most once a week); run it daily."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from commoncause.relationships.engagement import engagement_reminders, today


class Command(BaseCommand):
    help = "Email the owners of engagement-log items due within a week or overdue."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = engagement_reminders(today=today(), base_url=settings.SITE_URL)
        self.stdout.write(f"Reminded {sent} owner{'s' if sent != 1 else ''} of items due or overdue.")
