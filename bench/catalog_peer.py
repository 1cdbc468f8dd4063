"""Peer of bench/catalog: pyiceberg's own load_table + snapshot listing, timed in one long-lived process.

Reads one line per run on stdin ("ns.table"), answers one line: milliseconds and the snapshot count.
"""

import os
import sys
import time

from pyiceberg.catalog import load_catalog

cat = load_catalog(
    "bench",
    **{
        "type": "rest",
        "uri": os.environ["ICEBERG_REST_URL"],
        "s3.endpoint": os.environ["ICEBERG_S3_ENDPOINT"],
        "s3.access-key-id": "test",
        "s3.secret-access-key": "test",
        "s3.region": "us-east-1",
    },
)
print("ready", flush=True)
for line in sys.stdin:
    ident = line.strip()
    t0 = time.perf_counter()
    table = cat.load_table(ident)
    rows = [
        (s.snapshot_id, s.parent_snapshot_id, s.timestamp_ms, s.summary.operation, s.summary.get("added-records"))
        for s in table.snapshots()
    ]
    ms = (time.perf_counter() - t0) * 1000
    print(f"{ms:.2f} {len(rows)}", flush=True)
