from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "backend.accounts"
    label = "accounts"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from . import brake

        user_locked_out.connect(brake.on_locked_out, dispatch_uid="tongban_login_braked")
        user_logged_in.connect(lambda sender, request, user, **kw: request and brake.forget_own_failures(request, user),
                               dispatch_uid="tongban_login_forget_failures", weak=False)
