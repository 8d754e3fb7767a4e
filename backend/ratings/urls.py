from django.urls import path

from . import api

urlpatterns = [
    path("ratings/", api.RatingSubmitApi.as_view(), name="api-ratings"),
    path("cases/<str:number>/rating/", api.CaseRatingSubmitApi.as_view(), name="api-case-rating"),
]
