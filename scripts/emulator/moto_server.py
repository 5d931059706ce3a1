"""Launch moto's server (AWS emulator) with fixes and extensions, for the emulator test tier.

Usage: python3 scripts/emulator/moto_server.py [-H 127.0.0.1] [-p PORT] [--exit-on-stdin-eof]

Prints "MOTO_SERVER_READY http://HOST:PORT" on stdout once the port is bound (port 0 = any free
port; the line carries the real one). Exits non-zero with a message on stderr if the port is in use.
MOTO_ACCOUNT_ID (env) picks the emulated AWS account.
"""

import argparse
import copy
import functools
import json
import os
import signal
import sys
import threading
import uuid

from moto.cloudtrail.models import CloudTrailBackend, Trail
from moto.events import utils as events_utils
from moto.events.models import Rule as EventsRule
from moto.sns.models import sns_backends
from moto.utilities.arns import parse_arn
from moto.core.utils import unix_time_millis
from moto.logs.exceptions import InvalidParameterException, ResourceNotFoundException
from moto.logs.responses import LogsResponse
from moto.s3.exceptions import ReplicationConfigurationNotFoundError
from moto.s3.models import LOGGING_SERVICE_PRINCIPAL, FakeBucket
from moto.s3.responses import ActionResult, S3Response
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import make_server

# WORKAROUND (moto 5.2.1): CloudTrailBackend.start_logging / stop_logging / delete_trail look the
# trail up by name only (self.trails[name]), but the Terraform AWS provider passes the trail ARN:
# Start/StopLogging then fail with a 500 (KeyError) that terraform retries for many minutes, and
# DeleteTrail silently deletes nothing. Resolve name-or-ARN through get_trail (which also raises
# the proper TrailNotFoundException) and call the original with the trail's name.
# Delete this block once moto resolves ARNs in these three methods.
def _accept_name_or_arn(original):
    @functools.wraps(original)
    def wrapper(self, name):
        return original(self, self.get_trail(name).trail_name)

    return wrapper


for _method in ("start_logging", "stop_logging", "delete_trail"):
    setattr(CloudTrailBackend, _method, _accept_name_or_arn(getattr(CloudTrailBackend, _method)))


# WORKAROUND (moto 5.2.1): Trail.check_bucket_exists looks the delivery bucket up in the trail's
# own account only, where S3 bucket names are global and a trail may deliver to another account's
# bucket (a log archive). One emulator emulates one account, so a bucket of another account is in
# another emulator: MOTO_BUCKETS_IN_OTHER_ACCOUNTS (comma-separated names) lists the ones that exist
# there. Their policies are not judged here (moto judges none); the access-proof tier does that.
# Delete once moto looks buckets up across accounts.
_check_bucket_exists = Trail.check_bucket_exists


def _check_bucket_exists_in_any_account(self):
    if self.bucket_name in filter(None, os.environ.get("MOTO_BUCKETS_IN_OTHER_ACCOUNTS", "").split(",")):
        return
    _check_bucket_exists(self)


Trail.check_bucket_exists = _check_bucket_exists_in_any_account


# WORKAROUND (moto 5.2.1): FakeBucket._log_permissions_enabled_policy, which PutBucketLogging uses
# to check that the target bucket's policy lets logging.s3.amazonaws.com write, calls .get() on
# each statement's Principal and crashes with a 500 on a string Principal such as the "*" of a
# TLS-only Deny statement; the provider then retries PutBucketLogging until it times out.
# Same check, skipping statements whose Principal is not an object. Delete once moto handles it.
def _log_permissions_enabled_policy(target_bucket, target_prefix):
    if not target_bucket.policy:
        return False
    accepted = {
        f"arn:{target_bucket.partition}:s3:::{target_bucket.name}/{target_prefix or ''}*",
        f"arn:{target_bucket.partition}:s3:::{target_bucket.name}/*",
        f"arn:{target_bucket.partition}:s3:::{target_bucket.name}",
    }
    for statement in json.loads(target_bucket.policy.decode())["Statement"]:
        principal = statement.get("Principal")
        if not isinstance(principal, dict) or principal.get("Service") != LOGGING_SERVICE_PRINCIPAL:
            continue
        if statement.get("Effect") == "Allow" and "s3:PutObject" in statement.get("Action", []) and statement.get("Resource") in accepted:
            return True
    return False


