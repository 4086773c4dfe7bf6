package org.supvisors.it.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.supvisors.it.process.ModelViews.allApplicationsInfo;
import static org.supvisors.it.process.ModelViews.allProcessInfo;
import static org.supvisors.it.process.ModelViews.applicationInfo;
import static org.supvisors.it.process.ModelViews.awaitOnEach;
import static org.supvisors.it.process.ModelViews.ctl;
import static org.supvisors.it.process.ModelViews.identifiers;
import static org.supvisors.it.process.ModelViews.process;
import static org.supvisors.it.process.ModelViews.runningOn;
import static org.supvisors.it.process.ModelViews.stoppedEverywhere;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.PythonCheck;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;
import org.supvisors.it.harness.SupervisordInstance;
import org.supvisors.it.harness.SupvisorsRpc;
import org.supvisors.it.harness.XmlRpc;

/**
 * The live process model of 3 instances A, B, C (supv-01..03): what one supervisord does is seen by every node.
 *
 * <p>Each test uses programs of its own and stops what it started, so the class shares one cluster. Programs are
 * not autostarted; the managed applications ({@code crash}, {@code dup}, {@code load}, in the rules file given to
 * every node) have application start_sequence 0, so that Supvisors itself never starts them either.
 */
class ProcessModelTest {

    static final String A = "supv-01";
    static final String B = "supv-02";
    static final String C = "supv-03";

    static final String PROGRAMS = """
            [program:solo]
            command=sleep 100000
            autostart=false
            startsecs=1
            stopwaitsecs=2

            [group:crash]
            programs=crash_major,crash_minor

            [program:crash_major]
            command=sleep 100000
            autostart=false
            autorestart=false
            startsecs=1
            stopwaitsecs=2

            [program:crash_minor]
            command=sleep 100000
            autostart=false
            autorestart=false
            startsecs=1
            stopwaitsecs=2

            [program:dup]
            command=sleep 100000
            autostart=false
            startsecs=1
            stopwaitsecs=2

            [group:load]
            programs=heavy,light

            [program:heavy]
            command=sleep 100000
            autostart=false
            startsecs=1
            stopwaitsecs=2

            [program:light]
            command=sleep 100000
            autostart=false
            startsecs=1
            stopwaitsecs=2

            [include]
            files = conf.d/*.conf
            """;

    /** Manual §2.2 grammar; unlisted groups (solo, extra) are unmanaged. */
    static final String RULES = """
            <?xml version="1.0" encoding="UTF-8"?>
            <root>
              <application name="crash">
                <programs>
                  <program name="crash_major">
                    <start_sequence>1</start_sequence>
                    <required>true</required>
                  </program>
                  <program name="crash_minor">
                    <start_sequence>1</start_sequence>
                    <required>false</required>
                  </program>
                </programs>
              </application>
              <application name="dup">
                <starting_strategy>CONFIG</starting_strategy>
              </application>
              <application name="load">
                <programs>
                  <program name="heavy">
                    <expected_loading>30</expected_loading>
                  </program>
                  <program name="light">
                    <expected_loading>5</expected_loading>
                  </program>
                </programs>
              </application>
            </root>
            """;

    static final String EXTRA_GROUP = """
            [group:extra]
            programs=extra_worker

            [program:extra_worker]
            command=sleep 100000
            process_name=%(program_name)s_%(process_num)d
            numprocs=2
            autostart=true
            startsecs=1
            stopwaitsecs=2
            """;

    private static final Path CHECK_SCRIPT = Path.of("src/test/python/check_process_status.py");

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(ClusterSpec.of(3)
            .option("rules_files", "rules.xml")
            .file("rules.xml", RULES)
            .section(PROGRAMS));

    private Cluster cluster;
    private List<String> all;

    @BeforeEach
    void operational() {
        cluster = CLUSTER.cluster();
        all = cluster.identifiers();
        cluster.awaitOperation(all, Waits.STARTUP);
        cluster.awaitRunning(all, all, Waits.STARTUP);
    }

    @Test
    void processStartedThroughSupervisorctlOnCIsSeenRunningOnAAndB() {
        ctl(cluster.instance(C), "start", "solo");

        Map<String, Map<String, Object>> seen = awaitOnEach("solo RUNNING on [" + C + "]", cluster, List.of(A, B),
                Waits.CHANGE, n -> process(n, "solo"), runningOn(C));
        seen.forEach((id, p) -> {
            assertEquals("solo", p.get("application_name"), id);
            assertEquals("solo", p.get("process_name"), id);
            assertEquals(20, p.get("statecode"), id);
            assertEquals(true, p.get("expected_exit"), id);
        });

        ctl(cluster.instance(C), "stop", "solo");
        awaitOnEach("solo STOPPED everywhere", cluster, all, Waits.CHANGE, n -> process(n, "solo"),
                stoppedEverywhere());
    }

