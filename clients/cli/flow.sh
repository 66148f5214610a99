#!/usr/bin/env bash
# The typical Phantom flow (README.md, "A first session") through the AWS CLI v2 (Debian's awscli). Run by clients/run
# with the settings of ../flowcheck.py in the environment (PHANTOM_ENDPOINT, PHANTOM_PROFILE,
# PHANTOM_CA_BUNDLE, PHANTOM_LABEL, PHANTOM_WAIT) and PHANTOM_AWS, the aws executable to use.
# One line per check: "PASS <label>: <check>" or "FAIL <label>: <check>: <why>".
set -u
AWS=${PHANTOM_AWS:-aws}
ENDPOINT=${PHANTOM_ENDPOINT:-http://127.0.0.1:8445}
PROFILE=${PHANTOM_PROFILE:-default}
LABEL=${PHANTOM_LABEL:-cli}
WAIT=${PHANTOM_WAIT:-30}
GROUP=web-$LABEL
USER_DATA=$'#!/bin/sh\necho \'hello from phantom\' > /tmp/hello\n'
CLOUDS=hotel:2,sierra:-1
# CR, CRLF, a tab and a character outside the BMP: must come back byte for byte (as ../flowcheck.py ODD)
ODD=$'cr\r crlf\r\n tab\t rocket \U0001F680'
ODD_JSON='cr\r crlf\r\n tab\t rocket \ud83d\ude80'
export AWS_PAGER=""
tab=$'\t'

# --- the README snippet ---
asg() {
  "$AWS" --profile "$PROFILE" --region us-east-1 --endpoint-url "$ENDPOINT" \
    ${PHANTOM_CA_BUNDLE:+--ca-bundle "$PHANTOM_CA_BUNDLE"} autoscaling "$@"
}
# ---

passed=0 failed=0 out=$(mktemp)
trap 'rm -f "$out"' EXIT

# check NAME FUNCTION: runs FUNCTION in this shell (it may set variables); it fails by returning
# non-zero, and its last output line says why.
check() {
  if "$2" >"$out" 2>&1; then
    passed=$((passed + 1)); echo "PASS $LABEL: $1"
  else
    failed=$((failed + 1)); echo "FAIL $LABEL: $1: $(grep -v '^$' "$out" | tail -n 1)"
  fi
}

expect_eq() { # ACTUAL EXPECTED WHAT
  [ "$1" = "$2" ] && return 0
  echo "$3: expected '${2//$'\n'/|}', got '${1//$'\n'/|}'"; return 1
}

# wait_for FUNCTION EXPECTED WHAT: polls FUNCTION's output until it is EXPECTED.
wait_for() {
  local deadline=$((SECONDS + ${WAIT%.*})) seen
  while :; do
    seen=$("$1" 2>&1)
    [ "$seen" = "$2" ] && return 0
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "no $3 within $WAIT s; last seen: ${seen//$'\n'/|}"; return 1
    fi
    sleep 0.25
  done
}

# error_code COMMAND...: the AWS error code the command fails with (the CLI prints
# "An error occurred (Code) when calling ..." and exits 254).
error_code() {
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  [ "$rc" -eq 0 ] && { echo "the call succeeded"; return 0; }
  sed -n 's/.*An error occurred (\([A-Za-z.]*\)).*/\1/p' <<<"$err" | head -n 1
  [ "$rc" -eq 254 ] || echo "exit status $rc (expected 254): $err"
}

instances() { # one line per instance: id, site, state, health
  asg describe-auto-scaling-groups --auto-scaling-group-names "$GROUP" --output text \
    --query 'AutoScalingGroups[0].Instances[].[InstanceId,AvailabilityZone,LifecycleState,HealthStatus]'
}
sites() { # e.g. "hotel=2 sierra=1"
  instances | awk -F'\t' 'NF { n[$2]++ } END { for (s in n) print s "=" n[s] }' | sort | paste -sd' '
}
sizes() {
  asg describe-auto-scaling-groups --auto-scaling-group-names "$GROUP" --output text \
    --query 'AutoScalingGroups[0].[MinSize,MaxSize,DesiredCapacity]'
}
live_and_healthy() { # every instance Pending/InService and Healthy, ids distinct and non-empty
  local list; list=$(instances) || return 1
  awk -F'\t' '$1 == "" || ($3 != "Pending" && $3 != "InService") || $4 != "Healthy" { print "bad instance: " $0; bad = 1 }
              seen[$1]++ { print "duplicate id " $1; bad = 1 } END { exit bad }' <<<"$list"
}

create_launch_configurations() {
  for site in hotel sierra; do
    asg create-launch-configuration --launch-configuration-name "web@$site" --image-id ami-1 \
      --instance-type m1.small --user-data "$USER_DATA" || return 1
  done
}

describe_launch_configurations() {
  local got
  got=$(asg describe-launch-configurations --launch-configuration-names web@hotel web@sierra --output text \
    --query 'LaunchConfigurations[].[LaunchConfigurationName,ImageId,InstanceType]' | sort) || return 1
  expect_eq "$got" "web@hotel${tab}ami-1${tab}m1.small"$'\n'"web@sierra${tab}ami-1${tab}m1.small" "launch configurations" || return 1
  for name in web@hotel web@sierra; do
    got=$(asg describe-launch-configurations --launch-configuration-names "$name" --output text \
      --query 'LaunchConfigurations[0].UserData' | base64 -d; echo x) || return 1
    expect_eq "${got%x}" "$USER_DATA" "user data of $name (the CLI base64-encodes it)" || return 1
  done
}

unset_members_empty() { # AWS answers an unset KeyName, KernelId, RamdiskId as "" (the CLI prints None for absent ones)
  expect_eq "$(asg describe-launch-configurations --launch-configuration-names web@hotel --output text \
    --query 'LaunchConfigurations[0].[KeyName,KernelId,RamdiskId]')" "${tab}${tab}" "KeyName, KernelId, RamdiskId"
}

describe_types() {
  expect_eq "$(asg describe-adjustment-types --output text --query 'AdjustmentTypes[].AdjustmentType')" \
    "ChangeInCapacity${tab}ExactCapacity${tab}PercentChangeInCapacity" "adjustment types" || return 1
  expect_eq "$(asg describe-auto-scaling-notification-types --output text --query 'AutoScalingNotificationTypes')" \
    "autoscaling:EC2_INSTANCE_LAUNCH${tab}autoscaling:EC2_INSTANCE_LAUNCH_ERROR${tab}autoscaling:EC2_INSTANCE_TERMINATE${tab}autoscaling:EC2_INSTANCE_TERMINATE_ERROR${tab}autoscaling:TEST_NOTIFICATION" \
    "notification types" || return 1
  expect_eq "$(asg describe-lifecycle-hook-types --output text --query 'LifecycleHookTypes')" \
    "autoscaling:EC2_INSTANCE_LAUNCHING${tab}autoscaling:EC2_INSTANCE_TERMINATING" "lifecycle hook types" || return 1
  expect_eq "$(asg describe-scaling-process-types --output text --query 'Processes[].ProcessName')" \
    "AZRebalance${tab}AddToLoadBalancer${tab}AlarmNotification${tab}HealthCheck${tab}InstanceRefresh${tab}Launch${tab}ReplaceUnhealthy${tab}ScheduledActions${tab}Terminate" \
    "scaling process types" || return 1
  expect_eq "$(asg describe-termination-policy-types --output text --query 'TerminationPolicyTypes')" \
    "AllocationStrategy${tab}ClosestToNextInstanceHour${tab}Default${tab}NewestInstance${tab}OldestInstance${tab}OldestLaunchConfiguration${tab}OldestLaunchTemplate" \
    "termination policy types" || return 1
  expect_eq "$(asg describe-metric-collection-types --output text \
    --query '[length(Metrics), Metrics[0].Metric, Granularities[0].Granularity]')" "20${tab}GroupMinSize${tab}1Minute" \
    "metric collection types"
}

ec2() { # the EC2 calls tools make on the same endpoint
  "$AWS" --profile "$PROFILE" --region us-east-1 --endpoint-url "$ENDPOINT" \
    ${PHANTOM_CA_BUNDLE:+--ca-bundle "$PHANTOM_CA_BUNDLE"} ec2 "$@"
}

ec2_calls() {
  expect_eq "$(ec2 describe-availability-zones --output text --query 'AvailabilityZones[].[ZoneName,State,RegionName]' | paste -sd' ')" \
    "hotel${tab}available${tab}phantom sierra${tab}available${tab}phantom foxtrot${tab}available${tab}phantom alamo${tab}available${tab}phantom" \
    "availability zones: the sites, in configuration order" || return 1
  expect_eq "$(ec2 describe-security-groups --output text --query 'length(SecurityGroups)')" 0 "security groups" || return 1
  expect_eq "$(error_code ec2 describe-instances)" UnsupportedOperation "error code of another EC2 call"
}

duplicate_launch_configuration() {
  expect_eq "$(error_code asg create-launch-configuration --launch-configuration-name web@hotel \
    --image-id ami-1 --instance-type m1.small)" AlreadyExists "error code"
}

create_group() {
  asg create-auto-scaling-group --auto-scaling-group-name "$GROUP" --launch-configuration-name web \
    --min-size 3 --max-size 3 --tags '[
      {"Key": "PHANTOM_DEFINITION", "Value": "error_overflow_n_preserving"},
      {"Key": "clouds", "Value": "hotel:2,sierra:-1"},
      {"Key": "n_preserve", "Value": "3"}]'
}

