package org.supvisors.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;
import org.supvisors.it.harness.XmlRpc;

/** The conditions that end INITIALIZATION (synchro_options, compat/behaviour.md §2.3); one cluster per test. */
class SynchroOptionsTest {

    private static final List<String> FIRST_TWO = List.of("supv-01", "supv-02");

    @RegisterExtension
    static final ClusterExtension CLUSTERS = ClusterExtension.perTest();

    @Test
    void timeoutEndsSynchronizationWithoutTheMissingInstance() {
        ClusterSpec spec = ClusterSpec.of(3).option("synchro_options", "TIMEOUT").notStarted("supv-03");
        long launch = System.nanoTime();
        Cluster cluster = CLUSTERS.start("timeout", spec);

        cluster.awaitOperation(FIRST_TWO, Timeouts.STARTUP);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - launch);

        assertTrue(elapsed.toMillis() >= (spec.synchroTimeoutSeconds() - 1) * 1000L,
                "OPERATION after " + elapsed.toMillis() + " ms, before synchro_timeout");
        cluster.awaitInstanceState(FIRST_TWO, "supv-03", "SILENT", Timeouts.DETECTION);
    }

    @Test
    void userEndsSynchronizationOnRequest() {
        ClusterSpec spec = ClusterSpec.of(3).option("synchro_options", "USER");
        Cluster cluster = CLUSTERS.start("user", spec);
        List<String> all = cluster.identifiers();

        cluster.awaitRunning(all, all, Timeouts.STARTUP);
        Await.holds("INITIALIZATION everywhere until end_sync", Duration.ofSeconds(3L * spec.tickSeconds() + 2),
                () -> cluster.states(all).values().stream().map(s -> ((Map<?, ?>) s).get("fsm_statename"))
                        .distinct().toList(),
                states -> states.equals(List.of("INITIALIZATION")));

        XmlRpc.RpcFailure unknown = assertThrows(XmlRpc.RpcFailure.class,
                () -> cluster.supvisors("supv-02").endSync("supv-99"));
        assertEquals(10, unknown.code(), unknown.getMessage());

        assertTrue(cluster.supvisors("supv-02").endSync(""));
        String master = cluster.awaitOperation(all, Timeouts.DETECTION);
        assertTrue(all.contains(master), master);

        for (String id : all) {
            XmlRpc.RpcFailure late = assertThrows(XmlRpc.RpcFailure.class,
                    () -> cluster.supvisors(id).endSync(""), "end_sync after OPERATION on " + id);
            assertEquals(101, late.code(), late.getMessage());
        }
    }

    /**
     * CORE ends synchronization as soon as the core instances are RUNNING: TIMEOUT is enabled too, with a long
     * synchro_timeout, to prove OPERATION was not reached through it.
     */
    @Test
    void coreEndsSynchronizationBeforeTheTimeoutWithAMasterInTheCore() {
        ClusterSpec spec = ClusterSpec.of(3)
                .option("synchro_options", "CORE,TIMEOUT")
                .option("synchro_timeout", 60)
                .option("core_identifiers", "supv-01,supv-02")
                .notStarted("supv-03");
        long launch = System.nanoTime();
        Cluster cluster = CLUSTERS.start("core", spec);

        String master = cluster.awaitOperation(FIRST_TWO, Timeouts.STARTUP);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - launch);

        assertTrue(elapsed.toSeconds() < spec.synchroTimeoutSeconds(),
                "OPERATION only after " + elapsed.toSeconds() + " s: CORE did not end the synchronization");
        assertTrue(FIRST_TWO.contains(master), "Master " + master + " not in core_identifiers");
        cluster.awaitInstanceState(FIRST_TWO, "supv-03", "SILENT", Timeouts.DETECTION);
    }
}
