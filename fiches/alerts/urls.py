"""The alerts' URLs, included under the language prefix by cms/urls.py."""

from django.urls import path

from fiches.alerts import views

urlpatterns = [
    path("", views.subscribe, name="alerts_subscribe"),
    path("envoye/", views.sent, name="alerts_sent"),
    path("confirmation/<str:token>/", views.confirm, name="alerts_confirm"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="alerts_unsubscribe"),
]
