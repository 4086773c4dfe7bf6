package org.supvisors.it.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.it.commander.Programs.program;
import static org.supvisors.it.commander.Views.application;
import static org.supvisors.it.commander.Views.awaitOnEach;
import static org.supvisors.it.commander.Views.exitedAsExpected;
import static org.supvisors.it.commander.Views.process;
import static org.supvisors.it.commander.Views.runningNowhere;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;

/**
 * With the default journal (an H2 file per node), the Master's node killed (kill -9 of its supervisord, node and
 * programs) while it starts an application for a caller waiting with {@code start_application(..., True)} on another
 * node: the next Master, elected on a survivor, takes the job over from the cluster's replicas, finishes it in
 * sequence and answers the caller True. Then the killed node comes back with the job still in its own journal, and
 * {@code supvisors.restart()} (every node restarts, and the lost Master's node may be Master again): that stale job
 * must not stop the deployment that follows, which starts the application again.
 *
 * <p>Stage 1 is a {@code wait_exit} program that exits when the test opens a gate (a file), so the job is certainly
 * in progress when the Master dies; the gate is opened once a new Master is known.
 */
class MasterLossDuringRequestTest {

    static final Path SHARED = Programs.sharedDir("master-loss-request");
    static final Path GATE = SHARED.resolve("gate-open");
    static final Set<String> WORKERS = Set.of("supv-02", "supv-03");

    /**
     * A resume window longer than the test, so that the job left in the lost Master's journal is always young enough
     * to be resumed by the window alone: only the rule for per-node journals drops it after restart().
     */
    static final String WINDOW = "600s";

