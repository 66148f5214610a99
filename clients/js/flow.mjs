// The typical Phantom flow (README.md, "A first session") through the AWS SDK for JavaScript v3. Run by clients/run with
// the settings of ../flowcheck.py in the environment (PHANTOM_ENDPOINT, PHANTOM_PROFILE, PHANTOM_LABEL,
// PHANTOM_WAIT); for HTTPS, clients/run sets NODE_EXTRA_CA_CERTS to the server's certificate.
// One line per check: "PASS <label>: <check>" or "FAIL <label>: <check>: <why>".
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
  DeleteAutoScalingGroupCommand,
  DeleteLaunchConfigurationCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
  DescribeLaunchConfigurationsCommand,
  DescribeScalingActivitiesCommand,
  DescribeTagsCommand,
  SetDesiredCapacityCommand,
  TerminateInstanceInAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';

const endpoint = process.env.PHANTOM_ENDPOINT ?? 'http://127.0.0.1:8445';
const profile = process.env.PHANTOM_PROFILE ?? 'default';
const label = process.env.PHANTOM_LABEL ?? 'js';
const waitSeconds = Number(process.env.PHANTOM_WAIT ?? 30);
const GROUP = `web-${label}`;
const USER_DATA = "#!/bin/sh\necho 'hello from phantom' > /tmp/hello\n";
const CLOUDS = 'hotel:2,sierra:-1';
const LIVE = ['Pending', 'InService'];
// CR, CRLF, a tab and a character outside the BMP: must come back byte for byte (as ../flowcheck.py ODD)
const ODD = 'cr\r crlf\r\n tab\t rocket \u{1F680}';

// --- the README snippet ---
const asg = new AutoScalingClient({ endpoint, region: 'us-east-1', profile });
// ---

let passed = 0;
let failed = 0;

class Mismatch extends Error {}

function expect(condition, message) {
  if (!condition) throw new Mismatch(message);
}

function expectEq(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Mismatch(`${what}: expected ${e}, got ${a}`);
}

async function check(name, fn) {
  try {
    const result = await fn();
    passed++;
    console.log(`PASS ${label}: ${name}`);
    return result;
  } catch (e) {
    failed++;
    const why = e instanceof Mismatch ? e.message : `${e.name}: ${e.message}`;
    console.log(`FAIL ${label}: ${name}: ${why.replace(/\s+/g, ' ')}`);
    return undefined;
  }
}

