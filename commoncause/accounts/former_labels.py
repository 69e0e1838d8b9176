"""The labels models had before they moved to another app.

A model keeps its rows when it moves, but records written before the move name it by its old label
(`app.model`): the audit log, which is never rewritten, and the signed links in invitations already
sent. Reading by a model's label takes its former labels too.
"""

FORMER_LABELS: dict[str, tuple[str, ...]] = {
    "members.membership": ("register.membership",),
    "members.profileedit": ("register.profileedit",),
    "members.profileversion": ("register.profileversion",),
    "members.groupproposal": ("register.groupproposal",),
    "members.memberinvitation": ("register.memberinvitation",),
    "linkage.organisationmerge": ("register.organisationmerge",),
    "linkage.linkcandidate": ("register.linkcandidate",),
    "funding.grant": ("register.grant",),
    "register.sourcerecord": ("sources.sourcerecord",),
    "register.importrun": ("sources.importrun",),
}


def labels_of(label: str) -> tuple[str, ...]:
    """A model's label and every label it had before."""
    return (label, *FORMER_LABELS.get(label, ()))
