from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pipeline.services import (
    PipelineFileError,
    pipeline_file_apply,
    pipeline_file_parse,
    pipeline_file_plan,
)


class Command(BaseCommand):
    help = (
        "Import stage entries of the joining pipeline from a CSV file with the columns "
        "iso3,stage,date,source,visibility,note. All or nothing: any bad row stops the import, "
        "and every bad row is reported with its line number and reason. Rows already recorded "
        "with the same values change nothing, so importing a file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
            ) from None
        try:
            parsed = pipeline_file_parse(data)
        except PipelineFileError as exc:
            raise CommandError(str(exc)) from None
        if parsed.errors:
            for error in parsed.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(n)s bad row(s): nothing was imported.") % {"n": len(parsed.errors)}
            )
        try:
            changes = (
                pipeline_file_plan(parsed.rows)
                if dry_run
                else pipeline_file_apply(parsed.rows, source=file.name)
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        for change in changes:
            self.stdout.write(
                _("line %(line)s: %(iso3)s %(name)s: %(change)s")
                % {
                    "line": change.line,
                    "iso3": change.iso3,
                    "name": change.state_name,
                    "change": change.describe(),
                }
            )
        verb = _("would change") if dry_run else _("changed")
        self.stdout.write(
            self.style.SUCCESS(
                _("%(rows)s rows read; %(n)s entry(ies) %(verb)s.")
                % {"rows": len(parsed.rows), "n": len(changes), "verb": verb}
            )
        )
