"""The typical Phantom flow (README.md, "A first session") through boto3. Run by clients/run; see ../flowcheck.py."""
import base64
import datetime
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from flowcheck import (CA_BUNDLE, CLOUDS, ENDPOINT, LIVE_STATES, ODD, PROFILE, USER_DATA, Flow,  # noqa: E402
                       by_site, expect, expect_eq, wait_until)

import boto3  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

flow = Flow("boto3")
GROUP = "web-" + flow.label

# --- the README snippet ---
session = boto3.Session(profile_name=PROFILE)
asg = session.client("autoscaling", region_name="us-east-1", endpoint_url=ENDPOINT,
                     verify=CA_BUNDLE)  # verify: the self-signed certificate's file, for HTTPS
# ---


def error_of(call):
    """The (code, HTTP status) of the ClientError the call raises."""
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    raise AssertionError("the call succeeded")


def instances():
    groups = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[GROUP])["AutoScalingGroups"]
    expect_eq(len(groups), 1, "groups named " + GROUP)
    return groups[0]["Instances"]


def show(instances):
    return " ".join("%s/%s/%s/%s" % (i["InstanceId"], i["AvailabilityZone"], i["LifecycleState"], i["HealthStatus"])
                    for i in instances) or "none"


def wait_for(sites):
    return wait_until(instances, lambda i: by_site(i, lambda x: x["AvailabilityZone"]) == sites,
                      "instances %s" % sites, show)


def create_launch_configurations():
    for site in ("hotel", "sierra"):
        asg.create_launch_configuration(LaunchConfigurationName="web@" + site, ImageId="ami-1",
                                        InstanceType="m1.small", UserData=USER_DATA)


def describe_launch_configurations():
    lcs = asg.describe_launch_configurations(LaunchConfigurationNames=["web@hotel", "web@sierra"])["LaunchConfigurations"]
    expect_eq(sorted(lc["LaunchConfigurationName"] for lc in lcs), ["web@hotel", "web@sierra"], "names")
    for lc in lcs:
        expect_eq((lc["ImageId"], lc["InstanceType"]), ("ami-1", "m1.small"), "image and type")
        expect_eq(base64.b64decode(lc["UserData"]).decode(), USER_DATA, "user data (botocore base64-encodes it)")
        expect(isinstance(lc["CreatedTime"], datetime.datetime), "CreatedTime is a datetime")


def unset_members_empty():
    lc = asg.describe_launch_configurations(LaunchConfigurationNames=["web@hotel"])["LaunchConfigurations"][0]
    # read as Ansible's autoscaling_launch_config_find reads them: a missing one is a KeyError
    expect_eq((lc["KeyName"], lc["KernelId"], lc["RamdiskId"]), ("", "", ""), "KeyName, KernelId, RamdiskId")


def describe_types():
    expect_eq([t["AdjustmentType"] for t in asg.describe_adjustment_types()["AdjustmentTypes"]],
              ["ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity"], "adjustment types")
    expect_eq(asg.describe_auto_scaling_notification_types()["AutoScalingNotificationTypes"],
              ["autoscaling:EC2_INSTANCE_LAUNCH", "autoscaling:EC2_INSTANCE_LAUNCH_ERROR", "autoscaling:EC2_INSTANCE_TERMINATE",
               "autoscaling:EC2_INSTANCE_TERMINATE_ERROR", "autoscaling:TEST_NOTIFICATION"], "notification types")
    expect_eq(asg.describe_lifecycle_hook_types()["LifecycleHookTypes"],
              ["autoscaling:EC2_INSTANCE_LAUNCHING", "autoscaling:EC2_INSTANCE_TERMINATING"], "lifecycle hook types")
    expect_eq([p["ProcessName"] for p in asg.describe_scaling_process_types()["Processes"]],
              ["AZRebalance", "AddToLoadBalancer", "AlarmNotification", "HealthCheck", "InstanceRefresh", "Launch",
               "ReplaceUnhealthy", "ScheduledActions", "Terminate"], "scaling process types")
    expect_eq(asg.describe_termination_policy_types()["TerminationPolicyTypes"],
              ["AllocationStrategy", "ClosestToNextInstanceHour", "Default", "NewestInstance", "OldestInstance",
               "OldestLaunchConfiguration", "OldestLaunchTemplate"], "termination policy types")
    metrics = asg.describe_metric_collection_types()
    expect_eq((len(metrics["Metrics"]), metrics["Metrics"][0]["Metric"], metrics["Granularities"]),
              (20, "GroupMinSize", [{"Granularity": "1Minute"}]), "metric collection types")


