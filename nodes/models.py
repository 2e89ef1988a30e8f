"""The standards library: boards → standards → node types, each standard published as immutable
versions; workflow templates per procedure type, also versioned.

Identity and content are kept apart. ``Standard``, ``NodeType`` and ``Template`` are stable
identities (by code). What a standard says lives in a ``StandardVersion`` and its ``NodeSpec`` rows;
what a template says lives in a ``TemplateVersion`` and its steps and edges. A published version is
never changed: an edit is a new draft that is published as the next version, and the previous one
becomes *superseded* but stays, so a task created under it keeps its rules for its whole life.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from courtops.core.clock import TimeUnit
from nodes.choices import (
    Join,
    NodeKind,
    PayUnit,
    Performer,
    Procedure,
    ReviewMode,
    ServiceArea,
    StartEvent,
    VersionSource,
    VersionStatus,
)


class ImmutableVersionError(Exception):
    """Raised when code tries to change or delete a row of a published version."""


class Board(models.Model):
    """One of the five boards (板块) the standards are grouped in."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("board (板块)")
        verbose_name_plural = _("boards")

    def __str__(self) -> str:
        return self.name


class Standard(models.Model):
    """An operating standard (操作规范), identified by its code (S01 … S27). Its content is in
    its versions; ``current`` points at the published one."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="standards")
    # Room for a court that adopts and overrides a standard later; null = the installation's.
    court = models.ForeignKey(
        "core.Court", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    current = models.ForeignKey(
        "StandardVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published version"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("operating standard (操作规范)")
        verbose_name_plural = _("operating standards")

    def __str__(self) -> str:
        return self.code


class StandardVersionQuerySet(models.QuerySet):
    def installation(self) -> StandardVersionQuerySet:
        """The installation's versions (every court's), not the courts' own variants."""
        return self.filter(court__isnull=True)

    def variants_of(self, court_id: int) -> StandardVersionQuerySet:
        return self.filter(court_id=court_id)


