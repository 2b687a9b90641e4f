"""Snapshots as JSON and back, exactly, for recordings (``alerttui record`` / ``replay``).

A recording is read on another machine, maybe from someone else: so it is data, never code
(no pickle). Only the domain's own types are rebuilt, from an allowlist; anything else in a
file is an error. Tagged values: ``{"$dc": name, ...fields}`` a dataclass, ``{"$dt": iso}``
a time, ``{"$td": seconds}`` a duration, ``{"$en": name, "v": value}`` an enum member,
``{"$m": [[key, value], ...]}`` a mapping (its keys need not be strings); a list is a tuple
(the domain's sequences are tuples)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from alerttui.domain.anomaly import Anomaly, BandPoint
from alerttui.domain.forecast import Forecast
from alerttui.domain.matchers import Matcher, MatchType
from alerttui.domain.models import (
    Alert,
    AlertState,
    BackendHealth,
    MetricSeries,
    Silence,
    SilenceState,
    Snapshot,
)
from alerttui.domain.slo import SLOStatus

CLASSES: dict[str, type] = {c.__name__: c for c in (
    Snapshot, Alert, Silence, Matcher, MetricSeries, BackendHealth, SLOStatus, Forecast, Anomaly, BandPoint)}
ENUMS: dict[str, type[Enum]] = {e.__name__: e for e in (AlertState, SilenceState, MatchType)}


class RecordingError(ValueError):
    """A value in a recording that is not one this version writes."""


def encode(value: Any) -> Any:
    if isinstance(value, Enum):  # first: the domain's enums are StrEnums, str too
        return {"$en": type(value).__name__, "v": value.value}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, timedelta):
        return {"$td": value.total_seconds()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if CLASSES.get(name) is not type(value):
            raise RecordingError(f"cannot record a {name}")
        out: dict[str, Any] = {"$dc": name}
        for f in dataclasses.fields(value):
            if f.init and not f.name.startswith("_"):
                out[f.name] = encode(getattr(value, f.name))
        return out
    if isinstance(value, Mapping):
        return {"$m": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    raise RecordingError(f"cannot record a {type(value).__name__}")


def decode(data: Any) -> Any:
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        return tuple(decode(v) for v in data)
    if not isinstance(data, dict):
        raise RecordingError(f"unexpected {type(data).__name__}")
    try:
        if "$dc" in data:
            cls = CLASSES.get(data["$dc"])
            if cls is None:
                raise RecordingError(f"unknown type {data['$dc']!r}")
            return cls(**{k: decode(v) for k, v in data.items() if k != "$dc"})
        if "$dt" in data:
            return datetime.fromisoformat(data["$dt"])
        if "$td" in data:
            return timedelta(seconds=float(data["$td"]))
        if "$en" in data:
            enum = ENUMS.get(data["$en"])
            if enum is None:
                raise RecordingError(f"unknown type {data['$en']!r}")
            return enum(data["v"])
        if "$m" in data:
            return {_key(decode(k)): decode(v) for k, v in data["$m"]}
    except RecordingError:
        raise
    except (TypeError, ValueError, KeyError) as exc:
        raise RecordingError(str(exc)) from None
    raise RecordingError("untagged object")


def _key(value: Any) -> Any:
    if isinstance(value, tuple | dict):
        raise RecordingError("a mapping key must be a plain value")
    return value


def snapshot_from(data: Any) -> Snapshot:
    value = decode(data)
    if not isinstance(value, Snapshot):
        raise RecordingError("not a snapshot")
    return value