    /** The node launcher's default JVM options, which SUPVISORS_JAVA_OPTS replaces. */
    static final String NODE_JVM = "-Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    static final String RULES = """
            <?xml version="1.0" encoding="UTF-8"?>
            <root>
              <model name="worker">
                <identifiers>supv-02,supv-03</identifiers>
                <required>true</required>
              </model>
              <application name="slow">
                <start_sequence>1</start_sequence>
                <programs>
                  <program name="gate">
                    <reference>worker</reference>
                    <start_sequence>1</start_sequence>
                    <wait_exit>true</wait_exit>
                  </program>
                  <program name="stage2">
                    <reference>worker</reference>
                    <start_sequence>2</start_sequence>
                  </program>
                  <program name="stage3">
                    <reference>worker</reference>
                    <start_sequence>3</start_sequence>
                  </program>
                </programs>
              </application>
            </root>
            """;

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(Programs.install(ClusterSpec.of(3), SHARED)
            .option("rules_files", "rules.xml")
            .file("rules.xml", RULES)
            .section(program("gate", "gate", "gate-open").set("startsecs", 0).set("exitcodes", 0).toString())
            .section(program("stage2", "run").toString())
            .section(program("stage3", "run").toString())
            .section(Programs.group("slow", "gate", "stage2", "stage3"))
            .supervisordOption("environment", "IT_SHARED_DIR=\"" + SHARED + "\",SUPVISORS_JAVA_OPTS=\""
                    + NODE_JVM + " -Dsupvisors.master_resume_window=" + WINDOW + "\"")
            .notStarted("supv-02", "supv-03"));

    @Test
    void callerWaitingThroughTheLossOfTheMasterGetsTrueAndTheStaleJobNeverBlocksARestart() throws Exception {
        Cluster cluster = CLUSTER.cluster();
        List<String> all = cluster.identifiers();
        // One after the other, so that the first forms the cluster and is the first Master whatever the load.
        cluster.awaitRunning(List.of("supv-01"), List.of("supv-01"), Limits.STARTUP);
        cluster.launch("supv-02");
        cluster.launch("supv-03");
        cluster.awaitRunning(all, all, Limits.STARTUP);
        Files.createFile(GATE);
        String master = cluster.awaitOperation(all, Limits.STARTUP);
        assertEquals("supv-01", master, "precondition: the first Master runs none of the application's programs");
        awaitWhole(cluster, all, Limits.STARTUP);

        List<String> survivors = cluster.othersThan(master);
        Commands caller = Commands.on(cluster, "supv-02");
        assertTrue(caller.stopApplication("slow", true), "slow stopped");
        Files.delete(GATE);
        CompletableFuture<Object> started = CompletableFuture.supplyAsync(() -> {
            try {
                return caller.startApplication("LESS_LOADED", "slow", true);
            } catch (RuntimeException e) {
                return e;
            }
        });
        awaitOnEach("slow starting: gate RUNNING on a worker, stages 2 and 3 not started", cluster, all,
                Limits.CHANGE, n -> List.of(process(n, "slow:gate"), process(n, "slow:stage2"),
                        process(n, "slow:stage3")),
                l -> "RUNNING".equals(Views.state(l.get(0))) && WORKERS.containsAll(Views.identifiers(l.get(0)))
                        && runningNowhere().test(l.get(1)) && runningNowhere().test(l.get(2)));

        cluster.kill9(master);
        long killed = System.nanoTime();

        cluster.awaitInstanceState(survivors, master, "SILENT", Limits.DETECTION);
        String newMaster = awaitMaster(cluster, survivors, master);
        assertTrue(WORKERS.contains(newMaster), "new Master " + newMaster);
        Files.createFile(GATE);

        Object answer = started.get(Limits.CALL.toSeconds(), TimeUnit.SECONDS);
        assertEquals(Boolean.TRUE, answer, "start_application(LESS_LOADED, slow, True) across the loss of the Master");
        long answeredAfter = Duration.ofNanos(System.nanoTime() - killed).toSeconds();
        awaitOnEach("gate exited as expected, stages 2 and 3 RUNNING on a worker", cluster, survivors,
                Limits.CHANGE, n -> List.of(process(n, "slow:gate"), process(n, "slow:stage2"),
                        process(n, "slow:stage3")),
                l -> exitedAsExpected().test(l.get(0)) && l.subList(1, 3).stream().allMatch(
                        p -> "RUNNING".equals(Views.state(p)) && WORKERS.containsAll(Views.identifiers(p))));
        Journal journal = new Journal(SHARED);
        long stage2 = journal.last("start", "stage2").orElseThrow();
        assertTrue(stage2 > journal.last("exit", "gate").orElseThrow()
                        && journal.last("start", "stage3").orElseThrow() > stage2,
                "the sequence gate, stage2, stage3 was kept: " + journal);

        // (b) The lost Master's node comes back, its journal holding the job it was doing; restart() within the
        // resume window of that journal.
        cluster.launch(master);
        cluster.awaitRunning(all, all, Limits.STARTUP);
        cluster.awaitOperation(all, Limits.REELECTION);
        long stage3Starts = journal.count("start", "stage3");
        long sinceKill = Duration.ofNanos(System.nanoTime() - killed).toSeconds();
        System.out.printf("caller answered %d s after the kill; restart() %d s after it%n", answeredAfter, sinceKill);
        assertTrue(Commands.on(cluster, "supv-03").restart(), "restart()");

        Await.until("slow started again after restart()", Limits.SEQUENCE.plus(Limits.STARTUP),
                journal::entries, entries -> journal.count("start", "stage3") > stage3Starts);
        cluster.awaitOperation(all, Limits.REELECTION);
        awaitWhole(cluster, all, Limits.CHANGE);
    }

    /** slow RUNNING without failure, its gate exited as expected and its stages 2 and 3 RUNNING on a worker. */
    private static void awaitWhole(Cluster cluster, List<String> observers, Duration timeout) {
        awaitOnEach("slow RUNNING without failure", cluster, observers, timeout,
                n -> application(n, "slow"), application("RUNNING", false, false));
        awaitOnEach("stages 2 and 3 RUNNING on a worker", cluster, observers, timeout,
                n -> List.of(process(n, "slow:stage2"), process(n, "slow:stage3")),
                l -> l.stream().allMatch(p -> "RUNNING".equals(Views.state(p))
                        && WORKERS.containsAll(Views.identifiers(p))));
    }

    /** Waits until every observer declares the same non-empty Master, other than {@code not}; returns it. */
    private static String awaitMaster(Cluster cluster, List<String> observers, String not) {
        Map<String, Object> seen = Await.until("one Master declared by " + observers + ", not " + not,
                Limits.REELECTION, () -> cluster.states(observers),
                states -> states.values().stream().allMatch(s -> s instanceof Map<?, ?> m
                        && !"".equals(m.get("master_identifier")) && !Objects.equals(not, m.get("master_identifier"))
                        && Objects.equals(m.get("master_identifier"),
                        ((Map<?, ?>) states.values().iterator().next()).get("master_identifier"))));
        return (String) ((Map<?, ?>) seen.values().iterator().next()).get("master_identifier");
    }
}