class StandardVersion(FSMModelMixin, models.Model):
    """One version of a standard: draft (editable), published (in force) or superseded."""

    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="versions")
    # A court's own variant of the standard (its office drafts, edits and publishes it; only
    # that court sees it and works to it); empty = the installation's version every court uses.
    court = models.ForeignKey(
        "core.Court",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("court variant of"),
    )
    version = models.PositiveIntegerField(_("version"))
    status = FSMField(
        _("status"),
        max_length=12,
        choices=VersionStatus.choices,
        default=VersionStatus.DRAFT,
        protected=True,
    )
    number = models.CharField(_("document number"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    scope = models.TextField(_("scope"))
    errors = models.JSONField(_("error codes"), default=list)
    content_hash = models.CharField(_("content hash"), max_length=64)
    source = models.CharField(_("source"), max_length=10, choices=VersionSource.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = StandardVersionQuerySet.as_manager()

    class Meta:
        ordering = ["standard__code", "-version"]
        verbose_name = _("standard version")
        verbose_name_plural = _("standard versions")
        constraints = [
            # the installation's versions and each court's variant are numbered apart (a library
            # file names the installation's number)
            models.UniqueConstraint(
                fields=["standard", "version"],
                condition=Q(court__isnull=True),
                name="standard_version_unique",
            ),
            models.UniqueConstraint(
                fields=["standard", "court", "version"],
                condition=Q(court__isnull=False),
                name="standard_variant_version_unique",
            ),
            models.UniqueConstraint(
                fields=["standard"],
                condition=Q(status="published", court__isnull=True),
                name="standard_one_published_version",
            ),
            models.UniqueConstraint(
                fields=["standard"],
                condition=Q(status="draft", court__isnull=True),
                name="standard_one_draft_version",
            ),
            models.UniqueConstraint(
                fields=["standard", "court"],
                condition=Q(status="published", court__isnull=False),
                name="standard_variant_one_published_version",
            ),
            models.UniqueConstraint(
                fields=["standard", "court"],
                condition=Q(status="draft", court__isnull=False),
                name="standard_variant_one_draft_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard.code} v{self.version}"

    @property
    def is_variant(self) -> bool:
        return self.court_id is not None

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @transition(field=status, source=VersionStatus.DRAFT, target=VersionStatus.PUBLISHED)
    def publish(self, *, content_hash: str, at, by) -> None:
        """draft → published (the previous published version must be superseded first)."""
        self.content_hash, self.published_at, self.published_by = content_hash, at, by

    @transition(field=status, source=VersionStatus.PUBLISHED, target=VersionStatus.SUPERSEDED)
    def supersede(self) -> None:
        """published → superseded, when the next version is published."""

    def error_map(self) -> dict[str, dict]:
        return {e["code"]: e for e in self.errors}


class NodeType(models.Model):
    """The stable identity of a procedural node (e.g. S15-003) across the versions of its
    standard."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="node_types")

    class Meta:
        ordering = ["code"]
        verbose_name = _("node type (节点)")
        verbose_name_plural = _("node types")

    def __str__(self) -> str:
        return self.code


class NodeSpecQuerySet(models.QuerySet):
    def published(self) -> NodeSpecQuerySet:
        """The installation's specs in force: those of each standard's published version
        (courts' own variants are not in it; see ``in_force_for``)."""
        return self.filter(version__status=VersionStatus.PUBLISHED, version__court__isnull=True)

    def in_force_for(self, court_id: int | None) -> NodeSpecQuerySet:
        """The specs ``court_id`` works to: its published variant of a standard where it keeps
        one, the installation's published version of every other standard."""
        if court_id is None:
            return self.published()
        own = StandardVersion.objects.filter(
            court_id=court_id, status=VersionStatus.PUBLISHED
        ).values("standard_id")
        return self.filter(
            Q(version__court__isnull=True, version__status=VersionStatus.PUBLISHED)
            & ~Q(version__standard__in=own)
            | Q(version__court_id=court_id, version__status=VersionStatus.PUBLISHED)
        )


class NodeSpec(models.Model):
    """What a node type is in one version of its standard: instruction, performer, inputs,
    typed outputs, time limit and its legal basis, acceptance checklist, error codes, review
    mode, visibility and pay unit. A task points at a NodeSpec, so it keeps these rules even after
    the standard is revised. Rows of a published version are frozen (Python guard here, and a
    plain database trigger on PostgreSQL, nodes migration 0008)."""

    version = models.ForeignKey(StandardVersion, on_delete=models.PROTECT, related_name="specs")
    node_type = models.ForeignKey(NodeType, on_delete=models.PROTECT, related_name="specs")
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    performer = models.CharField(_("performer"), max_length=20, choices=Performer.choices)
    instruction = models.TextField(_("operating instruction"))
    inputs = models.JSONField(_("inputs"), default=list)
    outputs = models.JSONField(_("output fields"), default=list)
    time_amount = models.PositiveIntegerField(_("time limit"), null=True, blank=True)
    time_unit = models.CharField(
        _("time unit"), max_length=20, choices=TimeUnit.choices, blank=True
    )
    time_starts = models.CharField(
        _("counted from"), max_length=30, choices=StartEvent.choices, blank=True
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    # time_starts = "output": the recorded date that starts the clock, {"node", "field"}
    time_start_ref = models.JSONField(_("counted from the recorded date"), null=True, blank=True)
    # the period when a party has no domicile in the PRC: {"amount", "unit", "basis"}
    time_foreign = models.JSONField(_("period for a party abroad"), null=True, blank=True)
    # a wait is a party's period (answer, appeal, posting), held in the time columns above; it
    # has no performer, review or pay
    kind = models.CharField(_("kind"), max_length=8, choices=NodeKind.choices, default="task")
    checklist = models.JSONField(_("acceptance checklist"), default=list)
    errors = models.JSONField(_("error codes"), default=list)
    review = models.CharField(_("review"), max_length=10, choices=ReviewMode.choices)
    sample_rate = models.DecimalField(
        _("sample rate"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    visibility = models.JSONField(_("visible fields"), default=list)
    pay_unit = models.CharField(_("pay unit"), max_length=10, choices=PayUnit.choices)
    non_case = models.BooleanField(_("not tied to a case"), default=False)
    frozen = models.BooleanField(_("frozen (published)"), default=False, editable=False)
    # Name, instruction, checklist and legal basis in one column for keyword search (JSON columns
    # store Chinese escaped on some backends).
    search_text = models.TextField(default="", editable=False)

    objects = NodeSpecQuerySet.as_manager()

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("node specification")
        verbose_name_plural = _("node specifications")
        constraints = [
            models.UniqueConstraint(fields=["version", "node_type"], name="nodespec_unique"),
            models.CheckConstraint(
                condition=Q(sample_rate__isnull=True) | Q(review="sampled"),
                name="nodespec_sample_rate_only_sampled",
            ),
        ]
        indexes = [models.Index(fields=["code"])]
        # Published specs are the rules live tasks run under: never updated nor deleted. On
        # PostgreSQL a plain trigger (nodes migration 0008) refuses it; not a pgtrigger one,
        # which any database role can switch off with ``SET pgtrigger.ignore``.

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        if self.pk and NodeSpec.objects.filter(pk=self.pk, frozen=True).exists():
            raise ImmutableVersionError(f"{self.code}: a published node specification is frozen")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.frozen:
            raise ImmutableVersionError(f"{self.code}: a published node specification is frozen")
        return super().delete(*args, **kwargs)

    @property
    def has_time_limit(self) -> bool:
        return self.time_amount is not None

    def output_field(self, name: str) -> dict | None:
        return next((f for f in self.outputs if f["name"] == name), None)


class Template(models.Model):
    """A workflow template (流程模板) for one procedure type, identified by code."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    procedure = models.CharField(_("procedure"), max_length=30, choices=Procedure.choices)
    court = models.ForeignKey(
        "core.Court", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    current = models.ForeignKey(
        "TemplateVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("workflow template (流程模板)")
        verbose_name_plural = _("workflow templates")

    def __str__(self) -> str:
        return self.code


class TemplateVersion(FSMModelMixin, models.Model):
    """One published version of a template, expanded (fragments inlined) and bound to the node
    specifications in force when it was loaded."""

    template = models.ForeignKey(Template, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    # Loaded versions are born published (the library files are the reviewed draft); the next
    # load of a changed template supersedes this one through ``supersede`` only.
    status = FSMField(
        _("status"),
        max_length=12,
        choices=VersionStatus.choices,
        default=VersionStatus.PUBLISHED,
        protected=True,
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    procedure = models.CharField(_("procedure"), max_length=30, choices=Procedure.choices)
    content_hash = models.CharField(_("content hash"), max_length=64)
    fragment_names = models.JSONField(_("sub-flow names"), default=dict)
    court_levels = models.JSONField(_("court levels"), default=list)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        ordering = ["template__code", "-version"]
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        constraints = [
            models.UniqueConstraint(fields=["template", "version"], name="template_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.template.code} v{self.version}"

    @transition(field=status, source=VersionStatus.PUBLISHED, target=VersionStatus.SUPERSEDED)
    def supersede(self) -> None:
        """published → superseded, when the template's next version is loaded."""


class TemplateStep(models.Model):
    """A step of a template version: one node, entered when one (any) or all incoming edges fire."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="steps")
    step_id = models.CharField(_("step"), max_length=120)
    node_spec = models.ForeignKey(NodeSpec, on_delete=models.PROTECT, related_name="+")
    node_type = models.ForeignKey(NodeType, on_delete=models.PROTECT, related_name="+")
    join = models.CharField(_("join"), max_length=3, choices=Join.choices, default=Join.ANY)
    is_start = models.BooleanField(_("start"), default=False)
    is_end = models.BooleanField(_("end"), default=False)
    fragment = models.CharField(_("from fragment"), max_length=60, blank=True)
    # named case events its completion records (case_filed, pronouncement …)
    marks = models.JSONField(_("case events it records"), default=list, blank=True)
    # null for a wait (no one works on it)
    work_order = models.ForeignKey(
        "WorkOrderSpec",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("work order"),
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("template step")
        verbose_name_plural = _("template steps")
        constraints = [
            models.UniqueConstraint(fields=["version", "step_id"], name="template_step_unique")
        ]

    def __str__(self) -> str:
        return self.step_id


class TemplateEdge(models.Model):
    """A directed edge between two steps, with an optional guard on the source's outputs."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="edges")
    source = models.ForeignKey(TemplateStep, on_delete=models.CASCADE, related_name="out_edges")
    target = models.ForeignKey(TemplateStep, on_delete=models.CASCADE, related_name="in_edges")
    guard = models.JSONField(_("guard"), null=True, blank=True)
    is_else = models.BooleanField(_("else"), default=False)
    rework = models.BooleanField(_("rework loop"), default=False)
    # the edge the plain path takes (two parties, all served first time, no appeal)
    plain = models.BooleanField(_("plain path"), default=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("template edge")
        verbose_name_plural = _("template edges")

    def __str__(self) -> str:
        return f"{self.source_id}→{self.target_id}"


class WorkOrderSpec(models.Model):
    """A work order (工单) of a template version: one step, or a run of steps one performer does in
    one sitting. It is what the engine routes, assigns, times, reviews and pays; its steps keep
    their own instruction, output, checklist and time limit. ``declared`` is False for a step that
    is a work order of its own (review and pay unit then come from its node)."""

    version = models.ForeignKey(
        TemplateVersion, on_delete=models.CASCADE, related_name="work_orders"
    )
    wo_id = models.CharField(_("work order"), max_length=120)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    performer = models.CharField(_("performer"), max_length=20, choices=Performer.choices)
    review = models.CharField(_("review"), max_length=10, choices=ReviewMode.choices)
    sample_rate = models.DecimalField(
        _("sample rate"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    pay_unit = models.CharField(_("pay unit"), max_length=10, choices=PayUnit.choices)
    declared = models.BooleanField(_("declared in the template"), default=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("work order (工单)")
        verbose_name_plural = _("work orders")
        constraints = [
            models.UniqueConstraint(fields=["version", "wo_id"], name="work_order_spec_unique"),
            models.CheckConstraint(
                condition=Q(sample_rate__isnull=True) | Q(review="sampled"),
                name="work_order_sample_rate_only_sampled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wo_id} {self.name}"


class ServiceItem(models.Model):
    """A service item the court buys (购买社会化服务项目), e.g. "EMS邮寄送达": the unit contracts
    price and tender, with the nodes whose work it covers and its pay unit. Loaded from
    nodes/library/service_items.yaml; an item no longer in the file stays, inactive, for the
    contracts that name it."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    area = models.CharField(_("area"), max_length=20, choices=ServiceArea.choices)
    non_case = models.BooleanField(_("not tied to a case"), default=False)
    pay_unit = models.CharField(_("pay unit"), max_length=10, choices=PayUnit.choices)
    node_types = models.ManyToManyField(
        NodeType, related_name="service_items", verbose_name=_("nodes")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in the catalogue"), default=True)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("service item (服务项目)")
        verbose_name_plural = _("service items")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


# The workflow engine's rows live in nodes/engine/models.py (kept apart to keep modules small).
from nodes.engine.models import (  # noqa: E402, F401
    CaseWorkflow,
    WorkflowWait,
    WorkOrder,
    WorkOrderAttempt,
    WorkOrderStep,
)
