package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import phantom.core.model.User;

/**
 * Throws a large batch of generated malformed requests at a running server. Each request is a
 * valid one with exactly one thing broken (an encoding, a type, an index, a length, a character,
 * the action); all are signed, so they get past authentication. Every one must get an AWS-style
 * 4xx error, never a 500, and the stored state must be exactly as before.
 */
class MalformedRequestTest {
    static RunningPhantom phantom;
    static SignedHttp http;

    @BeforeAll
    static void start() throws Exception {
        phantom = RunningPhantom.start();
        User u = phantom.user("fuzz");
        http = new SignedHttp(phantom.endpoint(), u);
        var c = phantom.client(u);
        c.createLaunchConfiguration(r -> r.launchConfigurationName("base@hotel").imageId("ami").instanceType("t"));
        c.createAutoScalingGroup(r -> r.autoScalingGroupName("existing").launchConfigurationName("base@hotel")
                .minSize(0).maxSize(2).tags(t -> t.key("k").value("v")));
    }

    @AfterAll
    static void stop() throws Exception {
        phantom.close();
    }

    /** A valid request and which of its parameters are integers, booleans, list items and required names. */
    record Base(String action, Map<String, String> params, List<String> ints, List<String> bools, List<String> lists,
            List<String> names) {
    }

    static List<Base> bases(int i) {
        List<Base> b = new ArrayList<>();
        b.add(new Base("CreateLaunchConfiguration", ordered("LaunchConfigurationName", "fz-" + i, "ImageId", "ami-1",
                "InstanceType", "m1.small", "SecurityGroups.member.1", "default", "InstanceMonitoring.Enabled", "true",
                "BlockDeviceMappings.member.1.DeviceName", "/dev/sda1", "BlockDeviceMappings.member.1.Ebs.VolumeSize", "8"),
                List.of("BlockDeviceMappings.member.1.Ebs.VolumeSize"), List.of("InstanceMonitoring.Enabled"),
                List.of("SecurityGroups.member.1"), List.of("LaunchConfigurationName", "ImageId", "InstanceType")));
        b.add(new Base("CreateAutoScalingGroup", ordered("AutoScalingGroupName", "fzg-" + i, "LaunchConfigurationName",
                "base@hotel", "MinSize", "0", "MaxSize", "1", "DesiredCapacity", "0", "AvailabilityZones.member.1", "hotel",
                "Tags.member.1.Key", "k", "Tags.member.1.Value", "v", "NewInstancesProtectedFromScaleIn", "false"),
                List.of("MinSize", "MaxSize", "DesiredCapacity"), List.of("NewInstancesProtectedFromScaleIn"),
                List.of("AvailabilityZones.member.1", "Tags.member.1.Key"), List.of("AutoScalingGroupName")));
        b.add(new Base("SetDesiredCapacity", ordered("AutoScalingGroupName", "existing", "DesiredCapacity", "1",
                "HonorCooldown", "false"), List.of("DesiredCapacity"), List.of("HonorCooldown"), List.of(),
                List.of("AutoScalingGroupName")));
        b.add(new Base("CreateOrUpdateTags", ordered("Tags.member.1.ResourceId", "existing", "Tags.member.1.ResourceType",
                "auto-scaling-group", "Tags.member.1.Key", "fz" + i, "Tags.member.1.Value", "x",
                "Tags.member.1.PropagateAtLaunch", "true"), List.of(), List.of("Tags.member.1.PropagateAtLaunch"),
                List.of("Tags.member.1.Key"), List.of("Tags.member.1.Key")));
        b.add(new Base("DeleteTags", ordered("Tags.member.1.ResourceId", "existing", "Tags.member.1.ResourceType",
                "auto-scaling-group", "Tags.member.1.Key", "k"), List.of(), List.of(), List.of("Tags.member.1.Key"),
                List.of("Tags.member.1.Key")));
        b.add(new Base("DeleteAutoScalingGroup", ordered("AutoScalingGroupName", "existing", "ForceDelete", "true"),
                List.of(), List.of("ForceDelete"), List.of(), List.of("AutoScalingGroupName")));
        b.add(new Base("DeleteLaunchConfiguration", ordered("LaunchConfigurationName", "base@hotel"), List.of(), List.of(),
                List.of(), List.of("LaunchConfigurationName")));
        b.add(new Base("DescribeAutoScalingGroups", ordered("AutoScalingGroupNames.member.1", "existing", "MaxRecords", "10",
                "IncludeInstances", "true"), List.of("MaxRecords"), List.of("IncludeInstances"),
                List.of("AutoScalingGroupNames.member.1"), List.of()));
        b.add(new Base("DescribeTags", ordered("Filters.member.1.Name", "key", "Filters.member.1.Values.member.1", "k",
                "MaxRecords", "5"), List.of("MaxRecords"), List.of(), List.of("Filters.member.1.Values.member.1"),
                List.of("Filters.member.1.Name")));
        return b;
    }