describe_group() {
  local got
  expect_eq "$(sizes)" "3${tab}3${tab}3" "min, max, desired" || return 1
  got=$(asg describe-auto-scaling-groups --auto-scaling-group-names "$GROUP" --output text \
    --query 'AutoScalingGroups[0].LaunchConfigurationName') || return 1
  expect_eq "${got%%@*}" web "launch configuration family" || return 1
  got=$(asg describe-auto-scaling-groups --auto-scaling-group-names "$GROUP" --output text \
    --query 'AutoScalingGroups[0].Tags[].[Key,Value]' | sort) || return 1
  expect_eq "$got" "PHANTOM_DEFINITION${tab}error_overflow_n_preserving"$'\n'"clouds${tab}$CLOUDS"$'\n'"n_preserve${tab}3" "tags"
}

three_instances() {
  wait_for sites "hotel=2 sierra=1" "instances hotel=2 sierra=1" || return 1
  live_and_healthy || return 1
  found=$(instances | cut -f1,2 | sort)
}

describe_instances() {
  [ -n "${found:-}" ] || { echo "no instances to look for"; return 1; }
  local listed
  listed=$(asg describe-auto-scaling-instances --output text \
    --query "AutoScalingInstances[?AutoScalingGroupName=='$GROUP'].[InstanceId,AvailabilityZone]" | sort) || return 1
  expect_eq "$listed" "$found" "instances of $GROUP (id, site)" || return 1
  listed=$(asg describe-auto-scaling-instances --output text \
    --query "AutoScalingInstances[?AutoScalingGroupName=='$GROUP'].HealthStatus" | tr '\t' '\n' | sort -u)
  expect_eq "$listed" HEALTHY "HealthStatus (upper case here, as AWS)"
}

