"""The typical Phantom flow (README.md, "A first session") through boto 2.49, as the original Phantom's users ran it.

Run by clients/run (see ../flowcheck.py) as ``flow.py sigv4`` (boto 2's default, Signature Version 4)
or ``flow.py sigv2`` (Signature Version 2, as boto up to 2.5 and the original Phantom's clients signed).
Over HTTPS (PHANTOM_ENDPOINT https://localhost:PORT) it validates the server's certificate against
PHANTOM_CA_BUNDLE; boto 2 checks only DNS names in the certificate, hence localhost, not 127.0.0.1.
"""
import datetime
import os
import sys
from urllib.parse import urlsplit

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from flowcheck import (CA_BUNDLE, CLOUDS, ENDPOINT, LIVE_STATES, ODD, PROFILE, USER_DATA, Flow,  # noqa: E402
                       by_site, expect, expect_eq, wait_until)

import boto  # noqa: E402
from boto.ec2.autoscale import AutoScaleConnection, AutoScalingGroup, LaunchConfiguration, Tag  # noqa: E402
from boto.ec2.autoscale.policy import ScalingPolicy  # noqa: E402
from boto.exception import BotoServerError  # noqa: E402
from boto.regioninfo import RegionInfo  # noqa: E402

# boto 2 retries a failed connection (a TLS error too) 5 times with growing sleeps: fail fast here
if not boto.config.has_section("Boto"):
    boto.config.add_section("Boto")
boto.config.set("Boto", "num_retries", "1")

SIGNATURE = sys.argv[1] if len(sys.argv) > 1 else "sigv4"
if SIGNATURE not in ("sigv4", "sigv2"):
    sys.exit("usage: flow.py [sigv4|sigv2]")
flow = Flow("boto2-" + SIGNATURE)
GROUP = "web-" + flow.label
url = urlsplit(ENDPOINT)


# --- the README snippet ---
class AutoScaleConnectionV2(AutoScaleConnection):
    """boto 2 signing with Signature Version 2, as boto <= 2.5 did."""

    def _required_auth_capability(self):
        return ["ec2"]


def connect(**credentials):
    cls = AutoScaleConnectionV2 if SIGNATURE == "sigv2" else AutoScaleConnection
    conn = cls(region=RegionInfo(name="phantom", endpoint=url.hostname), port=url.port,
               is_secure=url.scheme == "https", path="/", **credentials)
    if CA_BUNDLE:
        conn.ca_certificates_file = CA_BUNDLE  # trust the self-signed certificate
    return conn


conn = connect(profile_name=PROFILE)
# ---


def error_of(call):
    """The (error code, HTTP status) of the BotoServerError the call raises."""
    try:
        call()
    except BotoServerError as e:
        return e.error_code, e.status
    raise AssertionError("the call succeeded")


def group():
    groups = conn.get_all_groups(names=[GROUP])
    expect_eq(len(groups), 1, "groups named " + GROUP)
    return groups[0]


def show(instances):
    return " ".join("%s/%s/%s/%s" % (i.instance_id, i.availability_zone, i.lifecycle_state, i.health_status)
                    for i in instances) or "none"


def wait_for(sites):
    return wait_until(lambda: list(group().instances), lambda i: by_site(i, lambda x: x.availability_zone) == sites,
                      "instances %s" % sites, show)


def create_launch_configurations():
    for site in ("hotel", "sierra"):
        conn.create_launch_configuration(LaunchConfiguration(
            name="web@" + site, image_id="ami-1", instance_type="m1.small", user_data=USER_DATA))


def describe_launch_configurations():
    lcs = conn.get_all_launch_configurations(names=["web@hotel", "web@sierra"])
    expect_eq(sorted(lc.name for lc in lcs), ["web@hotel", "web@sierra"], "names")
    for lc in lcs:
        expect_eq((lc.image_id, lc.instance_type), ("ami-1", "m1.small"), "image and type")
        expect_eq(lc.user_data, USER_DATA.encode(), "user data (boto 2 base64-encodes and decodes it)")
        expect(isinstance(lc.created_time, datetime.datetime), "CreatedTime parsed: %r" % lc.created_time)


