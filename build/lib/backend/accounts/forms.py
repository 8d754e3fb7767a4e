"""Account forms that check a password go through `authenticate(request, …)`, so the login brake
(backend/accounts/brake.py) hears them like any other way in."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import PasswordChangeView


class BrakedPasswordChangeForm(PasswordChangeForm):
    """Django's form checks the old password with `check_password`, unseen by the brake: a stolen
    session could guess the password it cannot read. Here the old password is an authentication."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        checked = authenticate(self.request, username=self.user.get_username(), password=old)
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old


class BrakedPasswordChangeView(PasswordChangeView):
    form_class = BrakedPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}