scale_to() { # N SITES
  asg set-desired-capacity --auto-scaling-group-name "$GROUP" --desired-capacity "$1" || return 1
  local min max desired
  IFS=$tab read -r min max desired <<<"$(sizes)"
  expect_eq "$desired" "$1" DesiredCapacity || return 1
  [ "$min" -le "$1" ] && [ "$1" -le "$max" ] || { echo "not min $min <= $1 <= max $max"; return 1; }
  wait_for sites "$2" "instances $2" || return 1
  live_and_healthy
}
scale_to_5() { scale_to 5 "hotel=2 sierra=3"; }
scale_to_1() { scale_to 1 "hotel=1" && victim=$(instances | cut -f1); }

terminate() {
  [ -n "${victim:-}" ] || { echo "no instance to terminate"; return 1; }
  local activity id group status description cause start
  activity=$(asg terminate-instance-in-auto-scaling-group --instance-id "$victim" \
    --no-should-decrement-desired-capacity --output text \
    --query 'Activity.[ActivityId,AutoScalingGroupName,StatusCode,Description,Cause,StartTime]') || return 1
  # a tab in IFS is white space (empty fields would collapse): split on \037 instead
  IFS=$'\037' read -r id group status description cause start <<<"${activity//$tab/$'\037'}"
  [ -n "$id" ] && [ "$id" != None ] || { echo "no ActivityId"; return 1; }
  expect_eq "$group" "$GROUP" AutoScalingGroupName || return 1
  case $status in InProgress|Successful|PreInService|WaitingForInstanceId) ;; *) echo "StatusCode '$status'"; return 1 ;; esac
  [[ $description == *"$victim"* ]] || { echo "Description '$description' does not name $victim"; return 1; }
  [ -n "$cause" ] && [ "$cause" != None ] || { echo "no Cause"; return 1; }
  [[ $start =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T ]] || { echo "StartTime '$start'"; return 1; }
}

