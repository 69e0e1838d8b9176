from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "commoncause.register"
    label = "register"
    verbose_name = "Register"

    def ready(self) -> None:
        from commoncause.accounts.personal_data import holder_register
        from commoncause.register import invitations

        holder_register(
            "invitations_to_you", export=invitations.invitations_export, erase=invitations.invitations_erase
        )