def ec2_calls():
    # what Ansible's amazon.aws modules ask: the zones when none are given, the security groups always
    ec2 = session.client("ec2", region_name="us-east-1", endpoint_url=ENDPOINT, verify=CA_BUNDLE)
    zones = ec2.describe_availability_zones()["AvailabilityZones"]
    expect_eq([(z["ZoneName"], z["State"], z["RegionName"]) for z in zones],
              [(s, "available", "phantom") for s in ("hotel", "sierra", "foxtrot", "alamo")], "availability zones")
    expect_eq(ec2.describe_security_groups()["SecurityGroups"], [], "security groups")
    expect_eq(error_of(lambda: ec2.describe_instances()), ("UnsupportedOperation", 400), "another EC2 call")


def duplicate_launch_configuration():
    try:
        asg.create_launch_configuration(LaunchConfigurationName="web@hotel", ImageId="ami-1", InstanceType="m1.small")
    except asg.exceptions.AlreadyExistsFault as e:
        expect_eq(e.response["Error"]["Code"], "AlreadyExists", "error code")
        expect_eq(e.response["ResponseMetadata"]["HTTPStatusCode"], 400, "HTTP status")
        return
    raise AssertionError("the duplicate was accepted")


def create_group():
    asg.create_auto_scaling_group(
        AutoScalingGroupName=GROUP, LaunchConfigurationName="web", MinSize=3, MaxSize=3,
        Tags=[{"Key": "PHANTOM_DEFINITION", "Value": "error_overflow_n_preserving"},
              {"Key": "clouds", "Value": CLOUDS},
              {"Key": "n_preserve", "Value": "3"}])


def describe_group():
    g = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[GROUP])["AutoScalingGroups"][0]
    expect_eq((g["MinSize"], g["MaxSize"], g["DesiredCapacity"]), (3, 3, 3), "min, max, desired")
    expect_eq(g["LaunchConfigurationName"].split("@")[0], "web", "launch configuration family")
    tags = {t["Key"]: t["Value"] for t in g["Tags"]}
    expect_eq({k: tags.get(k) for k in ("PHANTOM_DEFINITION", "clouds", "n_preserve")},
              {"PHANTOM_DEFINITION": "error_overflow_n_preserving", "clouds": CLOUDS, "n_preserve": "3"}, "tags")


def three_instances():
    found = wait_for({"hotel": 2, "sierra": 1})
    ids = [i["InstanceId"] for i in found]
    expect(all(ids) and len(set(ids)) == 3, "three distinct instance ids: %r" % ids)
    for i in found:
        expect(i["LifecycleState"] in LIVE_STATES, "LifecycleState %r" % i["LifecycleState"])
        expect_eq(i["HealthStatus"], "Healthy", "HealthStatus")
    return found


def describe_instances(found):
    listed = {i["InstanceId"]: i for i in asg.describe_auto_scaling_instances()["AutoScalingInstances"]}
    for i in found:
        expect(i["InstanceId"] in listed, "instance %s listed" % i["InstanceId"])
        row = listed[i["InstanceId"]]
        expect_eq(row["AutoScalingGroupName"], GROUP, "group of " + i["InstanceId"])
        expect_eq(row["AvailabilityZone"], i["AvailabilityZone"], "site of " + i["InstanceId"])
        expect_eq(row["HealthStatus"], "HEALTHY", "HealthStatus (upper case here, as AWS)")


def scale_to(n, sites):
    asg.set_desired_capacity(AutoScalingGroupName=GROUP, DesiredCapacity=n)
    g = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[GROUP])["AutoScalingGroups"][0]
    expect_eq(g["DesiredCapacity"], n, "DesiredCapacity")
    expect(g["MinSize"] <= n <= g["MaxSize"], "min %d <= %d <= max %d" % (g["MinSize"], n, g["MaxSize"]))
    return wait_for(sites)