replaced() {
  [ -n "${victim:-}" ] || { echo "no instance was terminated"; return 1; }
  replacement() { instances | awk -F'\t' -v old="$victim" '
    NF { n++; all = all " " $1 "/" $2 "/" $3 "/" $4; if ($1 != old && ($3 == "Pending" || $3 == "InService")) ok = $2 }
    END { print (n == 1 && ok != "") ? "replaced on " ok : "instances" all }'; }
  wait_for replacement "replaced on hotel" "replacement for $victim on hotel" || return 1
  expect_eq "$(sizes | cut -f3)" 1 "DesiredCapacity after terminate without decrement"
}

protection() { # scale-in protection of the group's one VM, on and off, as both describes show it
  local vm shown
  vm=$(instances | cut -f1) || return 1
  [ -n "$vm" ] || { echo "no instance to protect"; return 1; }
  shown_protection() {
    echo "$(asg describe-auto-scaling-instances --instance-ids "$vm" --output text \
      --query 'AutoScalingInstances[0].ProtectedFromScaleIn') $(asg describe-auto-scaling-groups \
      --auto-scaling-group-names "$GROUP" --output text --query 'AutoScalingGroups[0].Instances[0].ProtectedFromScaleIn')"
  }
  expect_eq "$(shown_protection)" "False False" "ProtectedFromScaleIn before" || return 1
  asg set-instance-protection --auto-scaling-group-name "$GROUP" --instance-ids "$vm" --protected-from-scale-in || return 1
  expect_eq "$(shown_protection)" "True True" "ProtectedFromScaleIn after set-instance-protection" || return 1
  asg set-instance-protection --auto-scaling-group-name "$GROUP" --instance-ids "$vm" --no-protected-from-scale-in || return 1
  expect_eq "$(shown_protection)" "False False" "ProtectedFromScaleIn after --no-protected-from-scale-in" || return 1
  expect_eq "$(error_code asg set-instance-protection --auto-scaling-group-name "$GROUP" \
    --instance-ids i-00000000000000000 --protected-from-scale-in)" ValidationError "error code for an instance not in the group"
}

standby() { # the group's one VM into standby with the decrement and out again, as both describes show it
  local vm moved
  vm=$(instances | cut -f1) || return 1
  [ -n "$vm" ] || { echo "no instance to move"; return 1; }
  in_service() { instances | cut -f3; }
  wait_for in_service InService "the group's one VM InService" || return 1
  shown_state() {
    echo "$(asg describe-auto-scaling-instances --instance-ids "$vm" --output text \
      --query 'AutoScalingInstances[0].LifecycleState') $(sizes | cut -f3)"
  }
  moved=$(asg enter-standby --auto-scaling-group-name "$GROUP" --instance-ids "$vm" \
    --should-decrement-desired-capacity --output text --query 'Activities[0].Description') || return 1
  expect_eq "$moved" "Moving EC2 instance to Standby: $vm" "enter-standby activity" || return 1
  expect_eq "$(shown_state)" "Standby 0" "LifecycleState and DesiredCapacity in standby" || return 1
  expect_eq "$(error_code asg enter-standby --auto-scaling-group-name "$GROUP" --instance-ids "$vm" \
    --no-should-decrement-desired-capacity)" ValidationError "error code for a VM already in standby" || return 1
  moved=$(asg exit-standby --auto-scaling-group-name "$GROUP" --instance-ids "$vm" \
    --output text --query 'Activities[0].Description') || return 1
  expect_eq "$moved" "Moving EC2 instance out of Standby: $vm" "exit-standby activity" || return 1
  expect_eq "$(shown_state)" "InService 1" "LifecycleState and DesiredCapacity back in service" || return 1
  expect_eq "$(error_code asg exit-standby --auto-scaling-group-name "$GROUP" --instance-ids "$vm")" \
    ValidationError "error code for a VM not in standby"
}

termination_policies() {
  expect_eq "$(asg describe-auto-scaling-groups --auto-scaling-group-names "$GROUP" --output text \
    --query 'AutoScalingGroups[0].TerminationPolicies')" Default "termination policies at create" || return 1
  asg update-auto-scaling-group --auto-scaling-group-name "$GROUP" \
    --termination-policies OldestInstance NewestInstance || return 1
  expect_eq "$(asg describe-auto-scaling-groups --auto-scaling-group-names "$GROUP" --output text \
    --query 'AutoScalingGroups[0].TerminationPolicies')" "OldestInstance${tab}NewestInstance" "termination policies, in order" || return 1
  expect_eq "$(error_code asg update-auto-scaling-group --auto-scaling-group-name "$GROUP" \
    --termination-policies Oldest)" ValidationError "error code for an unknown termination policy"
}

activities() {
  [ -n "${victim:-}" ] || { echo "no instance was terminated"; return 1; }
  local list
  list=$(asg describe-scaling-activities --auto-scaling-group-name "$GROUP" --output text \
    --query 'Activities[].[ActivityId,AutoScalingGroupName,StatusCode,Description]') || return 1
  [ "$(grep -c . <<<"$list")" -ge 2 ] || { echo "fewer than 2 activities: $list"; return 1; }
  expect_eq "$(cut -f2 <<<"$list" | sort -u)" "$GROUP" "activity groups" || return 1
  grep -q -- "$victim" <<<"$list" || { echo "no activity names $victim"; return 1; }
}

tags() {
  local got
  got=$(asg describe-tags --filters "Name=auto-scaling-group,Values=$GROUP" --output text \
    --query "Tags[?Key=='n_preserve' || Key=='clouds'].[Key,Value,ResourceId,ResourceType]" | sort) || return 1
  expect_eq "$got" "clouds${tab}$CLOUDS${tab}$GROUP${tab}auto-scaling-group"$'\n'"n_preserve${tab}1${tab}$GROUP${tab}auto-scaling-group" "tags"
}

processes_and_metrics() { # SuspendProcesses/ResumeProcesses, Enable/DisableMetricsCollection on the group
  asg suspend-processes --auto-scaling-group-name "$GROUP" --scaling-processes HealthCheck Launch || return 1
  expect_eq "$(asg describe-auto-scaling-groups --auto-scaling-group-names "$GROUP" --output text \
    --query 'AutoScalingGroups[0].SuspendedProcesses[].ProcessName')" "Launch${tab}HealthCheck" "suspended processes" || return 1
  local reason
  reason=$(asg describe-auto-scaling-groups --auto-scaling-group-names "$GROUP" --output text \
    --query 'AutoScalingGroups[0].SuspendedProcesses[0].SuspensionReason') || return 1
  [[ $reason =~ ^User\ suspended\ at\ [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$ ]] || { echo "SuspensionReason '$reason'"; return 1; }
  expect_eq "$(error_code asg suspend-processes --auto-scaling-group-name "$GROUP" --scaling-processes Reboot)" \
    ValidationError "error code of an unknown process" || return 1
  asg resume-processes --auto-scaling-group-name "$GROUP" || return 1
  expect_eq "$(asg describe-auto-scaling-groups --auto-scaling-group-names "$GROUP" --output text \
    --query 'length(AutoScalingGroups[0].SuspendedProcesses)')" 0 "suspended processes after resume" || return 1
  asg disable-metrics-collection --auto-scaling-group-name "$GROUP" || return 1   # none enabled: fine, as AWS
  asg enable-metrics-collection --auto-scaling-group-name "$GROUP" --granularity 1Minute \
    --metrics GroupTotalInstances GroupDesiredCapacity || return 1
  expect_eq "$(asg describe-auto-scaling-groups --auto-scaling-group-names "$GROUP" --output text \
    --query 'AutoScalingGroups[0].EnabledMetrics[].[Metric,Granularity]' | paste -sd' ')" \
    "GroupDesiredCapacity${tab}1Minute GroupTotalInstances${tab}1Minute" "enabled metrics" || return 1
  asg disable-metrics-collection --auto-scaling-group-name "$GROUP" || return 1
  expect_eq "$(asg describe-auto-scaling-groups --auto-scaling-group-names "$GROUP" --output text \
    --query 'length(AutoScalingGroups[0].EnabledMetrics)')" 0 "enabled metrics after disable"
}

delete_group() {
  asg delete-auto-scaling-group --auto-scaling-group-name "$GROUP" --force-delete || return 1
  groups() { asg describe-auto-scaling-groups --auto-scaling-group-names "$GROUP" --output text --query 'length(AutoScalingGroups)'; }
  wait_for groups 0 "deletion of $GROUP"
}

delete_launch_configurations() {
  asg delete-launch-configuration --launch-configuration-name web@hotel || return 1
  asg delete-launch-configuration --launch-configuration-name web@sierra || return 1
  expect_eq "$(asg describe-launch-configurations --launch-configuration-names web@hotel web@sierra \
    --output text --query 'length(LaunchConfigurations)')" 0 "launch configurations left"
}

# same_bytes "$(COMMAND; echo x)" EXPECTED WHAT: the command's output (text output ends in a newline) is
# exactly EXPECTED, compared byte for byte so a CR read back as LF cannot hide.
same_bytes() {
  local got want
  got=$(printf '%s' "${1%x}" | od -An -tx1 | tr -d ' \n') want=$(printf '%s\n' "$2" | od -An -tx1 | tr -d ' \n')
  [ "$got" = "$want" ] && return 0
  echo "$3: expected bytes $want, got $got"; return 1
}

odd_text() {
  local lc="lc $ODD@hotel" name="g $ODD$LABEL" data=$'#!/bin/sh\r\n'"$ODD"
  asg create-launch-configuration --launch-configuration-name "$lc" --image-id ami-1 --instance-type m1.small \
    --user-data "$data" || return 1
  asg create-auto-scaling-group --auto-scaling-group-name "$name" --launch-configuration-name "$lc" --min-size 0 \
    --max-size 0 --tags '[{"Key": "k '"$ODD_JSON"'", "Value": "v '"$ODD_JSON"'"}]' || return 1
  same_bytes "$(asg describe-launch-configurations --launch-configuration-names "$lc" --output text \
    --query 'LaunchConfigurations[0].LaunchConfigurationName'; echo x)" "$lc" "launch configuration name" || return 1
  same_bytes "$(asg describe-launch-configurations --launch-configuration-names "$lc" --output text \
    --query 'LaunchConfigurations[0].UserData' | base64 -d; echo; echo x)" "$data" "user data" || return 1
  same_bytes "$(asg describe-auto-scaling-groups --auto-scaling-group-names "$name" --output text \
    --query 'AutoScalingGroups[0].AutoScalingGroupName'; echo x)" "$name" "group name" || return 1
  same_bytes "$(asg describe-auto-scaling-groups --auto-scaling-group-names "$name" --output text \
    --query 'AutoScalingGroups[0].LaunchConfigurationName'; echo x)" "$lc" "the group's launch configuration name" || return 1
  same_bytes "$(asg describe-auto-scaling-groups --auto-scaling-group-names "$name" --output text \
    --query 'AutoScalingGroups[0].Tags[0].Key'; echo x)" "k $ODD" "tag key" || return 1
  same_bytes "$(asg describe-auto-scaling-groups --auto-scaling-group-names "$name" --output text \
    --query 'AutoScalingGroups[0].Tags[0].Value'; echo x)" "v $ODD" "tag value" || return 1
  local described
  described=$(asg describe-auto-scaling-groups --auto-scaling-group-names "$name" --output text \
    --query 'AutoScalingGroups[0].AutoScalingGroupName'; echo x) || return 1
  described=${described%$'\n'x}
  asg delete-auto-scaling-group --auto-scaling-group-name "$described" --force-delete || return 1
  odd_groups() { asg describe-auto-scaling-groups --auto-scaling-group-names "$name" --output text --query 'length(AutoScalingGroups)'; }
  wait_for odd_groups 0 "deletion of the group" || return 1
  described=$(asg describe-launch-configurations --launch-configuration-names "$lc" --output text \
    --query 'LaunchConfigurations[0].LaunchConfigurationName'; echo x) || return 1
  asg delete-launch-configuration --launch-configuration-name "${described%$'\n'x}" || return 1
  expect_eq "$(asg describe-launch-configurations --launch-configuration-names "$lc" --output text \
    --query 'length(LaunchConfigurations)')" 0 "launch configuration deleted by its described name"
}

scaling_policies() { # PutScalingPolicy, ExecutePolicy, DescribePolicies, DeletePolicy on a group of its own
  local g="pol-$LABEL" arn
  asg create-launch-configuration --launch-configuration-name pol@hotel --image-id ami-1 --instance-type m1.small || return 1
  asg create-auto-scaling-group --auto-scaling-group-name "$g" --launch-configuration-name pol@hotel --min-size 0 \
    --max-size 3 --desired-capacity 0 || return 1
  arn=$(asg put-scaling-policy --auto-scaling-group-name "$g" --policy-name up --adjustment-type ChangeInCapacity \
    --scaling-adjustment 2 --output text --query PolicyARN) || return 1
  case "$arn" in arn:aws:autoscaling:*:scalingPolicy:*:autoScalingGroupName/"$g":policyName/up) ;;
    *) echo "PolicyARN: got '$arn'"; return 1 ;; esac
  asg put-scaling-policy --auto-scaling-group-name "$g" --policy-name steps --policy-type StepScaling \
    --adjustment-type ChangeInCapacity --step-adjustments MetricIntervalLowerBound=0,ScalingAdjustment=5 >/dev/null || return 1
  expect_eq "$(asg describe-policies --auto-scaling-group-name "$g" --output text \
    --query 'ScalingPolicies[].[PolicyName,PolicyType,AdjustmentType]')" \
    "steps${tab}StepScaling${tab}ChangeInCapacity"$'\n'"up${tab}SimpleScaling${tab}ChangeInCapacity" "policies" || return 1
  asg execute-policy --auto-scaling-group-name "$g" --policy-name up || return 1
  expect_eq "$(asg describe-auto-scaling-groups --auto-scaling-group-names "$g" --output text \
    --query 'AutoScalingGroups[0].DesiredCapacity')" 2 "desired capacity after 'up'" || return 1
  expect_eq "$(error_code asg execute-policy --auto-scaling-group-name "$g" --policy-name steps)" ValidationError \
    "a step policy without MetricValue" || return 1
  asg execute-policy --auto-scaling-group-name "$g" --policy-name steps --metric-value 75 --breach-threshold 50 || return 1
  expect_eq "$(asg describe-auto-scaling-groups --auto-scaling-group-names "$g" --output text \
    --query 'AutoScalingGroups[0].DesiredCapacity')" 3 "desired capacity after 'steps' (clamped to MaxSize)" || return 1
  expect_eq "$(error_code asg set-desired-capacity --auto-scaling-group-name "$g" --desired-capacity 1 --honor-cooldown)" \
    ScalingActivityInProgress "set-desired-capacity --honor-cooldown right after a scaling activity" || return 1
  expect_eq "$(error_code asg put-scaling-policy --auto-scaling-group-name "$g" --policy-name tt \
    --policy-type TargetTrackingScaling --target-tracking-configuration \
    '{"PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"}, "TargetValue": 50}')" \
    ValidationError "a target tracking policy" || return 1
  asg delete-policy --policy-name "$arn" || return 1
  asg delete-policy --auto-scaling-group-name "$g" --policy-name steps || return 1
  expect_eq "$(asg describe-policies --auto-scaling-group-name "$g" --output text --query 'length(ScalingPolicies)')" 0 \
    "policies left" || return 1
  asg delete-auto-scaling-group --auto-scaling-group-name "$g" --force-delete || return 1
  pol_groups() { asg describe-auto-scaling-groups --auto-scaling-group-names "$g" --output text --query 'length(AutoScalingGroups)'; }
  wait_for pol_groups 0 "deletion of $g" || return 1
  asg delete-launch-configuration --launch-configuration-name pol@hotel
}