FakeBucket._log_permissions_enabled_policy = staticmethod(_log_permissions_enabled_policy)


# WORKAROUND (moto 5.2.1): S3Response.get_bucket_replication answers with fixed values for
# DeleteMarkerReplication and Filter and leaves SourceSelectionCriteria out, so every plan after
# an apply wants to put SourceSelectionCriteria back. Answer with what was stored, as S3 does.
# Delete once moto round-trips the replication rule.
def _get_bucket_replication(self):
    self.data["Action"] = "GetBucketReplication"
    replication = self.backend.get_bucket_replication(self.bucket_name)
    if not replication:
        raise ReplicationConfigurationNotFoundError(bucket_name=self.bucket_name)
    rules = []
    for rule in replication["Rule"]:
        answered = {
            "ID": rule["ID"],
            "Priority": rule["Priority"],
            "Status": rule["Status"],
            "DeleteMarkerReplication": rule.get("DeleteMarkerReplication") or {"Status": "Disabled"},
            "Filter": rule.get("Filter") or {"Prefix": ""},
            "Destination": rule["Destination"],
        }
        if rule.get("SourceSelectionCriteria"):
            answered["SourceSelectionCriteria"] = rule["SourceSelectionCriteria"]
        rules.append(answered)
    return self.serialized(ActionResult({"ReplicationConfiguration": {"Role": replication["Role"], "Rules": rules}}))


S3Response.get_bucket_replication = _get_bucket_replication


# EMULATOR EXTENSION (not a product fake, not a moto bug fix): moto 5.2.1 does not implement the
# CloudWatch Logs Insights query definitions, which the Terraform AWS provider's
# aws_cloudwatch_query_definition calls: PutQueryDefinition to create and to update (with
# queryDefinitionId), DescribeQueryDefinitions with queryDefinitionNamePrefix, paged by nextToken, to
# read back, DeleteQueryDefinition to destroy. A minimal implementation of the three, with the
# request and response shapes and errors of the CloudWatch Logs API Reference
# (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutQueryDefinition.html,
# .../API_DescribeQueryDefinitions.html, .../API_DeleteQueryDefinition.html): an update replaces
# name, queryString and logGroupNames ("No current values are retained"); an unknown id is a
# ResourceNotFoundException. Query definitions are kept per emulated account and region.
# Delete this block once moto implements them.
def _query_definitions(response):
    return response.logs_backend.__dict__.setdefault("_s3_audit_trail_query_definitions", {})


def _require_length(response, param, low, high):
    value = response._get_param(param)
    if value is None or not low <= len(value) <= high:
        raise InvalidParameterException(
            constraint=f"Member must have length between {low} and {high}", parameter=param, value=value
        )
    return value


def _put_query_definition(self):
    definitions = _query_definitions(self)
    name = _require_length(self, "name", 1, 255)
    query_string = _require_length(self, "queryString", 1, 10000)
    definition_id = self._get_param("queryDefinitionId")
    if definition_id is not None and definition_id not in definitions:
        raise ResourceNotFoundException(f"Query definition {definition_id} does not exist.")
    definition_id = definition_id or str(uuid.uuid4())
    definitions[definition_id] = {
        "queryDefinitionId": definition_id,
        "name": name,
        "queryString": query_string,
        "logGroupNames": self._get_param("logGroupNames") or [],
        "queryLanguage": self._get_param("queryLanguage") or "CWLI",
        "lastModified": int(unix_time_millis()),
    }
    return json.dumps({"queryDefinitionId": definition_id})


def _describe_query_definitions(self):
    prefix = self._get_param("queryDefinitionNamePrefix") or ""
    language = self._get_param("queryLanguage")
    max_results = self._get_int_param("maxResults") or 1000
    if not 1 <= max_results <= 1000:
        raise InvalidParameterException(constraint="Member must have value between 1 and 1000", parameter="maxResults", value=max_results)
    start = int(self._get_param("nextToken") or 0)
    matching = sorted(
        (d for d in _query_definitions(self).values() if d["name"].startswith(prefix) and language in (None, d["queryLanguage"])),
        key=lambda d: (d["name"], d["queryDefinitionId"]),
    )
    page = matching[start : start + max_results]
    answer = {"queryDefinitions": [{k: v for k, v in d.items() if v != []} for d in page]}
    if start + max_results < len(matching):
        answer["nextToken"] = str(start + max_results)
    return json.dumps(answer)


