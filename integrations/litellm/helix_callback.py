"""Helix Dashboard callback for a LiteLLM proxy.

Writes, once per successful request and atomically (MULTI/EXEC), every key of the Helix data
contract in the shapes the dashboard reads — the same writes as the Node recorder
(src/lib/recorder/recorder.ts); tests/integration/litellm-callback.test.ts holds the two
equal, key by key.

LiteLLM config (proxy_config.yaml):

    litellm_settings:
      callbacks: helix_callback.proxy_handler_instance

Environment: HELIX_REDIS_URL (else REDIS_URL, else redis://localhost:6379),
HELIX_REDIS_CLUSTER=true when that URL is one node of a Redis Cluster, HELIX_TIMEZONE_OFFSET (hours east of UTC of the dates in the spend sets; set it to the
dashboard's TIMEZONE_OFFSET), HELIX_EVENTS_MAXLEN (default 100000).
"""

from __future__ import annotations

import math
import os
import re
from decimal import Decimal
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional, Tuple

try:  # the base class when running inside LiteLLM; a stand-in keeps this file importable without it
    from litellm.integrations.custom_logger import CustomLogger  # type: ignore
except Exception:  # pragma: no cover - LiteLLM is not installed where the tests run

    class CustomLogger:  # type: ignore[no-redef]
        pass


# helix:latency:p99 holds the all-time MAXIMUM latency in seconds (as the published gateway does)
SET_IF_LARGER = """local c = tonumber(redis.call('GET', KEYS[1]))
if (not c) or c < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
return 0"""

Command = Tuple[Any, ...]


def _round(n: float) -> float:
    # the recorder writes Number(n.toFixed(9))
    return float(f"{n:.9f}")


def _num(n: float) -> str:
    """A number as JavaScript's String(n) writes it: integers bare, positional from 1e-7 to
    1e21, exponent form (1.25e-8) outside — the shortest digits that round-trip, like JS."""
    n = float(n)
    if math.isfinite(n) and n == int(n) and abs(n) < 1e21:
        return str(int(n))
    r = repr(n)
    if 1e-7 <= abs(n) < 1e21:
        return format(Decimal(r), "f")
    mant, _, exp = r.partition("e")
    return f"{mant}e{int(exp):+d}"


def _date(epoch_s: float, offset_hours: float) -> str:
    return (datetime.fromtimestamp(epoch_s, tz=timezone.utc) + timedelta(hours=offset_hours)).strftime("%Y-%m-%d")


def _error_type(payload: Dict[str, Any]) -> str:
    """A short code for a failed call (the contract's error_type), from LiteLLM's error_information."""
    info = payload.get("error_information") or {}
    code = str(info.get("error_code") or "")
    cls = str(info.get("error_class") or "")
    if code == "429" or "RateLimit" in cls:
        return "rate_limit"
    if code in ("408", "504") or "Timeout" in cls:
        return "timeout"
    if "ContentPolicy" in cls or "ContentFilter" in cls:
        return "content_filter"
    if code.startswith("5"):
        return "provider_5xx"
    s = re.sub(r"[^a-z0-9_.-]", "_", cls.lower()).strip("_")[:40]
    return s or "error"


