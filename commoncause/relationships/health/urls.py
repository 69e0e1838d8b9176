"""The health check's pages, under /health-checks/ (in the relationships namespace)."""

from django.urls import path

from commoncause.relationships.health.views import actions, answers, results, rounds, statements

ROUND = "rounds/<int:round_id>/"

urlpatterns = [
    path("", rounds.health_index, name="health_index"),
    path(ROUND, rounds.health_round, name="health_round"),
    path(f"{ROUND}edit/", rounds.health_round_edit, name="health_round_edit"),
    path(f"{ROUND}statements/", rounds.health_round_statements, name="health_round_statements"),
    path(f"{ROUND}status/", rounds.health_round_status, name="health_round_status"),
    path(f"{ROUND}answer/", answers.health_answer, name="health_answer"),
    path(f"{ROUND}results/", results.health_results, name="health_results"),
    path(f"{ROUND}results/<str:table>.csv", results.health_results_csv, name="health_results_csv"),
    path(f"{ROUND}actions/", actions.health_action_list, name="health_action_list"),
    path(f"{ROUND}actions/new/", actions.health_action_new, name="health_action_new"),
    path(f"{ROUND}actions/<int:action_id>/", actions.health_action_edit, name="health_action_edit"),
    path("<slug:council_slug>/", rounds.health_council, name="health_council"),
    path("<slug:council_slug>/new/", rounds.health_round_new, name="health_round_new"),
    path("<slug:council_slug>/statements/", statements.health_statement_list, name="health_statement_list"),
    path("<slug:council_slug>/statements/new/", statements.health_statement_new, name="health_statement_new"),
]