bad_signature() {
  local key; key=$("$AWS" configure get aws_access_key_id --profile "$PROFILE") || return 1
  wrong() { AWS_ACCESS_KEY_ID=$key AWS_SECRET_ACCESS_KEY=not-the-secret "$AWS" --region us-east-1 \
    --endpoint-url "$ENDPOINT" ${PHANTOM_CA_BUNDLE:+--ca-bundle "$PHANTOM_CA_BUNDLE"} autoscaling describe-auto-scaling-groups; }
  expect_eq "$(error_code wrong)" SignatureDoesNotMatch "error code"
}

# Scheduled actions: put (one-time and recurring), a batch with a refused entry, describe, the run
# on time (the group's desired count and the activity's cause), delete and batch delete.
scheduled_actions() {
  local g=sched-$LABEL at
  asg create-launch-configuration --launch-configuration-name "sched-$LABEL@hotel" --image-id ami-1 \
    --instance-type m1.small || return 1
  asg create-auto-scaling-group --auto-scaling-group-name "$g" --launch-configuration-name "sched-$LABEL@hotel" \
    --min-size 0 --max-size 3 --desired-capacity 0 || return 1
  at=$(date -u -d '+12 seconds' +%Y-%m-%dT%H:%M:%SZ)
  asg put-scheduled-update-group-action --auto-scaling-group-name "$g" --scheduled-action-name up \
    --start-time "$at" --desired-capacity 1 || return 1
  asg put-scheduled-update-group-action --auto-scaling-group-name "$g" --scheduled-action-name nightly \
    --recurrence "0 3 * * *" --time-zone Europe/Paris --max-size 2 || return 1
  expect_eq "$(asg batch-put-scheduled-update-group-action --auto-scaling-group-name "$g" --scheduled-update-group-actions \
    '[{"ScheduledActionName": "later", "StartTime": "2099-01-01T00:00:00Z", "MinSize": 1},
      {"ScheduledActionName": "past", "StartTime": "2001-01-01T00:00:00Z", "MinSize": 1}]' --output text \
    --query 'FailedScheduledUpdateGroupActions[].[ScheduledActionName,ErrorCode,ErrorMessage]')" \
    "past${tab}ValidationError${tab}Given start time is in the past" "the batch's failed entry" || return 1
  expect_eq "$(asg describe-scheduled-actions --auto-scaling-group-name "$g" --output text \
    --query 'ScheduledUpdateGroupActions[].ScheduledActionName' | tr '\t' ' ')" "later nightly up" "described actions" || return 1
  expect_eq "$(asg describe-scheduled-actions --scheduled-action-names nightly --output text \
    --query 'ScheduledUpdateGroupActions[0].[Recurrence,TimeZone,MaxSize]')" "0 3 * * *${tab}Europe/Paris${tab}2" \
    "the recurring action" || return 1
  expect_eq "$(error_code asg put-scheduled-update-group-action --auto-scaling-group-name "$g" --scheduled-action-name bad \
    --recurrence "not cron" --min-size 1)" ValidationError "a bad recurrence's error" || return 1
  sched_desired() { asg describe-auto-scaling-groups --auto-scaling-group-names "$g" --output text \
    --query 'AutoScalingGroups[0].DesiredCapacity'; }
  wait_for sched_desired 1 "run of the scheduled action" || return 1
  asg describe-scaling-activities --auto-scaling-group-name "$g" --output text --query 'Activities[].Cause' \
    | grep -q "a scheduled action update of AutoScalingGroup constraints to min: 0, max: 3, desired: 1 changing the desired capacity from 0 to 1." \
    || { echo "no activity with the scheduled action's cause"; return 1; }
  expect_eq "$(asg describe-scheduled-actions --auto-scaling-group-name "$g" --output text \
    --query 'ScheduledUpdateGroupActions[].ScheduledActionName' | tr '\t' ' ')" "later nightly" "a one-time action goes after its run" || return 1
  asg delete-scheduled-action --auto-scaling-group-name "$g" --scheduled-action-name later || return 1
  expect_eq "$(asg batch-delete-scheduled-action --auto-scaling-group-name "$g" --scheduled-action-names nightly gone \
    --output text --query 'FailedScheduledActions[].[ScheduledActionName,ErrorCode]')" "gone${tab}ValidationError" \
    "the batch delete's failed name" || return 1
  expect_eq "$(asg describe-scheduled-actions --auto-scaling-group-name "$g" --output text \
    --query 'length(ScheduledUpdateGroupActions)')" 0 "no action left" || return 1
  asg delete-auto-scaling-group --auto-scaling-group-name "$g" --force-delete || return 1
  sched_groups() { asg describe-auto-scaling-groups --auto-scaling-group-names "$g" --output text --query 'length(AutoScalingGroups)'; }
  wait_for sched_groups 0 "deletion of the group" || return 1
  asg delete-launch-configuration --launch-configuration-name "sched-$LABEL@hotel"
}

