package org.supvisors.it.commander;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.it.commander.Programs.program;
import static org.supvisors.it.commander.Views.application;
import static org.supvisors.it.commander.Views.awaitOnEach;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;

/**
 * {@code supvisors.shutdown()} (manual §8.7.3, compat/behaviour.md §2.2): Supvisors goes to SHUTTING_DOWN, stops
 * the running applications by decreasing application stop_sequence (sd_front 3, sd_back 2, sd_base 1, on both
 * instances), each once the previous one is stopped, then every supervisord shuts down. The programs take 1 s to
 * exit on SIGTERM and note it in the shared journal, so the order (and that Supvisors, not supervisord's own
 * shutdown, stopped them) is read from the programs' side.
 */
class ShutdownTest {

    static final Path SHARED = Programs.sharedDir("shutdown");
    /** Each program takes this long to exit after SIGTERM. */
    static final long TERM_DELAY_NANOS = 1_000_000_000L;
    private static final String EXITED = "exited";

    static final String RULES = """
            <?xml version="1.0" encoding="UTF-8"?>
            <root>
              <application name="sd_base">
                <start_sequence>1</start_sequence>
                <programs>
                  <program name="base">
                    <identifiers>supv-01</identifiers>
                    <start_sequence>1</start_sequence>
                    <required>true</required>
                  </program>
                </programs>
              </application>
              <application name="sd_back">
                <start_sequence>2</start_sequence>
                <programs>
                  <program name="back">
                    <identifiers>supv-02</identifiers>
                    <start_sequence>1</start_sequence>
                    <required>true</required>
                  </program>
                </programs>
              </application>
              <application name="sd_front">
                <start_sequence>3</start_sequence>
                <programs>
                  <program name="front">
                    <identifiers>supv-01</identifiers>
                    <start_sequence>1</start_sequence>
                    <required>true</required>
                  </program>
                </programs>
              </application>
            </root>
            """;

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(spec(SHARED));

    /** Two instances running sd_base, sd_back and sd_front, whose programs write into {@code shared}. */
    static ClusterSpec spec(Path shared) {
        return Programs.install(ClusterSpec.of(2), shared)
                .option("rules_files", "rules.xml")
                .file("rules.xml", RULES)
                .section(program("base", "run", "1").toString())
                .section(Programs.group("sd_base", "base"))
                .section(program("back", "run", "1").toString())
                .section(Programs.group("sd_back", "back"))
                .section(program("front", "run", "1").toString())
                .section(Programs.group("sd_front", "front"));
    }

    /** Waits until the three applications are deployed, seen by every instance. */
    static void awaitDeployed(Cluster cluster, List<String> all) {
        cluster.awaitOperation(all, Limits.STARTUP);
        cluster.awaitRunning(all, all, Limits.STARTUP);
        for (String app : List.of("sd_base", "sd_back", "sd_front")) {
            awaitOnEach(app + " deployed", cluster, all, Limits.SEQUENCE, n -> application(n, app),
                    application("RUNNING", false, false));
        }
    }

    /** sd_front, then sd_back once sd_front stopped, then sd_base: the global stop sequence. */
    static void assertStoppedInOrder(Journal journal) {
        long front = journal.at("term", "front");
        long back = journal.at("term", "back");
        long base = journal.at("term", "base");
        assertTrue(back - front >= TERM_DELAY_NANOS * 8 / 10 && base - back >= TERM_DELAY_NANOS * 8 / 10,
                "sd_front, then sd_back once sd_front stopped, then sd_base expected: " + journal);
    }

    @Test
    void shutdownStopsApplicationsByDecreasingStopSequenceThenEverySupervisord() {
        Cluster cluster = CLUSTER.cluster();
        List<String> all = cluster.identifiers();
        awaitDeployed(cluster, all);
        String master = cluster.supvisors(all.get(0)).master();
        Journal journal = new Journal(SHARED);

        assertTrue(Commands.on(cluster, master).shutdown(), "shutdown() on the Master " + master);

        Set<String> statesSeen = new LinkedHashSet<>();
        Await.until("every supervisord exited", Limits.SEQUENCE.plus(Limits.SEQUENCE), Duration.ofMillis(100),
                () -> {
                    Map<String, String> now = new LinkedHashMap<>();
                    cluster.states(all).forEach((id, s) -> {
                        String state = s instanceof Map<?, ?> m ? String.valueOf(m.get("fsm_statename")) : null;
                        if (state != null) {
                            statesSeen.add(state);
                        }
                        now.put(id, cluster.instance(id).isAlive() ? "alive, " + (state != null ? state : s) : EXITED);
                    });
                    return now;
                }, now -> now.values().stream().allMatch(EXITED::equals));

        assertTrue(statesSeen.contains("SHUTTING_DOWN"), "SHUTTING_DOWN never seen: " + statesSeen);
        assertStoppedInOrder(journal);
        for (String p : List.of("front", "back", "base")) {
            assertTrue(journal.count("exit", p) == 1, p + " did not exit once: " + journal);
        }
    }
}
