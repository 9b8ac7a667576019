from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """Public signup is closed: people arrive by invitation."""

    def is_open_for_signup(self, request) -> bool:
        if getattr(request, "invitation_signup_allowed", False):
            return True
        return settings.ACCOUNT_ALLOW_SIGNUPS