def _delete_query_definition(self):
    definition_id = self._get_param("queryDefinitionId")
    if _query_definitions(self).pop(definition_id, None) is None:
        raise ResourceNotFoundException(f"Query definition {definition_id} does not exist.")
    return json.dumps({"success": True})


# WORKAROUND (moto 5.2.1): EventTemplateParser.parse leaves "<name>" in an input template when the
# event lacks the variable's JSON path. AWS documents that "If you specify a variable to match a JSON
# path that doesn't exist in the event, that variable isn't created and won't appear in the output"
# ("Amazon EventBridge input transformation", Common issues). Drop such variables before moto's own
# substitution. Delete once moto does.
_parse_template = events_utils.EventTemplateParser.parse


def _parse_without_missing_variables(input_template, input_paths_map, event):
    from jsonpath_ng.ext import parse

    template = input_template
    for name, path in (input_paths_map or {}).items():
        if template and not parse(path).find(event):
            template = template.replace(f"<{name}>", "")
    return _parse_template(template, input_paths_map, event)


events_utils.EventTemplateParser.parse = staticmethod(_parse_without_missing_variables)


# EMULATOR EXTENSION (not a product fake): moto 5.2.1's event bus matches rules and transforms
# input, but raises NotImplementedError for an SNS topic target. The fast path's rules target the
# alarm topics, so the emulator delivers to them as EventBridge does ("Amazon SNS permissions",
# EventBridge User Guide): the transformed input, a string as it is or other JSON as text, is
# published to the topic, whose subscriptions (an SQS queue in the tests) then receive it. The topic
# and key policies are not evaluated here, as nowhere in moto; the access-proof tier judges them.
# Other targets go to moto's own delivery. Delete once moto delivers to SNS targets.
_send_to_targets = EventsRule.send_to_targets


def _send_to_targets_with_sns(self, original_event, transform_input=True):
    topics = [target for target in self.targets if parse_arn(target["Arn"]).service == "sns"]
    if topics and self.event_pattern.matches_event(original_event):
        for target in topics:
            transformer = target.get("InputTransformer", {})
            event = events_utils.EventTemplateParser.parse(
                input_template=transformer.get("InputTemplate"),
                input_paths_map=transformer.get("InputPathsMap", {}),
                event=original_event,
            )
            arn = parse_arn(target["Arn"])
            message = event if isinstance(event, str) else json.dumps(event)
            sns_backends[arn.account][arn.region].publish(message=message, arn=target["Arn"])
    # The rest on a copy, so that a concurrent PutEvents never sees the targets list changed.
    others = copy.copy(self)
    others.targets = [target for target in self.targets if target not in topics]
    return _send_to_targets(others, original_event, transform_input)


EventsRule.send_to_targets = _send_to_targets_with_sns


LogsResponse.put_query_definition = _put_query_definition
LogsResponse.describe_query_definitions = _describe_query_definitions
LogsResponse.delete_query_definition = _delete_query_definition


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    parser.add_argument(
        "--exit-on-stdin-eof",
        action="store_true",
        help="exit when stdin closes, i.e. when the parent process dies (even on SIGKILL)",
    )
    args = parser.parse_args()

    try:
        server = make_server(
            args.host, args.port, DomainDispatcherApplication(create_backend_app), threaded=True
        )
    except SystemExit:  # werkzeug has printed the reason (e.g. "Address already in use") and exits
        sys.exit(f"moto_server: cannot listen on {args.host}:{args.port} (see the reason above)")

    port = server.server_address[1]
    os.environ.setdefault("MOTO_PORT", str(port))  # as moto.server.main does
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    if args.exit_on_stdin_eof:
        threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()

    print(f"MOTO_SERVER_READY http://{args.host}:{port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
