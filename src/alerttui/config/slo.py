"""A tenant's service level objectives (``[[tenants.slos]]``): what is measured (an error or
good-events query over the total, both written with ``{{window}}`` where the range goes) and
the objective over a rolling window."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field, field_validator, model_validator

from alerttui.config.types import Duration, Strict
from alerttui.i18n import _

WINDOW = "{{window}}"


class SLOConfig(Strict):
    name: str = Field(min_length=1, max_length=100)
    objective: float = Field(gt=0, lt=100)  # percent, e.g. 99.9
    window: Duration = timedelta(days=30)
    error_query: str | None = None  # e.g. sum(rate(http_requests_total{code=~"5.."}[{{window}}]))
    good_query: str | None = None
    total_query: str = Field(min_length=1)

    @field_validator("window")
    @classmethod
    def _window(cls, value: timedelta) -> timedelta:
        if not timedelta(hours=1) <= value <= timedelta(days=90):
            raise ValueError(_("expected between 1h and 90d"))
        return value

    @model_validator(mode="after")
    def _queries(self) -> SLOConfig:
        if (self.error_query is None) == (self.good_query is None):
            raise ValueError(_("set exactly one of error_query and good_query (with total_query)"))
        for name in ("error_query", "good_query", "total_query"):
            query = getattr(self, name)
            if query is not None and WINDOW not in query:
                raise ValueError(_("{field}: write {window} where the range goes, e.g. "
                                   "sum(rate(http_requests_total[{window}]))").format(field=name, window=WINDOW))
        return self

    @property
    def budget(self) -> float:
        """The error budget as a ratio (99.9 % -> 0.001)."""
        return 1 - self.objective / 100

    def ratio_query(self, window: str) -> str:
        """PromQL for the error ratio over ``window`` (a Prometheus duration like ``1h``)."""
        total = self.total_query.replace(WINDOW, window)
        if self.error_query is not None:
            return f"({self.error_query.replace(WINDOW, window)}) / ({total})"
        assert self.good_query is not None
        return f"1 - ({self.good_query.replace(WINDOW, window)}) / ({total})"
