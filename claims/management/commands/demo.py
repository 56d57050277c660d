"""python manage.py demo: load the demo project and print its logins."""

from django.core.management.base import BaseCommand

from claims.demo import load_demo


class Command(BaseCommand):
    """Create the demo project (articles, actors, a manager, an editor, two annotators)."""

    help = "Load the demo project and print the logins (passwords are reset on every run)."

    def handle(self, *args, **options):
        result = load_demo()
        project = result.project
        if result.summary is None:
            self.stdout.write(f"Demo project '{project.slug}' already loaded.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Demo project '{project.slug}': {result.summary}"))
        self.stdout.write("Logins:")
        for username, password, role in result.logins:
            self.stdout.write(f"  {username:<11} {password:<14} ({role})")
