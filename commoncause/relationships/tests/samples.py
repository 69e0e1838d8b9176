from commoncause.register.models import AreaOfOperation, Organisation

ORG = "GB-NIC-100002"  # the `charity` fixture's organisation
BELFAST = "N09000003"  # the area of the cast's council (accounts.tests.cast.council)


def works_in_belfast(organisation: Organisation) -> None:
    """Record that the organisation works in Belfast, the cast officer's council area."""
    AreaOfOperation.objects.create(
        organisation=organisation,
        area_type="Local authority",
        name="Belfast",
        gss_code=BELFAST,
        source="test",
    )
