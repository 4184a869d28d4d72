"""Who works on an organisation: its consultants, and the client contacts they invite."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from audit.services import audit_record

from ..access import is_consultant
from ..models import Membership, Organisation
from .organisations import MSG_ORGANISATION_ARCHIVED

MSG_CONTACT_IS_STAFF = _(
    "%(email)s belongs to a consultant or an administrator, who cannot be a client contact."
)
MSG_CONTACT_OF_ANOTHER_ORGANISATION = _(
    "%(email)s is already a client contact of another organisation: ask an administrator."
)
MSG_CONTACT_EMAIL_NOT_A_USERNAME = _(
    "%(email)s cannot be used to sign in: an address used as a user name has at most 150 "
    "characters, made of letters, digits and @ . + - _ only. Use another address."
)
MSG_NOT_A_CONSULTANT = _("%(user)s is not a consultant.")
MSG_NOT_A_CONTACT = _("This person is not a client contact of this organisation.")

logger = logging.getLogger(__name__)


@transaction.atomic
def consultant_assign(
    *, organisation: Organisation, user: AbstractBaseUser, added_by: AbstractBaseUser | None = None
) -> Membership:
    """Make a consultant one of the organisation's consultants (a no-op if already)."""
    if not is_consultant(user):
        raise ValidationError(MSG_NOT_A_CONSULTANT, params={"user": user}, code="role")
    membership, _ = Membership.objects.update_or_create(
        user=user,
        organisation=organisation,
        defaults={"role": Membership.Role.CONSULTANT},
        create_defaults={"role": Membership.Role.CONSULTANT, "added_by": added_by},
    )
    return membership


def client_contact_invite(
    *,
    organisation: Organisation,
    email: str,
    first_name: str = "",
    last_name: str = "",
    invited_by: AbstractBaseUser,
    base_url: str,
    ip_address: str | None = None,
) -> Membership:
    """Make the person behind `email` a client contact of the organisation and e-mail them a
    link to choose their password (Django's password reset). Inviting a contact again sends a
    new link.

    A new account is created without a usable password; an account of the consultancy's own
    staff, or a contact of another organisation, is refused: a contact reads one client's
    results only. Refused while the organisation is archived (removing a contact is not:
    taking access away is never held up).
    """
    membership = _client_contact_add(
        organisation=organisation,
        email=email,
        first_name=first_name,
        last_name=last_name,
        invited_by=invited_by,
        ip_address=ip_address,
    )
    from ..tasks import contact_invitation_send

    # In the inviting consultant's language: the contact has no preference Palier knows yet.
    contact_invitation_send.enqueue(
        membership.pk, base_url, invited_by.get_full_name(), translation.get_language()
    )
    return membership


@transaction.atomic
def _client_contact_add(
    *,
    organisation: Organisation,
    email: str,
    first_name: str,
    last_name: str,
    invited_by: AbstractBaseUser,
    ip_address: str | None,
) -> Membership:
    # Read afresh and locked: an archive committed since the page was shown wins.
    if Organisation.objects.select_for_update().get(pk=organisation.pk).archived_at is not None:
        raise ValidationError(MSG_ORGANISATION_ARCHIVED, code="archived")
    email = email.strip()
    validate_email(email)
    user_model = get_user_model()
    user = user_model.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        user = user_model(username=email.lower(), email=email)
        user.first_name, user.last_name = first_name.strip(), last_name.strip()
        user.set_unusable_password()
        try:
            user.full_clean()
        except ValidationError as error:
            # The address is the contact's user name at log-in, and Django's user names are
            # shorter (150) and stricter (no apostrophe) than e-mail addresses.
            raise ValidationError(
                MSG_CONTACT_EMAIL_NOT_A_USERNAME, params={"email": email}, code="username"
            ) from error
        user.save()
    elif is_consultant(user) or user.is_staff:
        raise ValidationError(MSG_CONTACT_IS_STAFF, params={"email": email}, code="staff")
    elif user.memberships.exclude(organisation=organisation).exists():
        raise ValidationError(
            MSG_CONTACT_OF_ANOTHER_ORGANISATION, params={"email": email}, code="other"
        )
    if not user.is_active:
        # Removed earlier, invited again.
        user.is_active = True
        user.save(update_fields=["is_active"])
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        defaults={"role": Membership.Role.CLIENT_CONTACT, "added_by": invited_by},
    )
    audit_record(
        action=AuditEvent.Action.CONTACT_ADDED,
        actor=invited_by,
        organisation=organisation,
        obj=user,
        object_repr=user.get_username(),
        changes={"after": {"role": membership.role}, "invitation": "new" if created else "again"},
        ip_address=ip_address,
    )
    return membership


@transaction.atomic
def client_contact_remove(
    *,
    organisation: Organisation,
    user: AbstractBaseUser,
    removed_by: AbstractBaseUser,
    ip_address: str | None = None,
) -> None:
    """Take a client contact off the organisation; with no organisation left, the account
    cannot log in any more (it is kept, so the audit trail keeps its name)."""
    deleted, _ = Membership.objects.filter(
        organisation=organisation, user=user, role=Membership.Role.CLIENT_CONTACT
    ).delete()
    if not deleted:
        raise ValidationError(MSG_NOT_A_CONTACT, code="missing")
    deactivated = not user.memberships.exists()
    if deactivated:
        user.is_active = False
        user.save(update_fields=["is_active"])
    audit_record(
        action=AuditEvent.Action.CONTACT_REMOVED,
        actor=removed_by,
        organisation=organisation,
        obj=user,
        object_repr=user.get_username(),
        changes={"before": {"role": Membership.Role.CLIENT_CONTACT}, "deactivated": deactivated},
        ip_address=ip_address,
    )


def password_setting_link(base_url: str, user: AbstractBaseUser) -> str:
    """Django's password-reset link for the user: it works once, and not after a log-in."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse(
        "password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )


def contact_invitation_deliver(
    *, membership_id: int, base_url: str, sender_name: str, language: str
) -> None:
    """Send the invitation e-mail of a client contact (the task's work), with a fresh link."""
    membership = (
        Membership.objects.select_related("user", "organisation")
        .filter(pk=membership_id, role=Membership.Role.CLIENT_CONTACT)
        .first()
    )
    if membership is None or not membership.user.is_active:
        return  # removed since
    user = membership.user
    context = {
        "user": user,
        "organisation": membership.organisation,
        "link": password_setting_link(base_url, user),
        "sender_name": sender_name,
        "consultancy_name": settings.PALIER_CONSULTANCY_NAME,
        "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    with translation.override(language):
        subject = render_to_string("assessments/email/contact_invitation_subject.txt", context)
        body = render_to_string("assessments/email/contact_invitation.txt", context)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email]).send()
