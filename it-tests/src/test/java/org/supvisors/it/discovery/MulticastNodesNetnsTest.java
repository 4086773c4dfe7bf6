package org.supvisors.it.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterSpec;
import org.supvisors.it.harness.NetNamespaces;

/**
 * Real nodes with {@code multicast_group}: each instance, on its own host of a namespace segment (so that no datagram
 * leaves the test's namespaces), announces itself on the group, and Cluster Bootstrap forms the cluster from the
 * instances heard rather than from the configured list. Root only; skipped elsewhere with the reason.
 */
class MulticastNodesNetnsTest {

    @BeforeAll
    static void namespaces() {
        NetNamespaces.assumeAvailable();
    }

    @Test
    void threeNodesFormTheirClusterOverTheMulticastGroup() throws Exception {
        try (NetNamespaces net = NetNamespaces.createWithTestHostLink(3);
             Cluster cluster = Cluster.start("multicast-nodes",
                     ClusterSpec.of(3).option("multicast_group", "239.0.0.7:61555"), net)) {
            List<String> all = cluster.identifiers();
            assertEquals("supv-01", cluster.awaitOperation(all, Cluster.STARTUP_TIMEOUT));
            for (String id : all) {
                List<String> heard = Files.readAllLines(cluster.instance(id).nodeLog()).stream()
                        .filter(line -> line.contains("Multicast discovery: heard")).toList();
                for (String other : all) {
                    if (!other.equals(id)) {
                        assertTrue(heard.stream().anyMatch(line -> line.contains(other)),
                                id + " never heard " + other + " on the group: " + heard);
                    }
                }
            }
        }
    }
}
