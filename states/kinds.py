"""The kinds of dated action in a state's ATT record (shared by the rules and the models)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionKind(models.TextChoices):
    SIGNATURE = "signature", _("Signature")
    RATIFICATION = "ratification", _("Ratification")
    ACCEPTANCE = "acceptance", _("Acceptance")
    APPROVAL = "approval", _("Approval")
    ACCESSION = "accession", _("Accession")
    PROVISIONAL_APPLICATION = "provisional_application", _("Provisional application (Art. 23)")
    INTENTION_NOT_PARTY = (
        "intention_not_to_become_party",
        _("Notification of intention not to become a party"),
    )
    WITHDRAWAL = "withdrawal", _("Withdrawal (Art. 25)")


# The instrument by which a state expresses its consent to be bound (Arts. 21-22).
DEPOSIT_KINDS = (
    ActionKind.RATIFICATION,
    ActionKind.ACCEPTANCE,
    ActionKind.APPROVAL,
    ActionKind.ACCESSION,
)
