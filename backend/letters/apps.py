from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "backend.letters"
    label = "letters"
    verbose_name = "县长信箱"
