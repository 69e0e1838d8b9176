from django.urls import path

from commoncause.accounts import council_views, invitation_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetSentView.as_view(), name="password_reset_sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("", views.account, name="account"),
    path("my-data.json", views.my_data, name="my_data"),
    path("erase/", views.erase, name="erase"),
    path("verify/", views.verify_email_send, name="verify_email_send"),
    path("verify/<str:token>/", views.verify_email, name="verify_email"),
    path("tokens/", views.api_token_create, name="api_token_create"),
    path("tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("audit/", views.audit_log, name="audit_log"),
    path("invitations/", invitation_views.staff_invite_new, name="staff_invite_new"),
    path("councils/", council_views.council_list, name="council_list"),
    path("councils/<int:council_id>/", council_views.council_list, name="council_change"),
    path("invitations/<str:token>/", invitation_views.staff_invitation, name="staff_invitation"),
]
