"""Tolerant wire models (``extra="ignore"``) for what the backends send."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class AlertStatus(Wire):
    state: str = "unprocessed"
    silencedBy: list[str] = Field(default_factory=list)
    inhibitedBy: list[str] = Field(default_factory=list)


class Receiver(Wire):
    name: str = ""


class WireAlert(Wire):
    fingerprint: str
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)
    startsAt: datetime
    endsAt: datetime | None = None
    updatedAt: datetime | None = None
    generatorURL: str = ""
    status: AlertStatus = Field(default_factory=AlertStatus)
    receivers: list[Receiver] = Field(default_factory=list)


class WireAlertGroup(Wire):
    labels: dict[str, str] = Field(default_factory=dict)
    receiver: Receiver = Field(default_factory=Receiver)
    alerts: list[WireAlert] = Field(default_factory=list)


class WireMatcher(Wire):
    name: str
    value: str
    isRegex: bool = False
    isEqual: bool = True


class SilenceStatus(Wire):
    state: str = "active"


class WireSilence(Wire):
    id: str
    matchers: list[WireMatcher] = Field(default_factory=list)
    startsAt: datetime
    endsAt: datetime
    createdBy: str = ""
    comment: str = ""
    updatedAt: datetime | None = None
    status: SilenceStatus = Field(default_factory=SilenceStatus)


class ClusterPeer(Wire):
    name: str = ""
    address: str = ""


class ClusterStatus(Wire):
    name: str | None = None
    status: str = ""
    peers: list[ClusterPeer] = Field(default_factory=list)


class VersionInfo(Wire):
    version: str = ""


class WireStatus(Wire):
    cluster: ClusterStatus = Field(default_factory=ClusterStatus)
    versionInfo: VersionInfo = Field(default_factory=VersionInfo)
    uptime: datetime | None = None


class PostSilenceResponse(Wire):
    silenceID: str


ALERTS = TypeAdapter(list[WireAlert])
GROUPS = TypeAdapter(list[WireAlertGroup])
SILENCES = TypeAdapter(list[WireSilence])
