from django.core.management.base import BaseCommand
from django.utils import translation

from courtops.core.demo.foundation import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Print the demo URL and one login per role."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        translation.activate("zh-hans")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"CourtOps is running at {url}"))
        self.stdout.write(f"Demo password for every login: {DEMO_PASSWORD}")
        for login in demo_logins():
            self.stdout.write(
                f"  {login.username:<12} {login.full_name:<6} {login.role:<14} {login.org}"
            )
        self.stdout.write("")
