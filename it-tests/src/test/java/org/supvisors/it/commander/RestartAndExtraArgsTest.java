package org.supvisors.it.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.it.commander.Programs.group;
import static org.supvisors.it.commander.Programs.program;
import static org.supvisors.it.commander.Views.application;
import static org.supvisors.it.commander.Views.awaitOnEach;
import static org.supvisors.it.commander.Views.process;
import static org.supvisors.it.commander.Views.runningNowhere;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;

/**
 * restart_application and restart_process (compat/xmlrpc.md §5.3-5.4): new processes, only the ones targeted; and
 * the extra arguments of start_process/restart_process reaching the program's command line (manual §8.3). Programs
 * go through the distribution's launcher {@code supvisors-launch}, which runs the program's command followed by
 * the extra arguments; the test program writes its arguments to a file the test reads.
 *
 * <p>Each test uses programs of its own, so the class shares one cluster of 2 instances.
 */
class RestartAndExtraArgsTest {

    static final Path SHARED = Programs.sharedDir("restart");
    /** The launcher of the distribution the nodes run from (system property it.node.dist as for the nodes). */
    static final Path LAUNCHER = Path.of(System.getProperty("it.node.dist", "../cluster-node/target/dist"), "bin",
            "supvisors-launch").toAbsolutePath().normalize();

    static final String RULES = """
            <?xml version="1.0" encoding="UTF-8"?>
            <root>
              <application name="restartable">
                <programs>
                  <program name="r_one">
                    <start_sequence>1</start_sequence>
                    <required>true</required>
                  </program>
                  <program name="r_two">
                    <start_sequence>2</start_sequence>
                    <required>true</required>
                  </program>
                </programs>
              </application>
              <application name="echoargs">
                <programs>
                  <program name="echoargs">
                    <identifiers>supv-02</identifiers>
                  </program>
                </programs>
              </application>
            </root>
            """;

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(Programs.install(ClusterSpec.of(2), SHARED)
            .option("rules_files", "rules.xml")
            .file("rules.xml", RULES)
            .section(program("r_one", "run").toString())
            .section(program("r_two", "run").toString())
            .section(group("restartable", "r_one", "r_two"))
            .section(program("echoargs", "args", "echoargs.out").through(LAUNCHER.toString()).toString()));

    private final Journal journal = new Journal(SHARED);
    private Cluster cluster;
    private List<String> all;

    @BeforeEach
    void operational() {
        cluster = CLUSTER.cluster();
        all = cluster.identifiers();
        cluster.awaitOperation(all, Limits.STARTUP);
        cluster.awaitRunning(all, all, Limits.STARTUP);
        awaitOnEach("the programs known", cluster, all, Limits.CHANGE,
                n -> Views.processes(n, "restartable:*").size() + Views.processes(n, "echoargs").size(),
                Integer.valueOf(3)::equals);
    }

    /** restart_application: every process stopped then started again (new pids), the application RUNNING. */
    @Test
    void restartApplicationRestartsEveryProcess() {
        Map<String, Long> before = runningRestartable();

        assertTrue(Commands.on(cluster, "supv-02").restartApplication("CONFIG", "restartable", true),
                "restart_application(CONFIG, restartable, True)");

        Map<String, Long> after = runningRestartable();
        before.forEach((ns, pid) -> assertNotEquals(pid, after.get(ns), ns + " was not restarted"));
        assertTrue(journal.last("start", "r_one").orElseThrow() > journal.last("term", "r_two").orElseThrow(),
                "the start comes after the whole stop: " + journal);
        awaitOnEach("restartable RUNNING without failure", cluster, all, Limits.CHANGE,
                n -> application(n, "restartable"), application("RUNNING", false, false));
    }

    /** restart_process: that process gets a new pid, the other keeps its own. */
    @Test
    void restartProcessRestartsOnlyThatProcess() {
        Map<String, Long> before = runningRestartable();

        assertTrue(Commands.on(cluster, "supv-01").restartProcess("CONFIG", "restartable:r_one", "", true),
                "restart_process(CONFIG, restartable:r_one, '', True)");

        Map<String, Long> after = runningRestartable();
        assertNotEquals(before.get("restartable:r_one"), after.get("restartable:r_one"), "r_one not restarted");
        assertEquals(before.get("restartable:r_two"), after.get("restartable:r_two"), "r_two was restarted");
    }

    /** Extra arguments of start_process and restart_process reach the program, and show in extra_args. */
    @Test
    void extraArgumentsReachTheProgramCommandLine() throws IOException {
        assertTrue(Files.isExecutable(LAUNCHER), "the distribution has no launcher " + LAUNCHER);
        Path out = SHARED.resolve("echoargs.out");
        Files.deleteIfExists(out);

        assertTrue(Commands.on(cluster, "supv-01").startProcess("CONFIG", "echoargs", "--alpha 42 two", true),
                "start_process(CONFIG, echoargs, '--alpha 42 two', True)");
        assertEquals(List.of("--alpha", "42", "two"), awaitLines(out), "arguments received by the program");
        awaitOnEach("echoargs RUNNING with its extra_args", cluster, all, Limits.CHANGE,
                n -> process(n, "echoargs"), p -> Views.runningOn("supv-02").test(p)
                        && "--alpha 42 two".equals(p.get("extra_args")));

        Files.deleteIfExists(out);
        assertTrue(Commands.on(cluster, "supv-02").restartProcess("CONFIG", "echoargs", "again", true),
                "restart_process(CONFIG, echoargs, 'again', True)");
        assertEquals(List.of("again"), awaitLines(out), "arguments received by the restarted program");
        awaitOnEach("echoargs extra_args 'again'", cluster, all, Limits.CHANGE, n -> process(n, "echoargs"),
                p -> "again".equals(p.get("extra_args")));

        assertTrue(Commands.on(cluster, "supv-01").stopProcess("echoargs", true), "stop_process(echoargs)");
        awaitOnEach("echoargs stopped", cluster, all, Limits.CHANGE, n -> process(n, "echoargs"), runningNowhere());
    }

    /** restartable started if needed; namespec -> pid of its two processes, both RUNNING. */
    private Map<String, Long> runningRestartable() {
        if (!"RUNNING".equals(application(cluster.supvisors("supv-01"), "restartable").get("statename"))) {
            assertTrue(Commands.on(cluster, "supv-01").startApplication("CONFIG", "restartable", true),
                    "start_application(CONFIG, restartable, True)");
        }
        awaitOnEach("r_one and r_two RUNNING", cluster, all, Limits.CHANGE,
                n -> List.of(process(n, "restartable:r_one"), process(n, "restartable:r_two")),
                l -> l.stream().allMatch(p -> "RUNNING".equals(Views.state(p)) && Views.identifiers(p).size() == 1));
        return Map.of("restartable:r_one", Views.pid(cluster, "supv-01", "restartable:r_one"),
                "restartable:r_two", Views.pid(cluster, "supv-01", "restartable:r_two"));
    }

    private static List<String> awaitLines(Path file) {
        return Await.until(file.getFileName() + " written", Limits.CHANGE, () -> {
            try {
                return Files.exists(file) ? Files.readAllLines(file) : null;
            } catch (IOException e) {
                return null;
            }
        }, lines -> lines != null);
    }
}