def terminate(victim):
    activity = asg.terminate_instance_in_auto_scaling_group(
        InstanceId=victim, ShouldDecrementDesiredCapacity=False)["Activity"]
    expect(activity["ActivityId"], "ActivityId")
    expect_eq(activity["AutoScalingGroupName"], GROUP, "AutoScalingGroupName")
    expect(victim in activity.get("Description", ""), "Description %r names %s" % (activity.get("Description"), victim))
    expect(activity["Cause"], "Cause")
    expect(isinstance(activity["StartTime"], datetime.datetime), "StartTime is a datetime")
    expect(activity["StatusCode"] in ("InProgress", "Successful", "PreInService", "WaitingForInstanceId"),
           "StatusCode %r" % activity["StatusCode"])


def replaced(victim):
    expect(victim, "no instance was terminated")
    found = wait_until(instances, lambda i: len(i) == 1 and i[0]["InstanceId"] != victim
                       and i[0]["LifecycleState"] in LIVE_STATES, "replacement for " + victim, show)
    expect_eq(found[0]["AvailabilityZone"], "hotel", "site of the replacement")
    g = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[GROUP])["AutoScalingGroups"][0]
    expect_eq(g["DesiredCapacity"], 1, "DesiredCapacity after terminate without decrement")


def protection():
    vm = instances()[0]["InstanceId"]

    def shown():
        detail = asg.describe_auto_scaling_instances(InstanceIds=[vm])["AutoScalingInstances"][0]
        return detail["ProtectedFromScaleIn"], instances()[0]["ProtectedFromScaleIn"]

    expect_eq(shown(), (False, False), "ProtectedFromScaleIn before")
    asg.set_instance_protection(AutoScalingGroupName=GROUP, InstanceIds=[vm], ProtectedFromScaleIn=True)
    expect_eq(shown(), (True, True), "ProtectedFromScaleIn after set_instance_protection")
    asg.set_instance_protection(AutoScalingGroupName=GROUP, InstanceIds=[vm], ProtectedFromScaleIn=False)
    expect_eq(shown(), (False, False), "ProtectedFromScaleIn after unprotecting")
    expect_eq(error_of(lambda: asg.set_instance_protection(AutoScalingGroupName=GROUP, InstanceIds=["i-00000000000000000"],
                                                           ProtectedFromScaleIn=True)),
              ("ValidationError", 400), "error for an instance not in the group")


def standby():
    vm = wait_until(instances, lambda i: len(i) == 1 and i[0]["LifecycleState"] == "InService",
                    "the group's one VM InService", show)[0]["InstanceId"]

    def shown():
        detail = asg.describe_auto_scaling_instances(InstanceIds=[vm])["AutoScalingInstances"][0]
        g = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[GROUP])["AutoScalingGroups"][0]
        return detail["LifecycleState"], g["DesiredCapacity"]

    acts = asg.enter_standby(AutoScalingGroupName=GROUP, InstanceIds=[vm], ShouldDecrementDesiredCapacity=True)["Activities"]
    expect_eq([a["Description"] for a in acts], ["Moving EC2 instance to Standby: " + vm], "enter_standby activities")
    expect(acts[0]["Cause"].endswith("was moved to standby in response to a user request, shrinking the capacity"
                                     " from 1 to 0."), "enter_standby cause %r" % acts[0]["Cause"])
    expect_eq(shown(), ("Standby", 0), "LifecycleState and DesiredCapacity in standby")
    expect_eq(error_of(lambda: asg.enter_standby(AutoScalingGroupName=GROUP, InstanceIds=[vm],
                                                 ShouldDecrementDesiredCapacity=False)),
              ("ValidationError", 400), "error for a VM already in standby")
    acts = asg.exit_standby(AutoScalingGroupName=GROUP, InstanceIds=[vm])["Activities"]
    expect_eq([a["Description"] for a in acts], ["Moving EC2 instance out of Standby: " + vm], "exit_standby activities")
    expect_eq(shown(), ("InService", 1), "LifecycleState and DesiredCapacity back in service")
    expect_eq(error_of(lambda: asg.exit_standby(AutoScalingGroupName=GROUP, InstanceIds=[vm])),
              ("ValidationError", 400), "error for a VM not in standby")