def duplicate_launch_configuration():
    code = error_of(lambda: conn.create_launch_configuration(LaunchConfiguration(
        name="web@hotel", image_id="ami-1", instance_type="m1.small")))
    expect_eq(code, ("AlreadyExists", 400), "error")


def create_group():
    tags = [Tag(key="PHANTOM_DEFINITION", value="error_overflow_n_preserving", resource_id=GROUP),
            Tag(key="clouds", value=CLOUDS, resource_id=GROUP),
            Tag(key="n_preserve", value="3", resource_id=GROUP)]
    conn.create_auto_scaling_group(AutoScalingGroup(
        connection=conn, name=GROUP, launch_config="web", min_size=3, max_size=3, tags=tags))


def describe_group():
    g = group()
    expect_eq((g.min_size, g.max_size, g.desired_capacity), (3, 3, 3), "min, max, desired")
    expect_eq(g.launch_config_name.split("@")[0], "web", "launch configuration family")
    tags = {t.key: t.value for t in g.tags}
    expect_eq({k: tags.get(k) for k in ("PHANTOM_DEFINITION", "clouds", "n_preserve")},
              {"PHANTOM_DEFINITION": "error_overflow_n_preserving", "clouds": CLOUDS, "n_preserve": "3"}, "tags")


def three_instances():
    found = wait_for({"hotel": 2, "sierra": 1})
    ids = [i.instance_id for i in found]
    expect(all(ids) and len(set(ids)) == 3, "three distinct instance ids: %r" % ids)
    for i in found:
        expect(i.lifecycle_state in LIVE_STATES, "LifecycleState %r" % i.lifecycle_state)
        expect_eq(i.health_status, "Healthy", "HealthStatus")
    return found


def describe_instances(found):
    listed = {i.instance_id: i for i in conn.get_all_autoscaling_instances()}
    for i in found:
        expect(i.instance_id in listed, "instance %s listed" % i.instance_id)
        row = listed[i.instance_id]
        expect_eq(row.group_name, GROUP, "group of " + i.instance_id)
        expect_eq(row.availability_zone, i.availability_zone, "site of " + i.instance_id)
        expect_eq(row.health_status, "HEALTHY", "HealthStatus (upper case here, as AWS)")


def scale_to(n, sites):
    conn.set_desired_capacity(GROUP, n)
    g = group()
    expect_eq(g.desired_capacity, n, "DesiredCapacity")
    expect(g.min_size <= n <= g.max_size, "min %d <= %d <= max %d" % (g.min_size, n, g.max_size))
    return wait_for(sites)


def terminate(victim):
    activity = conn.terminate_instance(victim, decrement_capacity=False)
    expect(activity.activity_id, "ActivityId")
    expect_eq(activity.group_name, GROUP, "AutoScalingGroupName")
    expect(victim in (activity.description or ""), "Description %r names %s" % (activity.description, victim))
    expect(activity.cause, "Cause")
    expect(isinstance(activity.start_time, datetime.datetime), "StartTime parsed: %r" % activity.start_time)
    expect(activity.status_code in ("InProgress", "Successful", "PreInService", "WaitingForInstanceId"),
           "StatusCode %r" % activity.status_code)


def replaced(victim):
    expect(victim, "no instance was terminated")
    found = wait_until(lambda: list(group().instances), lambda i: len(i) == 1 and i[0].instance_id != victim
                       and i[0].lifecycle_state in LIVE_STATES, "replacement for " + victim, show)
    expect_eq(found[0].availability_zone, "hotel", "site of the replacement")
    expect_eq(group().desired_capacity, 1, "DesiredCapacity after terminate without decrement")


def termination_policies():
    expect_eq(list(group().termination_policies), ["Default"], "termination policies at create")
    g = group()
    g.termination_policies = ["OldestInstance", "NewestInstance"]
    g.update()
    expect_eq(list(group().termination_policies), ["OldestInstance", "NewestInstance"], "termination policies, in order")
    bad = group()
    bad.termination_policies = ["Oldest"]
    expect_eq(error_of(bad.update), ("ValidationError", 400), "error for an unknown termination policy")
    expect_eq(list(group().termination_policies), ["OldestInstance", "NewestInstance"], "unchanged by the refusal")


