"""Old free-text owners become accounts where the text names exactly one account: its full name,
user name or e-mail address (case and surrounding spaces ignored). Text that names no account, or
several, stays as text (`owner`). No history row is written for this move (a migration sees the
historical models only); the audit trail shows the field as it was before and after."""

from django.db import migrations


def _key(text):
    return " ".join((text or "").split()).casefold()


def owners_to_accounts(apps, schema_editor):
    user_model = apps.get_model("auth", "User")
    followup_model = apps.get_model("outreach", "FollowUp")
    names: dict[str, set[int]] = {}
    for user in user_model.objects.only("pk", "username", "first_name", "last_name", "email"):
        full = f"{user.first_name} {user.last_name}"
        for text in (full, user.username, user.email):
            if _key(text):
                names.setdefault(_key(text), set()).add(user.pk)
    for followup in followup_model.objects.filter(assignee__isnull=True).exclude(owner=""):
        found = names.get(_key(followup.owner), set())
        if len(found) == 1:
            followup.assignee_id = next(iter(found))
            followup.owner = ""
            followup.save(update_fields=["assignee", "owner"])


def accounts_to_owners(apps, schema_editor):
    followup_model = apps.get_model("outreach", "FollowUp")
    for followup in followup_model.objects.filter(assignee__isnull=False, owner="").select_related(
        "assignee"
    ):
        user = followup.assignee
        followup.owner = f"{user.first_name} {user.last_name}".strip() or user.username
        followup.assignee = None
        followup.save(update_fields=["assignee", "owner"])


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0004_followup_assignee"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(owners_to_accounts, accounts_to_owners)]
