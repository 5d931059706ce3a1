"""Launch moto's server (AWS emulator) with a CloudTrail fix, for the emulator test tier.

Usage: python3 scripts/emulator/moto_server.py [-H 127.0.0.1] [-p PORT] [--exit-on-stdin-eof]

Prints "MOTO_SERVER_READY http://HOST:PORT" on stdout once the port is bound (port 0 = any free
port; the line carries the real one). Exits non-zero with a message on stderr if the port is in use.
MOTO_ACCOUNT_ID (env) picks the emulated AWS account.
"""

import argparse
import functools
import os
import signal
import sys
import threading

from moto.cloudtrail.models import CloudTrailBackend
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
