"""The register: one record per organisation, with every identifier, name, fact and where it came from."""

from commoncause.register.models.classification import Classification, ClassificationCode
from commoncause.register.models.facts import (
    AreaOfOperation,
    FinancialYear,
    OrganisationalTrustee,
    OrganisationEvent,
    OrganisationLink,
)
from commoncause.register.models.organisation import (
    Organisation,
    OrganisationStatus,
    OrgIdentifier,
    OtherName,
)
from commoncause.register.models.provenance import ImportRun, SourceRecord

__all__ = [
    "AreaOfOperation",
    "Classification",
    "ClassificationCode",
    "FinancialYear",
    "ImportRun",
    "OrgIdentifier",
    "Organisation",
    "OrganisationEvent",
    "OrganisationLink",
    "OrganisationStatus",
    "OrganisationalTrustee",
    "OtherName",
    "SourceRecord",
]
