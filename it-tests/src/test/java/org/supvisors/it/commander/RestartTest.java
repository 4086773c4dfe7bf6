package org.supvisors.it.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;

/**
 * {@code supvisors.restart()} (manual §8.7.3, compat/behaviour.md §2.2): Supvisors goes to RESTARTING, stops the
 * applications by the global stop sequence, then every supervisord restarts (keeping its pid); the nodes, run by
 * supervisord, come back, synchronize again and deploy the applications anew.
 */
class RestartTest {

    static final Path SHARED = Programs.sharedDir("restart-all");

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(ShutdownTest.spec(SHARED));

    @Test
    void restartStopsApplicationsInOrderThenSupervisordsRestartAndDeployAgain() {
        Cluster cluster = CLUSTER.cluster();
        List<String> all = cluster.identifiers();
        ShutdownTest.awaitDeployed(cluster, all);
        String master = cluster.supvisors(all.get(0)).master();
        Journal journal = new Journal(SHARED);

        assertTrue(Commands.on(cluster, master).restart(), "restart() on the Master " + master);

        Set<String> statesSeen = new LinkedHashSet<>();
        Await.until("every program stopped and started again", Limits.SEQUENCE.plus(Limits.STARTUP),
                Duration.ofMillis(100), () -> {
                    cluster.states(all).values().forEach(s -> {
                        if (s instanceof Map<?, ?> m) {
                            statesSeen.add(String.valueOf(m.get("fsm_statename")));
                        }
                    });
                    return journal.entries();
                }, entries -> List.of("front", "back", "base").stream()
                        .allMatch(p -> journal.count("start", p) == 2));

        assertTrue(statesSeen.contains("RESTARTING"), "RESTARTING never seen: " + statesSeen);
        ShutdownTest.assertStoppedInOrder(journal);
        for (String id : all) {
            assertTrue(cluster.instance(id).isAlive(), "supervisord " + id + " restarted in place");
        }
        ShutdownTest.awaitDeployed(cluster, all);
        assertEquals(1, journal.count("term", "base"), "stopped once: " + journal);
    }
}