def termination_policies():
    def policies():
        return asg.describe_auto_scaling_groups(AutoScalingGroupNames=[GROUP])["AutoScalingGroups"][0]["TerminationPolicies"]

    expect_eq(policies(), ["Default"], "termination policies at create")
    asg.update_auto_scaling_group(AutoScalingGroupName=GROUP, TerminationPolicies=["OldestInstance", "NewestInstance"])
    expect_eq(policies(), ["OldestInstance", "NewestInstance"], "termination policies, in order")
    expect_eq(error_of(lambda: asg.update_auto_scaling_group(AutoScalingGroupName=GROUP, TerminationPolicies=["Oldest"])),
              ("ValidationError", 400), "error for an unknown termination policy")


def activities(victim):
    expect(victim, "no instance was terminated")
    acts = asg.describe_scaling_activities(AutoScalingGroupName=GROUP)["Activities"]
    expect(len(acts) >= 2, "at least 2 activities, got %d" % len(acts))
    for a in acts:
        expect_eq(a["AutoScalingGroupName"], GROUP, "activity group")
        expect(a["ActivityId"] and a["Cause"] and a["StatusCode"], "activity fields %r" % a)
    expect(any(victim in a.get("Description", "") for a in acts), "an activity names " + victim)


def tags():
    found = asg.describe_tags(Filters=[{"Name": "auto-scaling-group", "Values": [GROUP]}])["Tags"]
    values = {t["Key"]: t["Value"] for t in found}
    expect_eq(values.get("n_preserve"), "1", "n_preserve")
    expect_eq(values.get("clouds"), CLOUDS, "clouds")
    expect(all(t["ResourceId"] == GROUP and t["ResourceType"] == "auto-scaling-group" for t in found), "resource")


def processes_and_metrics():
    def group():
        return asg.describe_auto_scaling_groups(AutoScalingGroupNames=[GROUP])["AutoScalingGroups"][0]
    asg.suspend_processes(AutoScalingGroupName=GROUP, ScalingProcesses=["HealthCheck", "Launch"])
    suspended = group()["SuspendedProcesses"]
    expect_eq([p["ProcessName"] for p in suspended], ["Launch", "HealthCheck"], "suspended processes")
    expect(all(p["SuspensionReason"].startswith("User suspended at ") for p in suspended),
           "SuspensionReason %s" % [p["SuspensionReason"] for p in suspended])
    expect_eq(error_of(lambda: asg.suspend_processes(AutoScalingGroupName=GROUP, ScalingProcesses=["Reboot"])),
              ("ValidationError", 400), "error of an unknown process")
    asg.resume_processes(AutoScalingGroupName=GROUP)
    expect_eq(group()["SuspendedProcesses"], [], "suspended processes after resume")
    asg.disable_metrics_collection(AutoScalingGroupName=GROUP)  # none enabled: fine, as AWS
    asg.enable_metrics_collection(AutoScalingGroupName=GROUP, Granularity="1Minute",
                                  Metrics=["GroupTotalInstances", "GroupDesiredCapacity"])
    expect_eq([(m["Metric"], m["Granularity"]) for m in group()["EnabledMetrics"]],
              [("GroupDesiredCapacity", "1Minute"), ("GroupTotalInstances", "1Minute")], "enabled metrics")
    asg.disable_metrics_collection(AutoScalingGroupName=GROUP)
    expect_eq(group()["EnabledMetrics"], [], "enabled metrics after disable")


def delete_group():
    asg.delete_auto_scaling_group(AutoScalingGroupName=GROUP, ForceDelete=True)
    wait_until(lambda: asg.describe_auto_scaling_groups(AutoScalingGroupNames=[GROUP])["AutoScalingGroups"],
               lambda g: g == [], "deletion of " + GROUP)


def delete_launch_configurations():
    for name in ("web@hotel", "web@sierra"):
        asg.delete_launch_configuration(LaunchConfigurationName=name)
    left = asg.describe_launch_configurations(LaunchConfigurationNames=["web@hotel", "web@sierra"])
    expect_eq(left["LaunchConfigurations"], [], "launch configurations left")


