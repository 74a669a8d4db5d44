"""A construction case's project and its chain of responsibility (工程建设领域).

The parties that are organisations are employer records (the registry of
complaints/models/case.py), so an employer's page finds its cases by role; a team leader
(班组长/包工头) is a person and is named on the party row.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models.case import Case, Employer
from complaints.models.choices import PartyRole, choice_values
from complaints.validators import NAME_MAX_LENGTH


class Project(models.Model):
    """A construction project a case is about; several cases may name the same one."""

    name = models.CharField(_("project name"), max_length=200)
    # Lower-case, width-folded form (complaints/normalization.py): finds the same project.
    normalized_name = models.CharField(max_length=200, db_index=True, editable=False)
    location = models.CharField(_("location"), max_length=300, blank=True)
    code = models.CharField(_("project code"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="project_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CaseParty(models.Model):
    """A party of the case's chain of responsibility in one role: an employer record, or
    (for a team leader) a person named here."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="parties"
    )
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_parties",
    )
    person_name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, blank=True)
    person_phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["case", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=choice_values(PartyRole)), name="caseparty_role_valid"
            ),
            # An organisation, or a person's name: exactly one of them.
            models.CheckConstraint(
                condition=(Q(employer__isnull=False) & Q(person_name=""))
                | (Q(employer__isnull=True) & ~Q(person_name="")),
                name="caseparty_organisation_or_person",
            ),
            models.UniqueConstraint(
                fields=["case", "role", "employer"],
                condition=Q(employer__isnull=False),
                name="caseparty_employer_once_per_role",
            ),
        ]
        indexes = [models.Index(fields=["employer", "role"], name="caseparty_employer_role_idx")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.employer or self.person_name}"

    @property
    def display_name(self) -> str:
        return self.employer.name if self.employer_id else self.person_name
