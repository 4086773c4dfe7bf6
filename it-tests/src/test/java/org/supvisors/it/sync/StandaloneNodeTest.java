package org.supvisors.it.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;
import org.supvisors.it.harness.SupervisordInstance;

/** Nodes started beside their supervisord ({@code --standalone}) instead of as its event listener. */
class StandaloneNodeTest {

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(
            ClusterSpec.of(2).nodeMode(SupervisordInstance.NodeMode.STANDALONE));

    @Test
    void standaloneNodesSynchronizeAndALostNodeIsSilent() {
        Cluster cluster = CLUSTER.cluster();
        List<String> all = cluster.identifiers();
        String master = cluster.awaitOperation(all, Timeouts.STARTUP);
        String victim = cluster.othersThan(master).get(0);

        // The node dies, its supervisord stays up.
        cluster.instance(victim).standaloneNode().kill9();

        assertTrue(cluster.instance(victim).isAlive(), "supervisord of " + victim + " must survive its node");
        cluster.awaitInstanceState(List.of(master), victim, "SILENT", Timeouts.DETECTION);
    }
}