def odd_text_round_trips():
    lc_name, group, key, value, data = "lc " + ODD + "@hotel", "g " + ODD + flow.label, "k " + ODD, "v " + ODD, "#!/bin/sh\r\n" + ODD
    asg.create_launch_configuration(LaunchConfigurationName=lc_name, ImageId="ami-1", InstanceType="m1.small",
                                    UserData=data)
    asg.create_auto_scaling_group(AutoScalingGroupName=group, LaunchConfigurationName=lc_name, MinSize=0, MaxSize=0,
                                  Tags=[{"Key": key, "Value": value}])
    lc = asg.describe_launch_configurations(LaunchConfigurationNames=[lc_name])["LaunchConfigurations"][0]
    expect_eq(lc["LaunchConfigurationName"], lc_name, "launch configuration name")
    expect_eq(base64.b64decode(lc["UserData"]).decode(), data, "user data")
    g = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[group])["AutoScalingGroups"][0]
    expect_eq(g["AutoScalingGroupName"], group, "group name")
    expect_eq(g["LaunchConfigurationName"], lc_name, "the group's launch configuration name")
    expect_eq([(t["Key"], t["Value"]) for t in g["Tags"] if t["Key"] == key], [(key, value)], "tag")
    asg.delete_auto_scaling_group(AutoScalingGroupName=g["AutoScalingGroupName"], ForceDelete=True)
    wait_until(lambda: asg.describe_auto_scaling_groups(AutoScalingGroupNames=[group])["AutoScalingGroups"],
               lambda x: x == [], "deletion of the group")
    asg.delete_launch_configuration(LaunchConfigurationName=lc["LaunchConfigurationName"])
    expect_eq(asg.describe_launch_configurations(LaunchConfigurationNames=[lc_name])["LaunchConfigurations"], [],
              "launch configuration deleted by its described name")


def scaling_policies():
    """PutScalingPolicy, ExecutePolicy, DescribePolicies, DeletePolicy on a group of its own."""
    g = "pol-" + flow.label
    asg.create_launch_configuration(LaunchConfigurationName="pol@hotel", ImageId="ami-1", InstanceType="m1.small")
    asg.create_auto_scaling_group(AutoScalingGroupName=g, LaunchConfigurationName="pol@hotel", MinSize=0, MaxSize=3,
                                  DesiredCapacity=0)
    put = asg.put_scaling_policy(AutoScalingGroupName=g, PolicyName="up", AdjustmentType="ChangeInCapacity",
                                 ScalingAdjustment=2)
    arn = put["PolicyARN"]
    expect(arn.startswith("arn:aws:autoscaling:") and arn.endswith(":autoScalingGroupName/%s:policyName/up" % g), arn)
    expect_eq(put.get("Alarms"), [], "Alarms")
    asg.put_scaling_policy(AutoScalingGroupName=g, PolicyName="steps", PolicyType="StepScaling",
                           AdjustmentType="ChangeInCapacity",
                           StepAdjustments=[{"MetricIntervalLowerBound": 0.0, "ScalingAdjustment": 5}])
    policies = asg.describe_policies(AutoScalingGroupName=g)["ScalingPolicies"]
    expect_eq([(p["PolicyName"], p["PolicyType"]) for p in policies], [("steps", "StepScaling"), ("up", "SimpleScaling")],
              "policies")
    expect_eq(policies[0]["StepAdjustments"], [{"MetricIntervalLowerBound": 0.0, "ScalingAdjustment": 5}], "steps")

    def desired():
        return asg.describe_auto_scaling_groups(AutoScalingGroupNames=[g])["AutoScalingGroups"][0]["DesiredCapacity"]
    asg.execute_policy(AutoScalingGroupName=g, PolicyName="up")
    expect_eq(desired(), 2, "desired capacity after 'up'")
    expect_eq(error_of(lambda: asg.execute_policy(AutoScalingGroupName=g, PolicyName="steps")), ("ValidationError", 400),
              "a step policy without MetricValue")
    asg.execute_policy(AutoScalingGroupName=g, PolicyName="steps", MetricValue=75.0, BreachThreshold=50.0)
    expect_eq(desired(), 3, "desired capacity after 'steps' (clamped to MaxSize)")
    expect_eq(error_of(lambda: asg.set_desired_capacity(AutoScalingGroupName=g, DesiredCapacity=1, HonorCooldown=True)),
              ("ScalingActivityInProgress", 400), "set_desired_capacity(HonorCooldown=True) right after a scaling activity")
    expect_eq(error_of(lambda: asg.put_scaling_policy(
        AutoScalingGroupName=g, PolicyName="tt", PolicyType="TargetTrackingScaling",
        TargetTrackingConfiguration={"PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
                                     "TargetValue": 50.0})), ("ValidationError", 400), "a target tracking policy")
    asg.delete_policy(PolicyName=arn)
    asg.delete_policy(AutoScalingGroupName=g, PolicyName="steps")
    expect_eq(asg.describe_policies(AutoScalingGroupName=g)["ScalingPolicies"], [], "policies left")
    asg.delete_auto_scaling_group(AutoScalingGroupName=g, ForceDelete=True)
    wait_until(lambda: asg.describe_auto_scaling_groups(AutoScalingGroupNames=[g])["AutoScalingGroups"],
               lambda x: x == [], "deletion of " + g)
    asg.delete_launch_configuration(LaunchConfigurationName="pol@hotel")
