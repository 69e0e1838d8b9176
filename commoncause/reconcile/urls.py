from django.urls import path

from commoncause.reconcile import views

app_name = "reconcile"

urlpatterns = [
    path("reconcile", views.endpoint, name="endpoint"),
    path("reconcile/suggest/entity", views.suggest_entity, name="suggest_entity"),
    path("reconcile/suggest/type", views.suggest_type, name="suggest_type"),
    path("reconcile/suggest/property", views.suggest_property, name="suggest_property"),
    path("reconcile/extend/propose", views.propose_properties, name="propose_properties"),
    path("reconcile/flyout/entity", views.flyout_entity, name="flyout_entity"),
    path("reconcile/preview", views.preview, name="preview"),
]