async function waitUntil(observe, done, what, show = JSON.stringify) {
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const value = await observe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Mismatch(`no ${what} within ${waitSeconds} s; last seen: ${show(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The error code and HTTP status the call fails with. */
async function errorOf(call) {
  try {
    await call();
  } catch (e) {
    return [e.name, e.$metadata?.httpStatusCode];
  }
  throw new Mismatch('the call succeeded');
}

const bySite = (instances) =>
  instances.reduce((m, i) => ({ ...m, [i.AvailabilityZone]: (m[i.AvailabilityZone] ?? 0) + 1 }), {});
const sameSites = (a, b) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

async function group() {
  const { AutoScalingGroups } = await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [GROUP] }));
  expectEq(AutoScalingGroups.length, 1, `groups named ${GROUP}`);
  return AutoScalingGroups[0];
}

const instances = async () => (await group()).Instances ?? [];
const show = (list) => list.map((i) => `${i.InstanceId}/${i.AvailabilityZone}/${i.LifecycleState}/${i.HealthStatus}`).join(' ') || 'none';
const waitFor = (sites) => waitUntil(instances, (i) => sameSites(bySite(i), sites), `instances ${JSON.stringify(sites)}`, show);

async function scaleTo(n, sites) {
  await asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: GROUP, DesiredCapacity: n }));
  const g = await group();
  expectEq(g.DesiredCapacity, n, 'DesiredCapacity');
  expect(g.MinSize <= n && n <= g.MaxSize, `min ${g.MinSize} <= ${n} <= max ${g.MaxSize}`);
  return waitFor(sites);
}

await check('create launch configurations web@hotel and web@sierra', async () => {
  for (const site of ['hotel', 'sierra']) {
    await asg.send(new CreateLaunchConfigurationCommand({
      LaunchConfigurationName: `web@${site}`, ImageId: 'ami-1', InstanceType: 'm1.small',
      UserData: Buffer.from(USER_DATA).toString('base64'), // JS v3 sends UserData as given: base64 it
    }));
  }
});

await check('describe launch configurations: image, type, user data round-trip', async () => {
  const { LaunchConfigurations: lcs } = await asg.send(new DescribeLaunchConfigurationsCommand({
    LaunchConfigurationNames: ['web@hotel', 'web@sierra'] }));
  expectEq(lcs.map((lc) => lc.LaunchConfigurationName).sort(), ['web@hotel', 'web@sierra'], 'names');
  for (const lc of lcs) {
    expectEq([lc.ImageId, lc.InstanceType], ['ami-1', 'm1.small'], 'image and type');
    expectEq(Buffer.from(lc.UserData, 'base64').toString(), USER_DATA, 'user data');
    expect(lc.CreatedTime instanceof Date && !isNaN(lc.CreatedTime), `CreatedTime is a Date: ${lc.CreatedTime}`);
  }
});

await check('duplicate launch configuration -> AlreadyExists (400)', async () => {
  let error;
  try {
    await asg.send(new CreateLaunchConfigurationCommand({ LaunchConfigurationName: 'web@hotel', ImageId: 'ami-1', InstanceType: 'm1.small' }));
  } catch (e) {
    error = e;
  }
  expect(error, 'the duplicate was accepted');
  expectEq([error.name, error.Code, error.$metadata.httpStatusCode], ['AlreadyExistsFault', 'AlreadyExists', 400], 'error');
});

await check('create group with the Phantom tags', () => asg.send(new CreateAutoScalingGroupCommand({
  AutoScalingGroupName: GROUP, LaunchConfigurationName: 'web', MinSize: 3, MaxSize: 3,
  Tags: [
    { Key: 'PHANTOM_DEFINITION', Value: 'error_overflow_n_preserving' },
    { Key: 'clouds', Value: CLOUDS },
    { Key: 'n_preserve', Value: '3' },
  ],
})));

await check('describe group: sizes, launch configuration, tags', async () => {
  const g = await group();
  expectEq([g.MinSize, g.MaxSize, g.DesiredCapacity], [3, 3, 3], 'min, max, desired');
  expectEq(g.LaunchConfigurationName.split('@')[0], 'web', 'launch configuration family');
  const tags = Object.fromEntries(g.Tags.map((t) => [t.Key, t.Value]));
  expectEq([tags.PHANTOM_DEFINITION, tags.clouds, tags.n_preserve], ['error_overflow_n_preserving', CLOUDS, '3'], 'tags');
});

const found = await check('3 instances: 2 on hotel, 1 on sierra, Healthy, Pending/InService', async () => {
  const list = await waitFor({ hotel: 2, sierra: 1 });
  const ids = list.map((i) => i.InstanceId);
  expect(ids.every(Boolean) && new Set(ids).size === 3, `three distinct instance ids: ${ids}`);
  for (const i of list) {
    expect(LIVE.includes(i.LifecycleState), `LifecycleState ${i.LifecycleState}`);
    expectEq(i.HealthStatus, 'Healthy', 'HealthStatus');
  }
  return list;
}) ?? [];

await check('describe auto scaling instances lists them with the group', async () => {
  expect(found.length, 'no instances to look for');
  const { AutoScalingInstances } = await asg.send(new DescribeAutoScalingInstancesCommand({}));
  const listed = new Map(AutoScalingInstances.map((i) => [i.InstanceId, i]));
  for (const i of found) {
    const row = listed.get(i.InstanceId);
    expect(row, `instance ${i.InstanceId} listed`);
    expectEq([row.AutoScalingGroupName, row.AvailabilityZone], [GROUP, i.AvailabilityZone], `group and site of ${i.InstanceId}`);
    expectEq(row.HealthStatus, 'HEALTHY', 'HealthStatus (upper case here, as AWS)');
  }
});

await check('set desired capacity 5 -> 2 on hotel, 3 on sierra', () => scaleTo(5, { hotel: 2, sierra: 3 }));
const last = await check('set desired capacity 1 -> 1 on hotel', () => scaleTo(1, { hotel: 1 }));
const victim = last?.[0]?.InstanceId;

await check('terminate an instance without decrement -> activity', async () => {
  expect(victim, 'no instance to terminate');
  const { Activity: a } = await asg.send(new TerminateInstanceInAutoScalingGroupCommand({
    InstanceId: victim, ShouldDecrementDesiredCapacity: false }));
  expect(a.ActivityId, 'ActivityId');
  expectEq(a.AutoScalingGroupName, GROUP, 'AutoScalingGroupName');
  expect((a.Description ?? '').includes(victim), `Description ${a.Description} names ${victim}`);
  expect(a.Cause, 'Cause');
  expect(a.StartTime instanceof Date && !isNaN(a.StartTime), `StartTime is a Date: ${a.StartTime}`);
  expect(['InProgress', 'Successful', 'PreInService', 'WaitingForInstanceId'].includes(a.StatusCode), `StatusCode ${a.StatusCode}`);
});

await check('a replacement instance takes its place', async () => {
  expect(victim, 'no instance was terminated');
  const list = await waitUntil(instances, (i) => i.length === 1 && i[0].InstanceId !== victim && LIVE.includes(i[0].LifecycleState),
    `replacement for ${victim}`, show);
  expectEq(list[0].AvailabilityZone, 'hotel', 'site of the replacement');
  expectEq((await group()).DesiredCapacity, 1, 'DesiredCapacity after terminate without decrement');
});

await check('describe scaling activities', async () => {
  expect(victim, 'no instance was terminated');
  const { Activities: acts } = await asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: GROUP }));
  expect(acts.length >= 2, `at least 2 activities, got ${acts.length}`);
  for (const a of acts) {
    expectEq(a.AutoScalingGroupName, GROUP, 'activity group');
    expect(a.ActivityId && a.Cause && a.StatusCode, `activity fields ${JSON.stringify(a)}`);
  }
  expect(acts.some((a) => (a.Description ?? '').includes(victim)), `an activity names ${victim}`);
});

await check('describe tags: n_preserve = desired capacity', async () => {
  const { Tags } = await asg.send(new DescribeTagsCommand({ Filters: [{ Name: 'auto-scaling-group', Values: [GROUP] }] }));
  const values = Object.fromEntries(Tags.map((t) => [t.Key, t.Value]));
  expectEq([values.n_preserve, values.clouds], ['1', CLOUDS], 'n_preserve and clouds');
  expect(Tags.every((t) => t.ResourceId === GROUP && t.ResourceType === 'auto-scaling-group'), 'resource');
});

await check('delete group (force) -> gone', async () => {
  await asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: GROUP, ForceDelete: true }));
  await waitUntil(async () => (await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [GROUP] }))).AutoScalingGroups,
    (g) => g.length === 0, `deletion of ${GROUP}`);
});

await check('delete launch configurations -> gone', async () => {
  for (const name of ['web@hotel', 'web@sierra']) {
    await asg.send(new DeleteLaunchConfigurationCommand({ LaunchConfigurationName: name }));
  }
  const { LaunchConfigurations } = await asg.send(new DescribeLaunchConfigurationsCommand({
    LaunchConfigurationNames: ['web@hotel', 'web@sierra'] }));
  expectEq(LaunchConfigurations, [], 'launch configurations left');
});

await check('CR, CRLF, tab, non-BMP text round-trips in names, tags and user data', async () => {
  const lcName = `lc ${ODD}@hotel`;
  const name = `g ${ODD}${label}`;
  const key = `k ${ODD}`;
  const value = `v ${ODD}`;
  const data = `#!/bin/sh\r\n${ODD}`; // sent as given (not base64), so the XML carries the CRs
  await asg.send(new CreateLaunchConfigurationCommand({ LaunchConfigurationName: lcName, ImageId: 'ami-1', InstanceType: 'm1.small', UserData: data }));
  await asg.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, LaunchConfigurationName: lcName, MinSize: 0, MaxSize: 0, Tags: [{ Key: key, Value: value }] }));
  const { LaunchConfigurations: [lc] } = await asg.send(new DescribeLaunchConfigurationsCommand({ LaunchConfigurationNames: [lcName] }));
  expectEq(lc.LaunchConfigurationName, lcName, 'launch configuration name');
  expectEq(lc.UserData, data, 'user data');
  const { AutoScalingGroups: [g] } = await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
  expectEq(g.AutoScalingGroupName, name, 'group name');
  expectEq(g.LaunchConfigurationName, lcName, "the group's launch configuration name");
  expectEq(g.Tags.filter((t) => t.Key === key).map((t) => [t.Key, t.Value]), [[key, value]], 'tag');
  await asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: g.AutoScalingGroupName, ForceDelete: true }));
  await waitUntil(async () => (await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups,
    (x) => x.length === 0, 'deletion of the group');
  await asg.send(new DeleteLaunchConfigurationCommand({ LaunchConfigurationName: lc.LaunchConfigurationName }));
  const left = await asg.send(new DescribeLaunchConfigurationsCommand({ LaunchConfigurationNames: [lcName] }));
  expectEq(left.LaunchConfigurations, [], 'launch configuration deleted by its described name');
});

await check('wrong secret -> SignatureDoesNotMatch (403)', async () => {
  const { accessKeyId } = await asg.config.credentials();
  const wrong = new AutoScalingClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey: 'not-the-secret' } });
  expectEq(await errorOf(() => wrong.send(new DescribeAutoScalingGroupsCommand({}))), ['SignatureDoesNotMatch', 403], 'error');
});

process.exitCode = failed ? 1 : 0;