def scheduled_actions():
    """Put (one-time and recurring), a batch with a refused entry, describe, the run on time, delete."""
    group, lc = "sched-" + flow.label, "sched-" + flow.label + "@hotel"
    asg.create_launch_configuration(LaunchConfigurationName=lc, ImageId="ami-1", InstanceType="m1.small")
    asg.create_auto_scaling_group(AutoScalingGroupName=group, LaunchConfigurationName=lc, MinSize=0, MaxSize=3,
                                  DesiredCapacity=0)
    at = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + datetime.timedelta(seconds=8)
    asg.put_scheduled_update_group_action(AutoScalingGroupName=group, ScheduledActionName="up", StartTime=at,
                                          DesiredCapacity=1)
    asg.put_scheduled_update_group_action(AutoScalingGroupName=group, ScheduledActionName="nightly",
                                          Recurrence="0 3 * * *", TimeZone="Europe/Paris", MaxSize=2)
    failed = asg.batch_put_scheduled_update_group_action(AutoScalingGroupName=group, ScheduledUpdateGroupActions=[
        {"ScheduledActionName": "later", "StartTime": datetime.datetime(2099, 1, 1, tzinfo=datetime.timezone.utc),
         "MinSize": 1},
        {"ScheduledActionName": "past", "StartTime": datetime.datetime(2001, 1, 1, tzinfo=datetime.timezone.utc),
         "MinSize": 1}])["FailedScheduledUpdateGroupActions"]
    expect_eq([(f["ScheduledActionName"], f["ErrorCode"], f["ErrorMessage"]) for f in failed],
              [("past", "ValidationError", "Given start time is in the past")], "the batch's failed entry")
    described = asg.describe_scheduled_actions(AutoScalingGroupName=group)["ScheduledUpdateGroupActions"]
    expect_eq([a["ScheduledActionName"] for a in described], ["later", "nightly", "up"], "described actions")
    up = described[2]
    expect_eq(up["StartTime"], at, "the one-time action's start time")
    expect(up["ScheduledActionARN"].endswith(":autoScalingGroupName/%s:scheduledActionName/up" % group), "ARN")
    expect_eq((described[1]["Recurrence"], described[1]["TimeZone"], described[1]["MaxSize"]),
              ("0 3 * * *", "Europe/Paris", 2), "the recurring action")
    expect_eq(error_of(lambda: asg.put_scheduled_update_group_action(AutoScalingGroupName=group, ScheduledActionName="bad",
                                                                    Recurrence="not cron", MinSize=1)),
              ("ValidationError", 400), "a bad recurrence's error")
    wait_until(lambda: asg.describe_auto_scaling_groups(AutoScalingGroupNames=[group])["AutoScalingGroups"][0]["DesiredCapacity"],
               lambda d: d == 1, "run of the scheduled action")
    causes = [a["Cause"] for a in asg.describe_scaling_activities(AutoScalingGroupName=group)["Activities"]]
    expect(any(c.endswith(" a scheduled action update of AutoScalingGroup constraints to min: 0, max: 3, desired: 1"
                          " changing the desired capacity from 0 to 1.") for c in causes), "the run's cause: %s" % causes)
    left = asg.describe_scheduled_actions(AutoScalingGroupName=group)["ScheduledUpdateGroupActions"]
    expect_eq([a["ScheduledActionName"] for a in left], ["later", "nightly"], "a one-time action goes after its run")
    asg.delete_scheduled_action(AutoScalingGroupName=group, ScheduledActionName="later")
    failed = asg.batch_delete_scheduled_action(AutoScalingGroupName=group,
                                               ScheduledActionNames=["nightly", "gone"])["FailedScheduledActions"]
    expect_eq([(f["ScheduledActionName"], f["ErrorCode"]) for f in failed], [("gone", "ValidationError")],
              "the batch delete's failed name")
    expect_eq(asg.describe_scheduled_actions(AutoScalingGroupName=group)["ScheduledUpdateGroupActions"], [],
              "no action left")
    asg.delete_auto_scaling_group(AutoScalingGroupName=group, ForceDelete=True)
    wait_until(lambda: asg.describe_auto_scaling_groups(AutoScalingGroupNames=[group])["AutoScalingGroups"],
               lambda g: g == [], "deletion of " + group)
    asg.delete_launch_configuration(LaunchConfigurationName=lc)


