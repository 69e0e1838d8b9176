"""What an organisation does, for whom and how, in the codes of a classification scheme."""

from django.db import models

from commoncause.register.models.organisation import Organisation


class ClassificationCode(models.Model):
    """One code of a classification scheme (CCEW what/who/how, UK-CAT, ICNP/TSO)."""

    scheme = models.CharField(max_length=20)
    code = models.CharField(max_length=20)
    kind = models.CharField(max_length=20, blank=True)  # what / who / how for CCEW
    label = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="uniq_classification_code")]
        ordering = ["scheme", "code"]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.code} {self.label}"


class Classification(models.Model):
    """An organisation's classification under one scheme."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="classifications")
    scheme = models.CharField(max_length=20)
    code = models.CharField(max_length=20)
    source = models.CharField(max_length=20)

    class Meta:
        indexes = [models.Index(fields=["scheme", "code"], name="classification_code_idx")]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.code}"