def activities(victim):
    expect(victim, "no instance was terminated")
    acts = conn.get_all_activities(GROUP)
    expect(len(acts) >= 2, "at least 2 activities, got %d" % len(acts))
    for a in acts:
        expect_eq(a.group_name, GROUP, "activity group")
        expect(a.activity_id and a.cause and a.status_code, "activity fields %r" % vars(a))
    expect(any(victim in (a.description or "") for a in acts), "an activity names " + victim)


def tags():
    found = [t for t in conn.get_all_tags() if t.resource_id == GROUP]  # boto 2 sends no filters
    values = {t.key: t.value for t in found}
    expect_eq(values.get("n_preserve"), "1", "n_preserve")
    expect_eq(values.get("clouds"), CLOUDS, "clouds")
    expect(all(t.resource_type == "auto-scaling-group" for t in found), "resource type")


def processes_and_metrics():
    conn.suspend_processes(GROUP, ["HealthCheck", "Launch"])
    suspended = group().suspended_processes
    expect_eq([p.process_name for p in suspended], ["Launch", "HealthCheck"], "suspended processes")
    expect(all(p.reason.startswith("User suspended at ") for p in suspended), "SuspensionReason %s" % suspended)
    expect_eq(error_of(lambda: conn.suspend_processes(GROUP, ["Reboot"])), ("ValidationError", 400),
              "error of an unknown process")
    conn.resume_processes(GROUP)
    expect_eq(list(group().suspended_processes), [], "suspended processes after resume")
    conn.disable_metrics_collection(GROUP)  # none enabled: fine, as AWS
    conn.enable_metrics_collection(GROUP, "1Minute", ["GroupTotalInstances", "GroupDesiredCapacity"])
    expect_eq([(m.metric, m.granularity) for m in group().enabled_metrics],
              [("GroupDesiredCapacity", "1Minute"), ("GroupTotalInstances", "1Minute")], "enabled metrics")
    conn.disable_metrics_collection(GROUP)
    expect_eq(list(group().enabled_metrics), [], "enabled metrics after disable")


def delete_group():
    conn.delete_auto_scaling_group(GROUP, force_delete=True)
    wait_until(lambda: list(conn.get_all_groups(names=[GROUP])), lambda g: g == [], "deletion of " + GROUP)


def delete_launch_configurations():
    for name in ("web@hotel", "web@sierra"):
        conn.delete_launch_configuration(name)
    expect_eq(list(conn.get_all_launch_configurations(names=["web@hotel", "web@sierra"])), [],
              "launch configurations left")


def scheduled_actions():
    """Put (one-time, with boto 2's zone-less timestamps, and recurring), describe, the run on time, delete."""
    name, lc = "sched-" + flow.label, "sched-" + flow.label + "@hotel"
    conn.create_launch_configuration(LaunchConfiguration(name=lc, image_id="ami-1", instance_type="m1.small"))
    conn.create_auto_scaling_group(AutoScalingGroup(connection=conn, name=name, launch_config=lc, min_size=0,
                                                    max_size=3, desired_capacity=0))
    at = datetime.datetime.utcnow().replace(microsecond=0) + datetime.timedelta(seconds=8)  # naive UTC, as boto 2 sends it
    conn.create_scheduled_group_action(name, "up", start_time=at, desired_capacity=1)
    conn.create_scheduled_group_action(name, "nightly", recurrence="0 3 * * *", max_size=2)
    described = sorted(conn.get_all_scheduled_actions(as_group=name), key=lambda a: a.name)
    expect_eq([a.name for a in described], ["nightly", "up"], "described actions")
    expect_eq(described[1].start_time, at, "the one-time action's start time")
    expect_eq((described[0].recurrence, described[0].max_size), ("0 3 * * *", 2), "the recurring action")
    expect_eq(error_of(lambda: conn.create_scheduled_group_action(name, "past", start_time=datetime.datetime(2001, 1, 1),
                                                                  min_size=1)), ("ValidationError", 400),
              "a start time in the past")
    wait_until(lambda: conn.get_all_groups(names=[name])[0].desired_capacity, lambda d: d == 1,
               "run of the scheduled action")
    causes = [a.cause for a in conn.get_all_activities(name)]
    expect(any(c.endswith(" a scheduled action update of AutoScalingGroup constraints to min: 0, max: 3, desired: 1"
                          " changing the desired capacity from 0 to 1.") for c in causes), "the run's cause: %s" % causes)
    expect_eq([a.name for a in conn.get_all_scheduled_actions(as_group=name)], ["nightly"],
              "a one-time action goes after its run")
    conn.delete_scheduled_action("nightly", autoscale_group=name)
    expect_eq(list(conn.get_all_scheduled_actions(as_group=name)), [], "no action left")
    conn.delete_auto_scaling_group(name, force_delete=True)
    wait_until(lambda: list(conn.get_all_groups(names=[name])), lambda x: x == [], "deletion of the group")
    conn.delete_launch_configuration(lc)