def bad_signature():
    key_id = session.get_credentials().access_key
    wrong = boto3.client("autoscaling", region_name="us-east-1", endpoint_url=ENDPOINT, verify=CA_BUNDLE,
                         aws_access_key_id=key_id, aws_secret_access_key="not-the-secret")
    expect_eq(error_of(wrong.describe_auto_scaling_groups), ("SignatureDoesNotMatch", 403), "error")


flow.check("create launch configurations web@hotel and web@sierra", create_launch_configurations)
flow.check("describe launch configurations: image, type, user data round-trip", describe_launch_configurations)
flow.check("unset key name, kernel and ramdisk come back empty, as AWS", unset_members_empty)
flow.check("duplicate launch configuration -> AlreadyExists (400)", duplicate_launch_configuration)
flow.check("create group with the Phantom tags", create_group)
flow.check("describe group: sizes, launch configuration, tags", describe_group)
found = flow.check("3 instances: 2 on hotel, 1 on sierra, Healthy, Pending/InService", three_instances) or []
flow.check("describe auto scaling instances lists them with the group",
           lambda: expect(found, "no instances to look for") or describe_instances(found))
flow.check("set desired capacity 5 -> 2 on hotel, 3 on sierra", lambda: scale_to(5, {"hotel": 2, "sierra": 3}))
last = flow.check("set desired capacity 1 -> 1 on hotel", lambda: scale_to(1, {"hotel": 1}))
victim = last[0]["InstanceId"] if last else None
flow.check("terminate an instance without decrement -> activity",
           lambda: expect(victim, "no instance to terminate") or terminate(victim))
flow.check("a replacement instance takes its place", lambda: replaced(victim))
flow.check("set-instance-protection on and off, shown by both describes", protection)
flow.check("enter_standby and exit_standby, shown by the describes; wrong states -> ValidationError", standby)
flow.check("termination policies: Default, then as updated; an unknown one -> ValidationError", termination_policies)
flow.check("describe scaling activities", lambda: activities(victim))
flow.check("describe tags: n_preserve = desired capacity", tags)
flow.check("suspend/resume processes, enable/disable metrics collection", processes_and_metrics)
flow.check("delete group (force) -> gone", delete_group)
flow.check("delete launch configurations -> gone", delete_launch_configurations)
flow.check("CR, CRLF, tab, non-BMP text round-trips in names, tags and user data", odd_text_round_trips)
flow.check("wrong secret -> SignatureDoesNotMatch (403)", bad_signature)
flow.check("describe-types actions answer AWS's values", describe_types)
flow.check("EC2 calls on the endpoint: zones, no security groups, others refused", ec2_calls)
flow.check("scaling policies: put, describe, execute (simple, step), cooldown, refusals, delete", scaling_policies)
flow.check("scheduled actions: put, batch, describe, run on time, delete", scheduled_actions)
flow.finish()