    /** compat/behaviour.md §5.1 (EXITED with an unexpected exit) and §6.1 (application failures). */
    @Test
    void crashIsSeenAsUnexpectedExitAndFailsTheManagedApplication() {
        SupervisordInstance c = cluster.instance(C);
        ctl(c, "start", "crash:*");
        awaitOnEach("crash:* RUNNING on [" + C + "]", cluster, List.of(A), Waits.CHANGE,
                n -> List.of(process(n, "crash:crash_major"), process(n, "crash:crash_minor")),
                l -> l.stream().allMatch(runningOn(C)));
        Map<String, Object> app = awaitOnEach("crash RUNNING without failure", cluster, List.of(A), Waits.CHANGE,
                n -> applicationInfo(n, "crash"), application("RUNNING", false, false)).get(A);
        assertEquals(true, app.get("managed"));

        // Not required (start_sequence 1, required false): minor failure, the application keeps RUNNING.
        kill9(c, "crash:crash_minor");
        Map<String, Object> minor = awaitOnEach("crash:crash_minor crashed", cluster, List.of(A, B), Waits.CHANGE,
                n -> process(n, "crash:crash_minor"), crashed()).get(A);
        assertTrue(identifiers(minor).isEmpty(), minor.toString());
        awaitOnEach("crash RUNNING with a minor failure", cluster, List.of(A, B), Waits.CHANGE,
                n -> applicationInfo(n, "crash"), application("RUNNING", false, true));

        // Required: major failure; nothing runs any more, so the application is STOPPED with both failures.
        kill9(c, "crash:crash_major");
        awaitOnEach("crash:crash_major crashed", cluster, List.of(A, B), Waits.CHANGE,
                n -> process(n, "crash:crash_major"), crashed());
        awaitOnEach("crash STOPPED with major and minor failures", cluster, List.of(A, B), Waits.CHANGE,
                n -> applicationInfo(n, "crash"), application("STOPPED", true, true));
        // compat/xmlrpc.md §4.2: process_failure of the instance where the processes crashed.
        awaitOnEach(C + " process_failure", cluster, List.of(A, B), Waits.CHANGE,
                n -> n.instanceInfo(C).get("process_failure"), Boolean.TRUE::equals);

        // Started and stopped again: STOPPED with an expected exit, no failure any more.
        ctl(c, "start", "crash:*");
        awaitOnEach("crash RUNNING again", cluster, List.of(A), Waits.CHANGE,
                n -> applicationInfo(n, "crash"), application("RUNNING", false, false));
        ctl(c, "stop", "crash:*");
        awaitOnEach("crash STOPPED without failure", cluster, all, Waits.CHANGE,
                n -> applicationInfo(n, "crash"), application("STOPPED", false, false));
        awaitOnEach(C + " without process_failure", cluster, List.of(A, B), Waits.CHANGE,
                n -> n.instanceInfo(C).get("process_failure"), Boolean.FALSE::equals);
    }

    @Test
    void groupAddedBySupervisorctlUpdateOnBAppearsOnAAndCAndDisappearsWhenRemoved() throws Exception {
        SupervisordInstance b = cluster.instance(B);
        Path included = b.dir().resolve("conf.d").resolve("extra.conf");
        Files.createDirectories(included.getParent());
        Files.writeString(included, EXTRA_GROUP);
        try {
            ctl(b, "update");
            Set<String> expected = Set.of("extra:extra_worker_0", "extra:extra_worker_1");
            awaitOnEach("extra group RUNNING on [" + B + "] in get_all_process_info", cluster, List.of(A, C),
                    Waits.CHANGE, n -> allProcessInfo(n).stream().filter(p -> "extra".equals(p.get("application_name")))
                            .toList(),
                    l -> namespecs(l).equals(expected) && l.stream().allMatch(runningOn(B)));
            Map<String, Object> extra = awaitOnEach("extra in get_all_applications_info", cluster, List.of(A, C),
                    Waits.CHANGE, n -> allApplicationsInfo(n).stream()
                            .filter(a -> "extra".equals(a.get("application_name"))).findFirst().orElse(null),
                    a -> a != null).get(A);
            // No rule for it: unmanaged, hence always STOPPED without failure (compat/behaviour.md §6.1).
            assertEquals(false, extra.get("managed"), extra.toString());
            assertEquals("STOPPED", extra.get("statename"), extra.toString());
        } finally {
            Files.deleteIfExists(included);
            ctl(b, "update");
        }
        awaitOnEach("extra gone from get_all_process_info and get_all_applications_info", cluster, List.of(A, C),
                Waits.CHANGE,
                n -> allProcessInfo(n).stream().anyMatch(p -> "extra".equals(p.get("application_name")))
                        || allApplicationsInfo(n).stream().anyMatch(a -> "extra".equals(a.get("application_name"))),
                present -> !present);
        for (String id : List.of(A, C)) {
            XmlRpc.RpcFailure fault = assertThrows(XmlRpc.RpcFailure.class,
                    () -> applicationInfo(cluster.supvisors(id), "extra"), "get_application_info(extra) on " + id);
            assertEquals(10, fault.code(), fault.getMessage());
        }
    }

