from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "backend.letters"
    label = "letters"
    verbose_name = "县长信箱"

    def ready(self):
        from backend.supervision.terms import register_case_terms
        from backend.supervision.timeline import register_timeline_source

        from .selectors import letter_timeline_rows
        from .terms import letter_terms

        register_case_terms(letter_terms)
        register_timeline_source(letter_timeline_rows)
