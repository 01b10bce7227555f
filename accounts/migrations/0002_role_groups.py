from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["Secretariat", "Co-chairs", "Delegates"]


def create_role_groups(apps, schema_editor):
    """Create the three role groups with their permissions (kept in sync after every migrate)."""
    from accounts.roles import sync_role_permissions

    # Permissions are normally created after migrate; create them now so the groups get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_role_permissions(using=schema_editor.connection.alias, apps=apps)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("states", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
