#!/usr/bin/env python3
"""Invocation latency of the SageMaker-compatible endpoint under concurrent clients (issue #12's bench/models).

Each client is a real boto3 `sagemaker-runtime` client signing with an analyst's key (AWS_ACCESS_KEY_ID /
AWS_SECRET_ACCESS_KEY, default: the demo analyst's), calling InvokeEndpoint in a loop for --seconds after a warm-up.
Prints p50/p95/p99 and throughput as JSON. The body is an image (--image: embedding plus prediction) or a JSON list of
product-photo keys (--keys: stored embeddings, so prediction only).

  python3 bench/models/invocations.py --url http://127.0.0.1:5210 --image photo.jpg --clients 20 --seconds 20
"""
import argparse, json, os, statistics, sys, threading, time

import boto3
from botocore.config import Config


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:5210", help="the portal's base URL")
    parser.add_argument("--endpoint", default="product-category")
    parser.add_argument("--image", help="a JPEG, PNG or WebP to send (image/...)")
    parser.add_argument("--keys", nargs="*", help="product-photo keys to send as application/json")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    args = parser.parse_args()
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "AKIAPORTALDEMO0000001")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "portal-demo-analyst-secret")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

    if args.image:
        with open(args.image, "rb") as f:
            body = f.read()
        content_type = {"png": "image/png", "webp": "image/webp"}.get(args.image.rsplit(".", 1)[-1].lower(), "image/jpeg")
    elif args.keys:
        body, content_type = json.dumps({"keys": args.keys}).encode(), "application/json"
    else:
        sys.exit("Give --image FILE or --keys products/... (an image measures embedding plus prediction; keys only the prediction).")

    config = Config(max_pool_connections=2, retries={"max_attempts": 0})
    endpoint_url = args.url.rstrip("/") + "/aws/sagemaker"
    latencies, errors, lock = [], [], threading.Lock()
    start = time.monotonic()
    measure_from, stop_at = start + args.warmup, start + args.warmup + args.seconds

    def client_loop():
        client = boto3.client("sagemaker-runtime", endpoint_url=endpoint_url, config=config)
        while True:
            began = time.monotonic()
            if began >= stop_at:
                return
            try:
                response = client.invoke_endpoint(EndpointName=args.endpoint, ContentType=content_type, Body=body)
                response["Body"].read()
                ok = True
            except Exception as e:  # noqa: BLE001 - every failure counts, whatever its kind
                ok, error = False, f"{type(e).__name__}: {e}"
            ended = time.monotonic()
            if began >= measure_from:
                with lock:
                    (latencies.append(ended - began) if ok else errors.append(error))

    threads = [threading.Thread(target=client_loop) for _ in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    if not latencies:
        sys.exit(f"No successful invocation: {errors[:3]}")
    cuts = statistics.quantiles(latencies, n=100)
    print(json.dumps({
        "endpoint": args.endpoint, "content_type": content_type, "clients": args.clients, "seconds": args.seconds,
        "invocations": len(latencies), "errors": len(errors), "first_errors": errors[:3],
        "per_second": round(len(latencies) / args.seconds, 1),
        "p50_ms": round(cuts[49] * 1000, 1), "p95_ms": round(cuts[94] * 1000, 1), "p99_ms": round(cuts[98] * 1000, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