    /** A managed program running on 2 instances: a conflict on every node, CONCILIATION until it is solved. */
    @Test
    void managedProgramStartedTwiceIsAConflictAndLeadsToConciliation() {
        ctl(cluster.instance(A), "start", "dup");
        ctl(cluster.instance(B), "start", "dup");
        try {
            Map<String, List<Map<String, Object>>> seen = awaitOnEach("dup in get_conflicts", cluster, all,
                    Waits.CHANGE, ModelViews::conflicts,
                    l -> l.size() == 1 && "dup".equals(l.get(0).get("process_name"))
                            && Set.copyOf(identifiers(l.get(0))).equals(Set.of(A, B)));
            seen.forEach((id, l) -> assertEquals("dup", l.get(0).get("application_name"), id));
            awaitOnEach("CONCILIATION", cluster, all, Waits.CHANGE, SupvisorsRpc::fsmState, "CONCILIATION"::equals);

            ctl(cluster.instance(B), "stop", "dup");
            awaitOnEach("no conflict", cluster, all, Waits.CHANGE, ModelViews::conflicts, List::isEmpty);
            awaitOnEach("OPERATION", cluster, all, Waits.CHANGE, SupvisorsRpc::fsmState, "OPERATION"::equals);
            awaitOnEach("dup RUNNING on [" + A + "]", cluster, all, Waits.CHANGE, n -> process(n, "dup"),
                    runningOn(A));
        } finally {
            cluster.instance(B).supervisorctl("stop", "dup");
            cluster.instance(A).supervisorctl("stop", "dup");
        }
        awaitOnEach("dup STOPPED everywhere", cluster, all, Waits.CHANGE, n -> process(n, "dup"),
                stoppedEverywhere());
    }

    /** compat/xmlrpc.md §4.2: loading = sum of expected_loading of the processes running on the instance. */
    @Test
    void instanceLoadingFollowsExpectedLoadingOfRunningManagedProcesses() {
        for (String id : all) {
            Map<String, Object> rules = ModelViews.structs(
                    cluster.supvisors(id).rpc().invoke("supvisors.get_process_rules", "load:heavy")).get(0);
            assertEquals(30, rules.get("expected_loading"), "get_process_rules(load:heavy) on " + id);
        }
        Map<String, Object> before = awaitOnEach(C + " loading", cluster, all, Waits.CHANGE,
                n -> n.instanceInfo(C).get("loading"), v -> v instanceof Integer).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        int base = (Integer) before.get(A);
        assertEquals(Set.of(base), Set.copyOf(before.values()), "same loading of " + C + " on every node");

        SupervisordInstance c = cluster.instance(C);
        try {
            ctl(c, "start", "load:heavy");
            awaitLoading(base + 30);
            ctl(c, "start", "load:light");
            awaitLoading(base + 35);
            assertEquals(0, cluster.supvisors(A).instanceInfo(A).get("loading"), "nothing runs on " + A);
            ctl(c, "stop", "load:heavy");
            awaitLoading(base + 5);
        } finally {
            c.supervisorctl("stop", "load:*");
        }
        awaitLoading(base);
    }

    /** check_process_status.py: keys and types of every status result (§4.3-4.7), BAD_NAME texts, arity faults. */
    @Test
    void processStatusApiMatchesTheCompatSheetFromPython() throws Exception {
        assumeTrue(PythonCheck.available(), "python3 not found");
        List<String> args = new java.util.ArrayList<>(List.of("--identifiers", String.join(",", all),
                "--managed", "crash,dup,load", "--unmanaged", "solo"));
        all.forEach(id -> args.add(cluster.instance(id).nodeRpcUrl().toString()));
        PythonCheck.run(cluster, CHECK_SCRIPT, args);
    }

    private void awaitLoading(int expected) {
        awaitOnEach(C + " loading " + expected, cluster, all, Waits.CHANGE, n -> n.instanceInfo(C).get("loading"),
                v -> Integer.valueOf(expected).equals(v));
    }

    /** SIGKILL to the program's process, found with supervisor.getProcessInfo on its own supervisord. */
    private static void kill9(SupervisordInstance instance, String namespec) {
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) instance.supervisor()
                .invoke("supervisor.getProcessInfo", namespec);
        long pid = ((Number) info.get("pid")).longValue();
        assertTrue(pid > 0, namespec + " has no pid: " + info);
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        assertTrue(handle.destroyForcibly(), "SIGKILL to " + pid);
    }

    /** EXITED with an unexpected exit (or FATAL, per Supervisor), running nowhere. */
    static Predicate<Map<String, Object>> crashed() {
        return p -> Set.of("EXITED", "FATAL").contains(p.get("statename"))
                && Boolean.FALSE.equals(p.get("expected_exit")) && identifiers(p).isEmpty();
    }

    static Predicate<Map<String, Object>> application(String state, boolean major, boolean minor) {
        return a -> state.equals(a.get("statename")) && Boolean.valueOf(major).equals(a.get("major_failure"))
                && Boolean.valueOf(minor).equals(a.get("minor_failure"));
    }

    private static Set<String> namespecs(List<Map<String, Object>> processes) {
        return processes.stream().map(ModelViews::namespec).collect(Collectors.toCollection(TreeSet::new));
    }
}