    static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    enum Breakage { BAD_INT, BAD_BOOL, BAD_INDEX, CONTROL_CHAR, BAD_ESCAPE, BAD_UTF8, UNKNOWN_ACTION, MISSING_ACTION,
        WRONG_VERSION, TOO_LONG, MISSING_REQUIRED, DUPLICATE, NOT_A_LIST }

    /** Encodes the request with one breakage applied; returns null when the breakage does not apply to this base. */
    static String broken(Base base, Breakage k, Random rnd) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Action", base.action());
        p.put("Version", "2011-01-01");
        p.putAll(base.params());
        String rawSuffix = "";
        switch (k) {
            case BAD_INT -> {
                if (base.ints().isEmpty()) return null;
                p.put(pick(base.ints(), rnd), pick(List.of("abc", "1.5", "99999999999", "", " ", "0x10", "1e3", "--1"), rnd));
            }
            case BAD_BOOL -> {
                if (base.bools().isEmpty()) return null;
                p.put(pick(base.bools(), rnd), pick(List.of("yes", "1", "", "truee", "TRUE1", "null"), rnd));
            }
            case BAD_INDEX -> {
                if (base.lists().isEmpty()) return null;
                String item = pick(base.lists(), rnd);
                String bad = pick(List.of("0", "1001", "99999999999", "x", "-1", "", "００１"), rnd);
                String renamed = item.replaceFirst("\\.member\\.1", ".member." + bad);
                p = rename(p, item, renamed);
            }
            case CONTROL_CHAR -> {
                String key = pick(new ArrayList<>(p.keySet()), rnd);
                String bad = pick(List.of("\u0000", "\u0001", "\u001b", "\u007f\u0002", "\uFFFE", "\uFFFF", "\u0008"), rnd);
                if (rnd.nextBoolean()) p.put(key, p.get(key) + bad);
                else p = rename(p, key, key + bad);
            }
            case BAD_ESCAPE -> rawSuffix = pick(List.of("%", "%G1", "%1", "%%", "%zz"), rnd);
            case BAD_UTF8 -> rawSuffix = pick(List.of("%C3%28", "%FF", "%E2%82", "%ED%A0%80", "%C0%AF"), rnd);
            case UNKNOWN_ACTION -> p.put("Action", pick(List.of("Frobnicate", "describeautoscalinggroups", "", "RunInstances",
                    "A".repeat(300)), rnd));
            case MISSING_ACTION -> p.remove("Action");
            case WRONG_VERSION -> p.put("Version", pick(List.of("2009-05-15", "", "2011-01-02"), rnd));
            case TOO_LONG -> {
                if (base.names().isEmpty()) return null;
                String name = pick(base.names(), rnd);
                p.put(name, "n".repeat(256 + rnd.nextInt(2000)));
            }
            case MISSING_REQUIRED -> {
                if (base.names().isEmpty()) return null;
                p.remove(pick(base.names(), rnd));
            }
            case DUPLICATE -> rawSuffix = "&" + enc(pick(new ArrayList<>(p.keySet()), rnd)) + "=again";
            case NOT_A_LIST -> {
                List<String> topLevel = base.lists().stream().filter(l -> l.matches("[A-Za-z]+\\.member\\.1")).toList();
                if (topLevel.isEmpty()) return null;
                String item = pick(topLevel, rnd);
                String listName = item.substring(0, item.indexOf(".member."));
                p = rename(p, item, listName);
                p.put(listName, "not-a-list");
            }
        }
        StringBuilder b = new StringBuilder();
        p.forEach((n, v) -> {
            if (!b.isEmpty()) b.append('&');
            b.append(enc(n)).append('=').append(enc(v));
        });
        if (k == Breakage.BAD_ESCAPE || k == Breakage.BAD_UTF8) {
            b.append('&').append(enc(pick(new ArrayList<>(p.keySet()), rnd))).append("X=").append(rawSuffix);
        } else {
            b.append(rawSuffix);
        }
        return b.toString();
    }

    static Map<String, String> rename(Map<String, String> p, String from, String to) {
        Map<String, String> out = new LinkedHashMap<>();
        p.forEach((k, v) -> out.put(k.equals(from) ? to : k, v));
        return out;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static <T> T pick(List<T> list, Random rnd) {
        return list.get(rnd.nextInt(list.size()));
    }

    static String state() {
        return phantom.server.database().read(tx -> tx.launchConfigurations().list("fuzz") + "\n" + tx.groups().list("fuzz"));
    }

    @Test
    void every_malformed_request_gets_an_aws_4xx_error_and_changes_nothing() throws Exception {
        String before = state();
        Random rnd = new Random(20261124L);
        Map<Breakage, Integer> sent = new LinkedHashMap<>();
        int total = 0;
        for (int i = 0; total < 1500; i++) {
            List<Base> bases = bases(i);
            Base base = pick(bases, rnd);
            Breakage k = Breakage.values()[rnd.nextInt(Breakage.values().length)];
            String body = broken(base, k, rnd);
            if (body == null) continue;
            SignedHttp.Reply r = http.post(body.getBytes(StandardCharsets.UTF_8));
            String what = base.action() + " " + k + ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
            assertThat(r.status()).as(what + " -> " + r.body()).isBetween(400, 499);
            assertThat(r.errorCode()).as(what).isNotBlank();
            assertThat(r.requestIdHeader()).as(what).isNotBlank();
            assertThat(r.xml().getElementsByTagName("RequestId").item(0).getTextContent()).isEqualTo(r.requestIdHeader());
            sent.merge(k, 1, Integer::sum);
            total++;
        }
        assertThat(sent.keySet()).containsExactlyInAnyOrder(Breakage.values());
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void unknown_missing_and_wrong_version_actions_have_their_aws_codes() throws Exception {
        record Case(String body, String code) {
        }
        for (Case c : List.of(new Case("Action=Frobnicate&Version=2011-01-01", "InvalidAction"),
                new Case("Version=2011-01-01", "MissingAction"),
                new Case("Action=DescribeTags&Version=2009-05-15", "InvalidAction"),
                new Case("Action=DescribeTags", "MissingParameter"))) {
            SignedHttp.Reply r = http.post(c.body().getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).as(c.body()).isEqualTo(400);
            assertThat(r.errorCode()).as(c.body()).isEqualTo(c.code());
            assertThat(r.xml().getElementsByTagName("Type").item(0).getTextContent()).isEqualTo("Sender");
        }
    }

    @Test
    void an_oversized_body_is_413_with_an_aws_error() throws Exception {
        byte[] big = ("Action=DescribeTags&Version=2011-01-01&Pad=" + "x".repeat(1 << 20)).getBytes(StandardCharsets.UTF_8);
        SignedHttp.Reply r = http.post(big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorCode()).isEqualTo("RequestEntityTooLarge");
    }

    @Test
    void unsigned_and_wrongly_signed_requests_never_reach_an_action() throws Exception {
        SignedHttp.Reply unsigned = http.unsigned("Action=DeleteAutoScalingGroup&Version=2011-01-01&AutoScalingGroupName=existing");
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(unsigned.errorCode()).isEqualTo("MissingAuthenticationToken");
        User stranger = new User("nobody", "AKPHNOBODY0000000000", "secret", null);
        SignedHttp.Reply unknown = new SignedHttp(phantom.endpoint(), stranger)
                .post("Action=DeleteAutoScalingGroup&Version=2011-01-01&AutoScalingGroupName=existing".getBytes(StandardCharsets.UTF_8));
        assertThat(unknown.status()).isEqualTo(403);
        assertThat(unknown.errorCode()).isEqualTo("InvalidClientTokenId");
        String fuzzKey = phantom.server.database().read(tx -> tx.users().byName("fuzz")).orElseThrow().accessKeyId();
        User fuzz = phantom.server.users().byAccessKey(fuzzKey).orElseThrow();
        User wrongSecret = new User("fuzz", fuzz.accessKeyId(), fuzz.secretAccessKey() + "x", null);
        SignedHttp.Reply bad = new SignedHttp(phantom.endpoint(), wrongSecret)
                .post("Action=DeleteAutoScalingGroup&Version=2011-01-01&AutoScalingGroupName=existing".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.status()).isEqualTo(403);
        assertThat(bad.errorCode()).isEqualTo("SignatureDoesNotMatch");
        boolean stillThere = phantom.server.database().read(tx -> tx.groups().get("fuzz", "existing").isPresent());
        assertThat(stillThere).isTrue();
    }
}