def odd_text_round_trips():
    lc_name, name, key, value, data = "lc " + ODD + "@hotel", "g " + ODD + flow.label, "k " + ODD, "v " + ODD, "#!/bin/sh\r\n" + ODD
    conn.create_launch_configuration(LaunchConfiguration(
        name=lc_name, image_id="ami-1", instance_type="m1.small", user_data=data))
    conn.create_auto_scaling_group(AutoScalingGroup(
        connection=conn, name=name, launch_config=lc_name, min_size=0, max_size=0,
        tags=[Tag(key=key, value=value, resource_id=name)]))
    lc = conn.get_all_launch_configurations(names=[lc_name])[0]
    expect_eq(lc.name, lc_name, "launch configuration name")
    expect_eq(lc.user_data, data.encode(), "user data")
    g = conn.get_all_groups(names=[name])[0]
    expect_eq(g.name, name, "group name")
    expect_eq(g.launch_config_name, lc_name, "the group's launch configuration name")
    expect_eq([(t.key, t.value) for t in g.tags if t.key == key], [(key, value)], "tag")
    conn.delete_auto_scaling_group(g.name, force_delete=True)
    wait_until(lambda: list(conn.get_all_groups(names=[name])), lambda x: x == [], "deletion of the group")
    conn.delete_launch_configuration(lc.name)
    expect_eq(list(conn.get_all_launch_configurations(names=[lc_name])), [],
              "launch configuration deleted by its described name")


def bad_signature():
    wrong = connect(aws_access_key_id=conn.aws_access_key_id, aws_secret_access_key="not-the-secret")
    expect_eq(error_of(wrong.get_all_groups), ("SignatureDoesNotMatch", 403), "error")


def describe_types():
    # boto 2 knows four of the describe-types actions
    expect_eq([t.adjustment_type for t in conn.get_all_adjustment_types()],
              ["ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity"], "adjustment types")
    expect_eq([p.process_name for p in conn.get_all_scaling_process_types()],
              ["AZRebalance", "AddToLoadBalancer", "AlarmNotification", "HealthCheck", "InstanceRefresh", "Launch",
               "ReplaceUnhealthy", "ScheduledActions", "Terminate"], "scaling process types")
    expect_eq(list(conn.get_termination_policies()),
              ["AllocationStrategy", "ClosestToNextInstanceHour", "Default", "NewestInstance", "OldestInstance",
               "OldestLaunchConfiguration", "OldestLaunchTemplate"], "termination policy types")
    metrics = conn.get_all_metric_collection_types()
    expect_eq((len(metrics.metrics), metrics.metrics[0].val, [g.val for g in metrics.granularities]),
              (20, "GroupMinSize", ["1Minute"]), "metric collection types")


