"""Copy front-end assets installed from the npm registry into static/vendor, to be served locally."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor"
NODE = Path(settings.BASE_DIR) / "node_modules"


class Command(BaseCommand):
    help = "Copy GOV.UK Frontend, htmx and axe-core from node_modules into static/vendor."

    def handle(self, *args: object, **options: object) -> None:
        govuk = NODE / "govuk-frontend" / "dist" / "govuk"
        if not govuk.exists():
            raise CommandError("node_modules is missing: run `npm ci` (make setup does).")
        target = VENDOR / "govuk"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copytree(govuk / "assets", target / "assets", dirs_exist_ok=True)
        css = (govuk / "govuk-frontend.min.css").read_text(encoding="utf-8")
        css = css.replace("url(/assets/", f"url({settings.STATIC_URL}vendor/govuk/assets/")
        (target / "govuk-frontend.min.css").write_text(css, encoding="utf-8")
        shutil.copy2(govuk / "govuk-frontend.min.js", target / "govuk-frontend.min.js")
        shutil.copy2(NODE / "htmx.org" / "dist" / "htmx.min.js", VENDOR / "htmx.min.js")
        shutil.copy2(NODE / "axe-core" / "axe.min.js", VENDOR / "axe.min.js")
        self.stdout.write(f"Front-end assets copied to {VENDOR}")
