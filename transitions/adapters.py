from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings

from transitions.roles import roles_of


class AccountAdapter(DefaultAccountAdapter):
    """Public signup is closed: people arrive by invitation."""

    def is_open_for_signup(self, request) -> bool:
        if getattr(request, "invitation_signup_allowed", False):
            return True
        return settings.ACCOUNT_ALLOW_SIGNUPS

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts failed logins per account ("key") to slow down guessing; keyed by
        # the email alone, anyone could keep anyone locked out by sending five wrong
        # passwords every five minutes. Keyed by account *and* address, a stranger only
        # locks themselves out; the per-IP limits bound guessing from any one address.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}@{self.get_client_ip(request)}"


class MFAAdapter(DefaultMFAAdapter):
    """Those who must have a second factor cannot remove their authenticator app."""

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and roles_of(
            authenticator.user
        ).requires_mfa(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