def scaling_policies():
    """PutScalingPolicy, ExecutePolicy, DescribePolicies, DeletePolicy with boto 2's calls (simple policies only)."""
    g = "pol-" + flow.label
    conn.create_launch_configuration(LaunchConfiguration(name="pol@hotel", image_id="ami-1", instance_type="m1.small"))
    conn.create_auto_scaling_group(AutoScalingGroup(group_name=g, launch_config="pol@hotel", min_size=0, max_size=3,
                                                    desired_capacity=0, connection=conn))
    conn.create_scaling_policy(ScalingPolicy(name="up", adjustment_type="ChangeInCapacity", as_name=g,
                                             scaling_adjustment=2))
    conn.create_scaling_policy(ScalingPolicy(name="half", adjustment_type="PercentChangeInCapacity", as_name=g,
                                             scaling_adjustment=-50, min_adjustment_step=1, cooldown=30))
    policies = conn.get_all_policies(as_group=g)
    expect_eq([(p.name, p.adjustment_type, p.scaling_adjustment) for p in policies],
              [("half", "PercentChangeInCapacity", -50), ("up", "ChangeInCapacity", 2)], "policies")
    expect_eq((policies[0].cooldown, policies[0].min_adjustment_step), (30, 1), "cooldown, min adjustment step")
    expect(policies[1].policy_arn.endswith(":autoScalingGroupName/%s:policyName/up" % g), policies[1].policy_arn)

    def desired():
        return conn.get_all_groups(names=[g])[0].desired_capacity
    conn.execute_policy("up", as_group=g)
    expect_eq(desired(), 2, "desired capacity after 'up'")
    conn.execute_policy("half", as_group=g)
    expect_eq(desired(), 1, "desired capacity after 'half'")
    try:
        conn.execute_policy("up", as_group=g, honor_cooldown=True)
        raise AssertionError("execute_policy(honor_cooldown=True) right after a scaling activity succeeded")
    except BotoServerError as e:
        expect_eq((e.error_code, e.status), ("ScalingActivityInProgress", 400), "honour the cooldown")
    conn.delete_policy(policies[1].policy_arn)
    conn.delete_policy("half", autoscale_group=g)
    expect_eq(list(conn.get_all_policies(as_group=g)), [], "policies left")
    conn.delete_auto_scaling_group(g, force_delete=True)
    wait_until(lambda: conn.get_all_groups(names=[g]), lambda x: list(x) == [], "deletion of " + g)
    conn.delete_launch_configuration("pol@hotel")


flow.check("signs with Signature Version %s" % SIGNATURE[-1], lambda: expect_eq(
    type(conn._auth_handler).__name__, {"sigv4": "HmacAuthV4Handler", "sigv2": "QuerySignatureV2AuthHandler"}[SIGNATURE],
    "boto 2 auth handler"))
flow.check("create launch configurations web@hotel and web@sierra", create_launch_configurations)
flow.check("describe launch configurations: image, type, user data round-trip", describe_launch_configurations)
flow.check("duplicate launch configuration -> AlreadyExists (400)", duplicate_launch_configuration)
flow.check("create group with the Phantom tags", create_group)
flow.check("describe group: sizes, launch configuration, tags", describe_group)
found = flow.check("3 instances: 2 on hotel, 1 on sierra, Healthy, Pending/InService", three_instances) or []
flow.check("describe auto scaling instances lists them with the group",
           lambda: expect(found, "no instances to look for") or describe_instances(found))
flow.check("set desired capacity 5 -> 2 on hotel, 3 on sierra", lambda: scale_to(5, {"hotel": 2, "sierra": 3}))
last = flow.check("set desired capacity 1 -> 1 on hotel", lambda: scale_to(1, {"hotel": 1}))
victim = last[0].instance_id if last else None
flow.check("terminate an instance without decrement -> activity",
           lambda: expect(victim, "no instance to terminate") or terminate(victim))
flow.check("a replacement instance takes its place", lambda: replaced(victim))
flow.check("termination policies: Default, then as updated; an unknown one -> ValidationError", termination_policies)
flow.check("describe scaling activities", lambda: activities(victim))
flow.check("describe tags: n_preserve = desired capacity", tags)
flow.check("suspend/resume processes, enable/disable metrics collection", processes_and_metrics)
flow.check("delete group (force) -> gone", delete_group)
flow.check("delete launch configurations -> gone", delete_launch_configurations)
flow.check("CR, CRLF, tab, non-BMP text round-trips in names, tags and user data", odd_text_round_trips)
flow.check("wrong secret -> SignatureDoesNotMatch (403)", bad_signature)
flow.check("describe-types actions answer AWS's values", describe_types)
flow.check("scaling policies: put, describe, execute, cooldown, delete", scaling_policies)
flow.check("scheduled actions: put, describe, run on time, delete", scheduled_actions)
flow.finish()
