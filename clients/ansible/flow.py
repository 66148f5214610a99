"""A Phantom group's life through Ansible's AWS modules (Debian's ``ansible``: amazon.aws and
community.aws), as a user of Terraform-like configuration tools drives it: a launch configuration
(community.aws.autoscaling_launch_config), found again (autoscaling_launch_config_find), a group
(amazon.aws.autoscaling_group) created, re-run unchanged (idempotence), changed, read with
amazon.aws.autoscaling_group_info, and deleted with its launch configuration.

Each step is one ansible-playbook run of one task, on localhost, with the JSON callback, so the
module's own result (``changed``, ``failed``, what it returns) is what is checked. No availability
zones are given, so the group module asks EC2's DescribeAvailabilityZones on the same endpoint.
Run by clients/run; see ../flowcheck.py for the settings.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from flowcheck import CA_BUNDLE, ENDPOINT, PROFILE, WAIT, Flow, expect, expect_eq  # noqa: E402

PLAYBOOK = os.environ.get("PHANTOM_ANSIBLE_PLAYBOOK", "/usr/bin/ansible-playbook")
flow = Flow("ansible")
GROUP = "ansible-" + flow.label
LC = "ansible-lc-" + flow.label


def connection():
    c = {"endpoint_url": ENDPOINT, "profile": PROFILE, "region": "us-east-1"}
    if CA_BUNDLE:
        c["aws_ca_bundle"] = CA_BUNDLE
    return c


def run(module, args):
    """Runs one task of ``module`` with ``args`` (plus the connection); returns the module's result."""
    task = dict(connection(), **args)
    play = [{"hosts": "localhost", "gather_facts": False, "tasks": [{"name": "step", module: task, "register": "out"}]}]
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
        json.dump(play, f)  # JSON is YAML
        path = f.name
    env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK="json", ANSIBLE_LOAD_CALLBACK_PLUGINS="1",
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="0",
               ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0")
    try:
        p = subprocess.run([PLAYBOOK, "-i", "localhost,", "-c", "local", path], capture_output=True, text=True,
                           env=env, timeout=WAIT * 10)
    finally:
        os.unlink(path)
    try:
        report = json.loads(p.stdout[p.stdout.index("{"):])
    except ValueError:
        raise AssertionError("ansible-playbook printed no JSON (exit %d): %s %s" % (p.returncode, p.stdout[-500:], p.stderr[-500:]))
    result = report["plays"][0]["tasks"][0]["hosts"]["localhost"]
    if result.get("failed"):
        raise AssertionError("the task failed: %s" % (result.get("msg") or result.get("exception", ""))[:600])
    return result


lc_args = {"name": LC, "image_id": "ami-1", "instance_type": "m1.small", "state": "present"}
group_args = {"name": GROUP, "launch_config_name": LC, "min_size": 2, "max_size": 4, "desired_capacity": 2,
              "wait_for_instances": True, "wait_timeout": int(WAIT),
              "tags": [{"PHANTOM_DEFINITION": "error_overflow_n_preserving", "propagate_at_launch": False},
                       {"team": "blue", "propagate_at_launch": True}]}


def created_lc():
    r = run("community.aws.autoscaling_launch_config", lc_args)
    expect(r["changed"], "changed on the first run")
    expect_eq(r["name"], LC, "name")
    return r


def found_lc():
    r = run("community.aws.autoscaling_launch_config_find", {"name_regex": LC})
    configs = r["results"]
    expect_eq([c["name"] for c in configs], [LC], "launch configurations found")
    expect_eq(configs[0]["keyname"], "", "unset key name, as AWS answers it")
    return r


def created_group():
    r = run("amazon.aws.autoscaling_group", group_args)
    expect(r["changed"], "changed on the first run")
    expect_eq(r["desired_capacity"], 2, "desired capacity")
    expect_eq(r["in_service_instances"], 2, "instances in service (the module waited for them)")
    expect(len(r["availability_zones"]) >= 1, "zones from DescribeAvailabilityZones: %s" % r["availability_zones"])
    return r


def rerun_unchanged():
    r = run("amazon.aws.autoscaling_group", group_args)
    expect(not r["changed"], "a second run with the same settings changes nothing")
    r = run("community.aws.autoscaling_launch_config", lc_args)
    expect(not r["changed"], "nor does the launch configuration's")
    return r


def changed_group():
    r = run("amazon.aws.autoscaling_group", dict(group_args, desired_capacity=3))
    expect(r["changed"], "a new desired capacity is a change")
    expect_eq(r["desired_capacity"], 3, "desired capacity")
    expect_eq(r["in_service_instances"], 3, "instances in service")
    return r


def info():
    r = run("amazon.aws.autoscaling_group_info", {"name": GROUP})
    groups = r["results"]
    expect_eq([g["auto_scaling_group_name"] for g in groups], [GROUP], "groups")
    g = groups[0]
    expect_eq(g["desired_capacity"], 3, "desired capacity")
    expect_eq(g["launch_configuration_name"], LC, "launch configuration")
    expect_eq(g["lifecycle_hooks"], [], "lifecycle hooks")
    expect_eq(sorted(t["key"] for t in g["tags"]), ["PHANTOM_DEFINITION", "team"], "tag keys")
    expect_eq(len(g["instances"]), 3, "instances")
    return r


def deleted():
    r = run("amazon.aws.autoscaling_group", {"name": GROUP, "state": "absent", "wait_timeout": int(WAIT)})
    expect(r["changed"], "deleting the group is a change")
    r = run("community.aws.autoscaling_launch_config", {"name": LC, "state": "absent"})
    expect(r["changed"], "deleting the launch configuration is a change")
    r = run("amazon.aws.autoscaling_group_info", {"name": GROUP})
    expect_eq(r["results"], [], "groups after the delete")
    return r


for name, step in [("create a launch configuration", created_lc),
                   ("find it again (autoscaling_launch_config_find)", found_lc),
                   ("create a group and wait for its instances", created_group),
                   ("run the same tasks again: nothing changes", rerun_unchanged),
                   ("change the desired capacity", changed_group),
                   ("read the group (autoscaling_group_info)", info),
                   ("delete the group and the launch configuration", deleted)]:
    flow.check(name, step)
flow.finish()
