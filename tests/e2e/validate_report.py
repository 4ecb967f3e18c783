#!/usr/bin/env python3
"""validate_report.py SCHEMA REPORT: exit 0 when REPORT (a `gotrace report
--json` output) validates against SCHEMA (docs/report-schema.json)."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
report = json.load(open(sys.argv[2]))
try:
    jsonschema.Draft202012Validator(schema).validate(report)
except jsonschema.ValidationError as e:
    print(f"{sys.argv[2]}: {e.message} at {list(e.absolute_path)}", file=sys.stderr)
    sys.exit(1)
