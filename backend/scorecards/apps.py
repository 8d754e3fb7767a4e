from django.apps import AppConfig


class ScorecardsConfig(AppConfig):
    name = "backend.scorecards"
    label = "scorecards"
    verbose_name = "量化考评与通报"
