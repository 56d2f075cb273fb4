"""boto3 against the portal's Athena-compatible endpoint: start a query, poll until it ends, page through every
result page; prints one JSON line with the times. Usage: python3 athena_pages.py ENDPOINT_URL KEY_ID SECRET SQL [rounds]"""
import json
import sys
import time

import boto3
from botocore.config import Config

endpoint, key_id, secret, sql = sys.argv[1:5]
rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 3
athena = boto3.client("athena", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key_id,
                      aws_secret_access_key=secret, config=Config(retries={"max_attempts": 1}))


def one_round():
    started = time.perf_counter()
    execution = athena.start_query_execution(QueryString=sql, QueryExecutionContext={"Database": "portal"},
                                             WorkGroup="primary")["QueryExecutionId"]
    polls, delay = 0, 0.05
    while True:
        polls += 1
        state = athena.get_query_execution(QueryExecutionId=execution)["QueryExecution"]["Status"]
        if state["State"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        time.sleep(delay)
        delay = min(delay * 2, 1.0)
    succeeded = time.perf_counter()
    if state["State"] != "SUCCEEDED":
        raise SystemExit(f"query {execution} ended {state['State']}: {state.get('StateChangeReason')}")
    rows, pages = 0, 0
    for page in athena.get_paginator("get_query_results").paginate(QueryExecutionId=execution):
        pages += 1
        rows += len(page["ResultSet"]["Rows"])
    ended = time.perf_counter()
    return {"seconds": ended - started, "until_succeeded": succeeded - started, "paging": ended - succeeded,
            "polls": polls, "pages": pages, "rows": rows - 1}  # the first page's first row is the header


one_round()  # warm-up: first request of the process, and the engine's first query
results = [one_round() for _ in range(rounds)]
results.sort(key=lambda r: r["seconds"])
median = results[len(results) // 2]
print(json.dumps({"what": "boto3", "rounds": rounds, **median,
                  "min_seconds": results[0]["seconds"], "max_seconds": results[-1]["seconds"]}))