check "create launch configurations web@hotel and web@sierra" create_launch_configurations
check "describe launch configurations: image, type, user data round-trip" describe_launch_configurations
check "unset key name, kernel and ramdisk come back empty, as AWS" unset_members_empty
check "duplicate launch configuration -> AlreadyExists" duplicate_launch_configuration
check "create group with the Phantom tags" create_group
check "describe group: sizes, launch configuration, tags" describe_group
check "3 instances: 2 on hotel, 1 on sierra, Healthy, Pending/InService" three_instances
check "describe auto scaling instances lists them with the group" describe_instances
check "set desired capacity 5 -> 2 on hotel, 3 on sierra" scale_to_5
check "set desired capacity 1 -> 1 on hotel" scale_to_1
check "terminate an instance without decrement -> activity" terminate
check "a replacement instance takes its place" replaced
check "set-instance-protection on and off, shown by both describes" protection
check "enter-standby and exit-standby, shown by the describes; wrong states -> ValidationError" standby
check "termination policies: Default, then as updated; an unknown one -> ValidationError" termination_policies
check "describe scaling activities" activities
check "describe tags: n_preserve = desired capacity" tags
check "suspend/resume processes, enable/disable metrics collection" processes_and_metrics
check "delete group (force) -> gone" delete_group
check "delete launch configurations -> gone" delete_launch_configurations
check "CR, CRLF, tab, non-BMP text round-trips in names, tags and user data" odd_text
check "wrong secret -> SignatureDoesNotMatch" bad_signature
check "describe-types actions answer AWS's values" describe_types
check "EC2 calls on the endpoint: zones, no security groups, others refused" ec2_calls
check "scaling policies: put, describe, execute (simple, step), cooldown, refusals, delete" scaling_policies
check "scheduled actions: put, batch, describe, run on time, delete" scheduled_actions
[ "$failed" -eq 0 ]
