"""Runs an analyst's ordinary boto3 code against the portal's Athena-compatible endpoint (used by AthenaClientsTests).

usage: athena_boto3.py query SQL   -> starts SQL, polls until it ends, pages get_query_results with the paginator
       athena_boto3.py denied      -> one call (with whatever credentials the environment holds); prints the AWS error
Prints one JSON object. Endpoint in ATHENA_ENDPOINT; credentials in the standard AWS_* variables.
"""
import datetime
import json
import os
import sys
import time

import boto3
from botocore.exceptions import ClientError

client = boto3.client("athena", endpoint_url=os.environ["ATHENA_ENDPOINT"])


def query(sql):
    started = client.start_query_execution(
        QueryString=sql, QueryExecutionContext={"Database": "portal", "Catalog": "AwsDataCatalog"}, WorkGroup="primary")
    qid = started["QueryExecutionId"]
    deadline = time.time() + 120
    while True:
        execution = client.get_query_execution(QueryExecutionId=qid)["QueryExecution"]
        state = execution["Status"]["State"]
        if state in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        if time.time() > deadline:
            raise SystemExit("query did not finish in 120 s: " + state)
        time.sleep(0.2)
    status = execution["Status"]
    out = {"id": qid, "state": state, "reason": status.get("StateChangeReason"),
           "submitted_is_datetime": isinstance(status["SubmissionDateTime"], datetime.datetime),
           "output": execution["ResultConfiguration"]["OutputLocation"]}
    if state != "SUCCEEDED":
        try:
            client.get_query_results(QueryExecutionId=qid)
        except ClientError as e:
            out["results_error"] = e.response["Error"]["Code"]
        print(json.dumps(out))
        return
    header, columns, rows, pages, page_sizes = None, None, [], 0, []
    for page in client.get_paginator("get_query_results").paginate(QueryExecutionId=qid):
        pages += 1
        page_rows = page["ResultSet"]["Rows"]
        page_sizes.append(len(page_rows))
        if header is None:
            header = [d.get("VarCharValue") for d in page_rows[0]["Data"]]
            columns = page["ResultSet"]["ResultSetMetadata"]["ColumnInfo"]
            page_rows = page_rows[1:]
        rows.extend([d.get("VarCharValue") for d in r["Data"]] for r in page_rows)
    out.update({"header": header, "types": [c["Type"] for c in columns], "pages": pages, "page_sizes": page_sizes, "rows": rows,
                "listed": qid in client.list_query_executions()["QueryExecutionIds"]})
    print(json.dumps(out))


def denied():
    try:
        client.list_query_executions()
        print(json.dumps({"error": None}))
    except ClientError as e:
        print(json.dumps({"error": e.response["Error"]["Code"], "message": e.response["Error"]["Message"],
                          "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}))


if __name__ == "__main__":
    if sys.argv[1] == "query":
        query(sys.argv[2])
    else:
        denied()
