package org.supvisors.it.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.it.commander.Programs.program;
import static org.supvisors.it.commander.Views.application;
import static org.supvisors.it.commander.Views.awaitOnEach;
import static org.supvisors.it.commander.Views.exitedAsExpected;
import static org.supvisors.it.commander.Views.process;
import static org.supvisors.it.commander.Views.runningNowhere;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;

/**
 * The Master killed (kill -9 of its supervisord, node and programs) in the middle of the deployment of a 3-stage
 * application whose programs run on the two other instances: the deployment is finished after the election of a
 * new Master, in sequence, and the application ends RUNNING as the survivors see it.
 *
 * <p>Stage 1 is a {@code wait_exit} program that exits when the test opens a gate (a file), so the deployment is
 * certainly in progress when the Master dies; the gate is opened once a new Master is known.
 */
class MasterLossDuringDeploymentTest {

    static final Path SHARED = Programs.sharedDir("master-loss");
    static final Set<String> WORKERS = Set.of("supv-02", "supv-03");

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
            .section(Programs.group("slow", "gate", "stage2", "stage3")));

    @Test
    void deploymentInterruptedByTheLossOfTheMasterEndsRunning() throws IOException {
        Cluster cluster = CLUSTER.cluster();
        List<String> all = cluster.identifiers();
        cluster.awaitRunning(all, all, Limits.STARTUP);
        String master = awaitMaster(cluster, all, null);
        assertEquals("supv-01", master, "precondition: the first Master runs none of the application's programs");

        awaitOnEach("slow deploying: gate RUNNING on a worker, stages 2 and 3 not started", cluster, all,
                Limits.STARTUP, n -> List.of(process(n, "slow:gate"), process(n, "slow:stage2"),
                        process(n, "slow:stage3")),
                l -> "RUNNING".equals(Views.state(l.get(0))) && WORKERS.containsAll(Views.identifiers(l.get(0)))
                        && runningNowhere().test(l.get(1)) && runningNowhere().test(l.get(2)));
        List<String> survivors = cluster.othersThan(master);

        cluster.kill9(master);

        cluster.awaitInstanceState(survivors, master, "SILENT", Limits.DETECTION);
        String newMaster = awaitMaster(cluster, survivors, master);
        assertTrue(WORKERS.contains(newMaster), "new Master " + newMaster);
        Files.createFile(SHARED.resolve("gate-open"));

        awaitOnEach("slow RUNNING without failure", cluster, survivors, Limits.REELECTION,
                n -> application(n, "slow"), application("RUNNING", false, false));
        awaitOnEach("gate exited as expected, stages 2 and 3 RUNNING on a worker", cluster, survivors,
                Limits.CHANGE, n -> List.of(process(n, "slow:gate"), process(n, "slow:stage2"),
                        process(n, "slow:stage3")),
                l -> exitedAsExpected().test(l.get(0)) && l.subList(1, 3).stream().allMatch(
                        p -> "RUNNING".equals(Views.state(p)) && Views.identifiers(p).size() == 1
                                && WORKERS.containsAll(Views.identifiers(p))));
        cluster.awaitOperation(survivors, Limits.REELECTION);
        Journal journal = new Journal(SHARED);
        assertTrue(journal.at("start", "stage2") > journal.last("exit", "gate").orElseThrow()
                        && journal.at("start", "stage3") > journal.at("start", "stage2"),
                "the sequence gate, stage2, stage3 was kept: " + journal);
    }

    /** Waits until every observer declares the same non-empty Master, other than {@code not}; returns it. */
    private static String awaitMaster(Cluster cluster, List<String> observers, String not) {
        Map<String, Object> seen = Await.until("one Master declared by " + observers
                        + (not == null ? "" : ", not " + not), Limits.REELECTION,
                () -> cluster.states(observers),
                states -> states.values().stream().allMatch(s -> s instanceof Map<?, ?> m
                        && !"".equals(m.get("master_identifier")) && !Objects.equals(not, m.get("master_identifier"))
                        && Objects.equals(m.get("master_identifier"),
                        ((Map<?, ?>) states.values().iterator().next()).get("master_identifier"))));
        return (String) ((Map<?, ?>) seen.values().iterator().next()).get("master_identifier");
    }
}
