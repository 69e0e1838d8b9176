"""Linking two records of the same body into one, and undoing it.

A community group added by the public (GB-LOCAL-…) may later register as a charity; a curator then
links the group's record into the registered body's. Everything that pointed at the group moves to
the body (its identifiers, statement versions, members, contacts, areas, source records …), so the
group's history is kept and its old addresses lead to the body. Apps with more to do than move rows
(statement versions are renumbered) add a `MergeStep`. The group's record itself stays,
marked as merged, and the exact rows moved are recorded, so a curator can undo the link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import ManyToOneRel
from django.utils import timezone

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditAction
from commoncause.accounts.roles import is_curator
from commoncause.accounts.services import audit_record
from commoncause.linkage.canonical import canonical_identifiers_refresh
from commoncause.linkage.models import LinkCandidate, LinkStatus, OrganisationMerge
from commoncause.register.models import Organisation, OrgIdentifier
from commoncause.register.services import search_index_refresh

# Rows that record history about a record rather than describe the body: they stay where they are.
# (A relation with no name back, such as a group proposal's, is never moved either.)
STAYS = {OrganisationMerge, Organisation, LinkCandidate}


@dataclass(frozen=True)
class MergeStep:
    """What an app does beyond moving its rows when two records are linked, and how it is undone.

    `link(source, target)` runs before the rows move and returns the numbers it must remember (kept in
    the link's record under `name`); `unlink(source, target, remembered)` runs after they have moved back.
    """

    name: str
    link: Callable[[Organisation, Organisation], list[int]]
    unlink: Callable[[Organisation, Organisation, list[int]], None]


_STEPS: dict[str, MergeStep] = {}


def merge_step_add(step: MergeStep) -> None:
    """Add (or replace, by name) a step that runs whenever two records are linked or unlinked."""
    _STEPS[step.name] = step


class LinkError(DecisionError):
    """A link that cannot be made or undone; the message says why."""


def _relations() -> Iterator[ManyToOneRel]:
    """Every foreign key to an organisation from the rows that describe it (in any app)."""
    for relation in Organisation._meta.related_objects:
        if (
            isinstance(relation, ManyToOneRel)
            and not relation.one_to_one
            and relation.related_model not in STAYS
        ):
            yield relation


def _model(relation: ManyToOneRel) -> type[models.Model]:
    """The model whose foreign key this is (a class once the apps are loaded, never "self")."""
    model = relation.related_model
    if not isinstance(model, type):
        raise TypeError(f"{relation} has no model yet: the apps are not loaded")
    return model


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _key(relation: ManyToOneRel) -> str:
    """Where a link records the rows that moved by one foreign key: the model's label and the field,
    since a model may point at an organisation twice (a grant's funder and recipient)."""
    return f"{_label(_model(relation))}.{relation.field.name}"


def _moved_ids(merge: OrganisationMerge, relation: ManyToOneRel) -> list[str]:
    """The rows a link moved by this foreign key. Links made before rows were recorded by field name
    them by the model's label alone."""
    ids = merge.moved.get(_key(relation)) or merge.moved.get(_label(_model(relation))) or []
    return [str(pk) for pk in ids]


def _clashes(row: models.Model, field: str, target: Organisation) -> bool:
    """Whether moving `row` to `target` would break a uniqueness rule (the target has its own)."""
    model = type(row)
    groups = [
        c.fields for c in model._meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields
    ]
    groups += [tuple(together) for together in model._meta.unique_together]
    for fields in groups:
        if field in fields:
            others = {name: getattr(row, name) for name in fields if name != field}
            if model._default_manager.filter(**{field: target}, **others).exclude(pk=row.pk).exists():
                return True
    return False


def organisation_link(
    *, curator: User, source: Organisation, target: Organisation, reason: str = ""
) -> OrganisationMerge:
    """Link `source` into `target` (the same body); returns the record of what moved."""
    if not is_curator(curator):
        raise LinkError("Only curators link records.", not_allowed=True)
    return link_records(actor=curator, source=source, target=target, reason=reason)


@transaction.atomic
def link_records(
    *,
    actor: User | None,
    source: Organisation,
    target: Organisation,
    reason: str = "",
    refresh_search: bool = True,
) -> OrganisationMerge:
    """Link `source` into `target` for a curator or, with no actor, for the matcher (see link_queue).

    Without `refresh_search` the caller refreshes both records' search entries (once, for many links).
    """
    if source.pk == target.pk:
        raise LinkError(
            "Choose a different organisation: a record cannot be linked to itself.", field="target"
        )
    if source.merged_into_id or target.merged_into_id:
        raise LinkError("One of these records has been linked into another already.", field="target")
    moved: dict[str, list[int] | list[str]] = {
        step.name: step.link(source, target) for step in _STEPS.values()
    }
    moved["primary_identifiers"] = list(
        source.identifiers.filter(is_primary=True).values_list("org_id", flat=True)
    )
    OrgIdentifier.objects.filter(organisation=source).update(is_primary=False)
    for relation in _relations():
        field, model = relation.field.name, _model(relation)
        rows = model._default_manager.filter(**{field: source})
        ids = [row.pk for row in rows if not _clashes(row, field, target)]
        model._default_manager.filter(pk__in=ids).update(**{field: target})
        if ids:
            moved[_key(relation)] = [str(pk) for pk in ids]
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    canonical_identifiers_refresh([target.pk])
    merge = OrganisationMerge.objects.create(
        source=source, target=target, moved=moved, reason=reason.strip(), merged_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditAction.MERGE,
        target=merge,
        target_label=f"{source.name} linked into {target.name}",
        after={"source": str(source.pk), "target": str(target.pk), "moved": moved, "reason": merge.reason},
    )
    if refresh_search:
        search_index_refresh(organisation_ids=[source.pk, target.pk])
    return merge


@transaction.atomic
def organisation_unlink(*, curator: User, merge: OrganisationMerge) -> OrganisationMerge:
    """Undo a link: the rows that moved go back, and the statement versions get their numbers back."""
    if not is_curator(curator):
        raise LinkError("Only curators undo links.", not_allowed=True)
    if merge.undone_at is not None:
        raise LinkError("This link has been undone already.")
    source, target = merge.source, merge.target
    for relation in _relations():
        field = relation.field.name
        # Only rows still pointing at the body by this field go back: a row's other foreign key to an
        # organisation is left as it is.
        rows = _model(relation)._default_manager.filter(pk__in=_moved_ids(merge, relation), **{field: target})
        rows.update(**{field: source})
    for step in _STEPS.values():
        step.unlink(source, target, merge.moved.get(step.name, []))
    OrgIdentifier.objects.filter(org_id__in=merge.moved.get("primary_identifiers", [])).update(
        is_primary=True
    )
    source.merged_into = None
    source.save(update_fields=["merged_into", "updated_at"])
    # Linking chose the body's primary org-id among both records' ids: each chooses again from its own.
    canonical_identifiers_refresh([source.pk, target.pk])
    merge.undone_at, merge.undone_by = timezone.now(), curator
    merge.save(update_fields=["undone_at", "undone_by"])
    # A pair the matcher found and a curator split is never linked automatically again.
    LinkCandidate.objects.filter(merge=merge).update(
        status=LinkStatus.SPLIT, decided_by=curator, decided_at=merge.undone_at
    )
    audit_record(
        actor=curator,
        action=AuditAction.UNMERGE,
        target=merge,
        target_label=f"{source.name} no longer linked into {target.name}",
        before={"target": str(target.pk)},
        after={"source": str(source.pk)},
    )
    search_index_refresh(organisation_ids=[source.pk, target.pk])
    return merge
