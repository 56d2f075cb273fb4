"""Prints each failed test of the TRX files in a folder with the first lines of its message."""
import glob
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"

for path in sorted(glob.glob(f"{sys.argv[1]}/*.trx")):
    for result in ET.parse(path).getroot().iter(f"{NS}UnitTestResult"):
        if result.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
            continue
        message = result.findtext(f"{NS}Output/{NS}ErrorInfo/{NS}Message") or ""
        lines = [line for line in message.strip().splitlines() if line.strip()][:4]
        print(f"FAILED {result.get('testName')}")
        for line in lines:
            print(f"    {line[:300]}")
