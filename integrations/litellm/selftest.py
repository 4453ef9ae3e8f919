"""Writes StandardLoggingPayload-shaped records (JSON lines on stdin) to Redis with the
callback's synchronous path. Used by the tests: python3 selftest.py <redis url> <tz offset> [cluster]."""
import json
import sys

import redis

from helix_callback import write

if len(sys.argv) > 3 and sys.argv[3] == "cluster":
    from redis.cluster import RedisCluster

    client = RedisCluster.from_url(sys.argv[1])
else:
    client = redis.Redis.from_url(sys.argv[1])
offset = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
n = 0
for line in sys.stdin:
    if line.strip():
        write(client, json.loads(line), offset)
        n += 1
print(n)