def commands(payload: Dict[str, Any], offset_hours: float = 0.0, events_maxlen: int = 100_000) -> List[Command]:
    """The Redis commands for one request, from LiteLLM's StandardLoggingPayload."""
    meta = payload.get("metadata") or {}
    user = meta.get("user_api_key_user_id") or payload.get("end_user") or "None"
    team = meta.get("user_api_key_team_alias") or meta.get("user_api_key_team_id")
    model = payload.get("model") or payload.get("model_group") or "unknown"
    start = float(payload.get("startTime") or 0)
    end = float(payload.get("endTime") or start)
    latency_ms = max(0.0, (end - start) * 1000)
    cost = float(payload.get("response_cost") or 0)
    saved = float(payload.get("saved_cache_cost") or 0)
    similarity = meta.get("semantic-similarity")
    hit = bool(payload.get("cache_hit"))
    outcome = ("semantic" if isinstance(similarity, (int, float)) else "exact") if hit else "miss"
    date = _date(start, offset_hours)
    at_ms = int(round(start * 1000))

    cmds: List[Command] = [
        ("INCR", "helix:requests:total"),
        ("ZINCRBY", f"helix:requests:user:{user}", "1", date),
    ]
    if outcome != "miss":
        cmds.append(("INCR", "helix:requests:cache_hits"))
        cmds.append(("ZINCRBY", f"helix:hits:user:{user}", "1", date))
    cmds.append(("EVAL", SET_IF_LARGER, 1, "helix:latency:p99", _num(latency_ms / 1000)))  # numkeys an int: redis-py's cluster routing reads it
    if cost > 0:
        c = _num(_round(cost))
        cmds.append(("ZINCRBY", "helix:spend:total", c, date))
        cmds.append(("ZINCRBY", f"helix:spend:user:{user}", c, date))
        cmds.append(("ZINCRBY", f"helix:spend:model:{model}", c, date))
    if saved > 0:
        cmds.append(("ZINCRBY", "helix:saved:total", _num(_round(saved)), date))
    if team:
        cmds.append(("HSET", "helix:user:team", user, str(team)))
    fields: List[str] = [
        "model", model,
        "user", user,
        "outcome", outcome,
        "latency_ms", _num(round(latency_ms * 1000) / 1000),
        "cost_usd", _num(_round(cost)),
        "saved_usd", _num(_round(saved)),
    ]
    if team:
        fields += ["team", str(team)]
    if isinstance(similarity, (int, float)):
        fields += ["similarity", f"{similarity:.4f}"]
    if payload.get("prompt_tokens") is not None:
        fields += ["tokens_in", str(int(payload["prompt_tokens"]))]
    if payload.get("completion_tokens") is not None:
        fields += ["tokens_out", str(int(payload["completion_tokens"]))]
    failed = payload.get("status") == "failure"
    fields += ["status", "error" if failed else "ok"]
    if failed:
        fields += ["error_type", _error_type(payload)]
    first = payload.get("completionStartTime")
    if isinstance(first, (int, float)) and start < float(first) <= end:
        fields += ["ttft_ms", _num(round((float(first) - start) * 1000 * 1000) / 1000)]
    if payload.get("custom_llm_provider"):
        fields += ["provider", str(payload["custom_llm_provider"])[:100]]
    if payload.get("id"):
        fields += ["request_id", str(payload["id"])[:200]]
    cmds.append(("XADD", "helix:events", "MAXLEN", "~", str(events_maxlen), f"{at_ms}-*", *fields))
    return cmds


def _pipeline(client: Any) -> Any:
    """MULTI/EXEC on one Redis. A cluster refuses a transaction across hash slots, and the
    contract's keys have no hash tags: there the writes go as a pipeline (batched per node,
    not atomic; the dashboard's reconcile re-reads every key, so a torn read does not last)."""
    cluster = type(client).__name__ == "RedisCluster"
    return client.pipeline() if cluster else client.pipeline(transaction=True)


def write(client: Any, payload: Dict[str, Any], offset_hours: float = 0.0, events_maxlen: int = 100_000) -> None:
    """Synchronous write with redis-py."""
    pipe = _pipeline(client)
    for c in commands(payload, offset_hours, events_maxlen):
        pipe.execute_command(*c)
    pipe.execute()


class HelixRedisLogger(CustomLogger):
    """LiteLLM callback: one atomic write per call, successful or failed (status, error_type).
    Errors writing are logged, never raised."""

    def __init__(self, redis_url: Optional[str] = None) -> None:
        super().__init__()
        import redis.asyncio as aioredis  # imported here so `commands` needs no Redis client at all

        self.url = redis_url or os.environ.get("HELIX_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://localhost:6379"
        self.offset = float(os.environ.get("HELIX_TIMEZONE_OFFSET", "0"))
        self.maxlen = int(os.environ.get("HELIX_EVENTS_MAXLEN", "100000"))
        cluster = os.environ.get("HELIX_REDIS_CLUSTER", "").strip().lower() in ("1", "true", "yes", "on")
        if cluster:
            from redis.asyncio.cluster import RedisCluster  # type: ignore

            self.client = RedisCluster.from_url(self.url)
        else:
            self.client = aioredis.from_url(self.url)

    async def async_log_success_event(self, kwargs: Dict[str, Any], response_obj: Any, start_time: Any, end_time: Any) -> None:
        await self._record(kwargs)

    async def async_log_failure_event(self, kwargs: Dict[str, Any], response_obj: Any, start_time: Any, end_time: Any) -> None:
        await self._record(kwargs)

    async def _record(self, kwargs: Dict[str, Any]) -> None:
        payload = kwargs.get("standard_logging_object")
        if not payload:
            return
        try:
            pipe = _pipeline(self.client)
            for c in commands(payload, self.offset, self.maxlen):
                pipe.execute_command(*c)
            await pipe.execute()
        except Exception as err:  # the proxy must keep serving when Redis is away
            print(f"helix_callback: could not record a request: {err}")


try:
    proxy_handler_instance = HelixRedisLogger()
except Exception:  # pragma: no cover - no redis package: importing for `commands` still works
    proxy_handler_instance = None
