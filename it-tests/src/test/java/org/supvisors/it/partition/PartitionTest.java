package org.supvisors.it.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterSpec;
import org.supvisors.it.harness.NetNamespaces;
import org.supvisors.it.harness.SupvisorsRpc;

/**
 * Network partitions between hosts of a namespace segment (root only; skipped elsewhere with the reason). The Split
 * Brain Resolver keeps the majority: it keeps or elects the Master, the cut-off minority downs itself and its node
 * exits; supervisord restarts it, and once the link is back it joins the cluster again, one Master for all.
 */
class PartitionTest {

    private static final Duration STARTUP = Cluster.STARTUP_TIMEOUT;
    private static final Duration DETECTION = Duration.ofSeconds(30);
    /** Long enough for SBR to decide and for the minority's node to exit and restart while still cut off. */
    private static final Duration CUT = Duration.ofSeconds(12);
    private static final Duration REJOIN = Duration.ofSeconds(90);

    @BeforeAll
    static void namespaces() {
        NetNamespaces.assumeAvailable();
    }

    @Test
    void theMajorityKeepsTheMasterAndTheCutInstanceRejoins() {
        try (NetNamespaces net = NetNamespaces.createWithTestHostLink(3);
             Cluster cluster = Cluster.start("partition-minority", ClusterSpec.of(3), net)) {
            List<String> all = cluster.identifiers();
            assertEquals("supv-01", cluster.awaitOperation(all, STARTUP));
            long nodePid = nodePid(cluster, "supv-03");

            net.cut(net.host(3));
            cluster.awaitInstanceState(List.of("supv-01", "supv-02"), "supv-03", "SILENT", DETECTION);
            assertEquals("supv-01", cluster.supvisors("supv-01").master());
            assertEquals("supv-01", cluster.supvisors("supv-02").master());
            Await.holds("the majority keeps its Master while the link is cut", CUT,
                    () -> List.of(cluster.supvisors("supv-01").master(), cluster.supvisors("supv-02").master()),
                    masters -> masters.equals(List.of("supv-01", "supv-01")));

            net.heal(net.host(3));
            cluster.awaitRunning(all, all, REJOIN);
            assertEquals("supv-01", cluster.awaitOperation(all, REJOIN));
            // The cut-off side was downed by SBR: its node exited and supervisord started a new one.
            assertNotEquals(nodePid, nodePid(cluster, "supv-03"), "supv-03's node was not restarted");
        }
    }

    @Test
    void aMasterCutOffAloneIsReplacedByTheMajoritysAndFollowsItAfterTheHeal() {
        try (NetNamespaces net = NetNamespaces.createWithTestHostLink(3);
             Cluster cluster = Cluster.start("partition-master", ClusterSpec.of(3), net)) {
            List<String> all = cluster.identifiers();
            assertEquals("supv-01", cluster.awaitOperation(all, STARTUP));

            net.cut(net.host(1));
            List<String> majority = List.of("supv-02", "supv-03");
            cluster.awaitInstanceState(majority, "supv-01", "SILENT", DETECTION);
            assertEquals("supv-02", cluster.awaitOperation(majority, DETECTION));

            net.heal(net.host(1));
            cluster.awaitRunning(all, all, REJOIN);
            assertEquals("supv-02", cluster.awaitOperation(all, REJOIN));
        }
    }

    @Test
    void withAutoFenceTheCutInstanceStaysIsolatedAfterTheHeal() {
        try (NetNamespaces net = NetNamespaces.createWithTestHostLink(3);
             Cluster cluster = Cluster.start("partition-fence", ClusterSpec.of(3).option("auto_fence", "true"), net)) {
            List<String> all = cluster.identifiers();
            assertEquals("supv-01", cluster.awaitOperation(all, STARTUP));

            net.cut(net.host(3));
            List<String> majority = List.of("supv-01", "supv-02");
            cluster.awaitInstanceState(majority, "supv-03", "ISOLATED", DETECTION);
            net.heal(net.host(3));
            Await.holds("supv-03 stays ISOLATED for the others after the heal", Duration.ofSeconds(20),
                    () -> majority.stream().map(id -> cluster.supvisors(id).instanceState("supv-03")).toList(),
                    states -> states.equals(List.of("ISOLATED", "ISOLATED")));
            assertEquals("supv-01", cluster.awaitOperation(majority, DETECTION));
        }
    }

    private static long nodePid(Cluster cluster, String id) {
        Map<String, Object> info = SupvisorsRpc.struct(
                cluster.instance(id).supervisor().invoke("supervisor.getProcessInfo", "supvisors"));
        return ((Number) info.get("pid")).longValue();
    }
}
