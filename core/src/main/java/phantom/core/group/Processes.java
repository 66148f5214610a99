package phantom.core.group;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import phantom.core.model.Group;
import phantom.core.model.ScalingProcess;
import phantom.core.model.SuspendedProcess;

/**
 * The suspended processes of a group (SuspendProcesses, ResumeProcesses): which ones a request
 * names, what suspending and resuming them makes of the group, and {@link #suspended}, the one
 * question every feature asks before it acts (the engine for Launch, Terminate, HealthCheck and
 * ReplaceUnhealthy; scaling policies for AlarmNotification; scheduled actions for
 * ScheduledActions; instance refreshes for InstanceRefresh). Pure.
 */
public final class Processes {
    private static final DateTimeFormatter REASON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Processes() {
    }

    /** Whether {@code process} is suspended for the group: the one place to ask. */
    public static boolean suspended(Group g, ScalingProcess process) {
        for (SuspendedProcess s : g.suspendedProcesses()) {
            if (s.process() == process) return true;
        }
        return false;
    }

    /**
     * The processes a request names: every process when it names none (AWS: "If you omit this
     * property, all processes are specified"), else those named, each once.
     *
     * @throws Refusal ValidationError naming the first name that is not a process
     */
    public static Set<ScalingProcess> named(List<String> names) {
        if (names == null || names.isEmpty()) return EnumSet.allOf(ScalingProcess.class);
        Set<ScalingProcess> out = EnumSet.noneOf(ScalingProcess.class);
        for (String n : names) out.add(ScalingProcess.of(n).orElseThrow(() -> unknown(n)));
        return out;
    }

    /** The refusal of a name that is not a process. */
    static Refusal unknown(String name) {
        return Refusal.validation("Process " + name + " is not a valid scaling process. Valid processes are: "
                + Arrays.stream(ScalingProcess.values()).map(ScalingProcess::aws).collect(Collectors.joining(", ")));
    }

    /** The reason AWS shows for a process the user suspended: {@code User suspended at 2026-12-02T15:44:32Z}. */
    public static String userReason(Instant now) {
        return "User suspended at " + REASON_TIME.format(now.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The group with {@code processes} suspended too; one already suspended keeps its reason. */
    public static Group suspend(Group g, Set<ScalingProcess> processes, Instant now) {
        Map<ScalingProcess, SuspendedProcess> by = byProcess(g);
        for (ScalingProcess p : processes) by.putIfAbsent(p, new SuspendedProcess(p, userReason(now)));
        return g.toBuilder().suspendedProcesses(new ArrayList<>(by.values())).build();
    }

    /** The group with {@code processes} resumed; resuming one that is not suspended changes nothing. */
    public static Group resume(Group g, Set<ScalingProcess> processes) {
        Map<ScalingProcess, SuspendedProcess> by = byProcess(g);
        by.keySet().removeAll(processes);
        return g.toBuilder().suspendedProcesses(new ArrayList<>(by.values())).build();
    }

    /** Whether a change of the suspensions changes what the engine does (it then needs a pass). */
    public static boolean engineSees(Group before, Group after) {
        for (ScalingProcess p : ENGINE) {
            if (suspended(before, p) != suspended(after, p)) return true;
        }
        return false;
    }

    /** The processes Phantom's engine honours. */
    public static final Set<ScalingProcess> ENGINE = EnumSet.of(ScalingProcess.LAUNCH, ScalingProcess.TERMINATE,
            ScalingProcess.HEALTH_CHECK, ScalingProcess.REPLACE_UNHEALTHY);

    private static Map<ScalingProcess, SuspendedProcess> byProcess(Group g) {
        Map<ScalingProcess, SuspendedProcess> by = new EnumMap<>(ScalingProcess.class);
        for (SuspendedProcess s : g.suspendedProcesses()) by.put(s.process(), s);
        return by;
    }
}
