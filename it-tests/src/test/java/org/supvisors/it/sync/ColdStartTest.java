package org.supvisors.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterSpec;

/**
 * Cold starts of three instances at once on a host whose every core is busy: every time, one cluster, and the same
 * Master seen by all three (a node that forms a cluster alone while the others' JVMs are still starting would give
 * two). {@code -Dsupvisors.it.cold-starts=N} sets the number of starts (10 by default; the soak profile runs 50).
 */
class ColdStartTest {

    private static final int STARTS = Integer.getInteger("supvisors.it.cold-starts", 10);
    private static final List<Process> BUSY = new ArrayList<>();

    @BeforeAll
    static void busyEveryCore() throws IOException {
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            BUSY.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
        }
    }

    @AfterAll
    static void stopBusyLoops() throws InterruptedException {
        for (Process busy : BUSY) {
            busy.destroyForcibly();
            busy.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void threeNodesStartedTogetherFormOneClusterWithOneMaster() {
        for (int start = 1; start <= STARTS; start++) {
            Cluster cluster = Cluster.start("cold-" + start, ClusterSpec.of(3));
            try {
                List<String> all = cluster.identifiers();
                cluster.awaitOperation(all, Timeouts.STARTUP);
                Set<String> masters = new HashSet<>();
                for (String id : all) {
                    masters.add(cluster.supvisors(id).master());
                }
                assertEquals(1, masters.size(), "Masters seen at cold start " + start + ": " + masters);
                System.out.printf("cold start %d: Master %s%n", start, masters.iterator().next());
            } catch (RuntimeException | AssertionError e) {
                cluster.printLogs(System.err);
                throw e;
            } finally {
                cluster.close();
            }
        }
    }
}
