"""The check harness of the Python flows (boto3/flow.py, boto2/flow.py).

Each check prints one line, ``PASS <label>: <check>`` or ``FAIL <label>: <check>: <why>``, which
clients/run counts. A failed check does not stop the flow (later checks say more about what works),
but a check that needs an earlier result fails in turn. Settings come from the environment that
clients/run sets:

  PHANTOM_ENDPOINT   http://127.0.0.1:PORT or https://localhost:PORT
  PHANTOM_PROFILE    the profile in ~/.aws/credentials (``bin/phantom user add NAME`` output)
  PHANTOM_CA_BUNDLE  for HTTPS: the server's self-signed certificate (optional)
  PHANTOM_LABEL      names the flow in the output lines
  PHANTOM_WAIT       seconds a wait for the engine may take (default 30)
"""
import os
import sys
import time
import traceback

ENDPOINT = os.environ.get("PHANTOM_ENDPOINT", "http://127.0.0.1:8445")
PROFILE = os.environ.get("PHANTOM_PROFILE", "default")
CA_BUNDLE = os.environ.get("PHANTOM_CA_BUNDLE") or None
WAIT = float(os.environ.get("PHANTOM_WAIT", "30"))
USER_DATA = "#!/bin/sh\necho 'hello from phantom' > /tmp/hello\n"
CLOUDS = "hotel:2,sierra:-1"
# Text that must come back byte for byte (a CR read back as LF, or a broken surrogate pair, fails):
# CR, CRLF, a tab and a character outside the BMP, in a launch configuration's name and user data
# and in a group's name and tag.
ODD = "cr\r crlf\r\n tab\t rocket \U0001F680"
LIVE_STATES = ("Pending", "InService")


class Flow:
    def __init__(self, label):
        self.label = os.environ.get("PHANTOM_LABEL", label)
        self.failed = 0
        self.passed = 0

    def check(self, name, fn):
        """Runs fn; passes unless it raises. Returns what fn returned (None if it failed)."""
        try:
            result = fn()
        except Exception as e:  # noqa: BLE001 - every failure is reported the same way
            self.failed += 1
            why = str(e) or type(e).__name__
            if not isinstance(e, Mismatch):
                why = type(e).__name__ + ": " + why
                if os.environ.get("PHANTOM_TRACE"):
                    traceback.print_exc()
            print("FAIL %s: %s: %s" % (self.label, name, " ".join(why.split())), flush=True)
            return None
        self.passed += 1
        print("PASS %s: %s" % (self.label, name), flush=True)
        return result

    def finish(self):
        sys.exit(1 if self.failed else 0)


class Mismatch(Exception):
    """A returned value that is not what the flow expected."""


def expect(condition, message):
    if not condition:
        raise Mismatch(message)


def expect_eq(actual, expected, what):
    if actual != expected:
        raise Mismatch("%s: expected %r, got %r" % (what, expected, actual))


def wait_until(observe, done, what, show=repr):
    """Polls observe() until done(value); returns the value, or raises with the last one seen."""
    deadline = time.monotonic() + WAIT
    value = None
    while True:
        value = observe()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise Mismatch("no %s within %g s; last seen: %s" % (what, WAIT, show(value)))
        time.sleep(0.25)


def by_site(instances, zone_of):
    """{site: count} of a list of instances."""
    counts = {}
    for i in instances:
        counts[zone_of(i)] = counts.get(zone_of(i), 0) + 1
    return counts
