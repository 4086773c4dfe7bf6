package org.supvisors.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;

/**
 * kill -9 of an instance (its supervisord and the whole process tree, node included): the others mark it SILENT;
 * losing the Master elects a new one; a restarted instance rejoins. Each test starts from (and restores) a full
 * cluster in OPERATION, so the class shares one cluster.
 */
class InstanceLossTest {

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(ClusterSpec.of(3));

    private Cluster cluster;
    private String master;

    @BeforeEach
    void fullClusterInOperation() {
        cluster = CLUSTER.cluster();
        cluster.ensureUp();
        master = cluster.awaitOperation(cluster.identifiers(), Timeouts.REJOIN);
        cluster.awaitRunning(cluster.identifiers(), cluster.identifiers(), Timeouts.REJOIN);
    }

    @Test
    void killedNonMasterIsSilentAndRejoinsRunningWhenRestarted() {
        List<String> others = cluster.othersThan(master);
        String victim = others.get(others.size() - 1);
        List<String> survivors = cluster.othersThan(victim);

        cluster.kill9(victim);

        cluster.awaitInstanceState(survivors, victim, "SILENT", Timeouts.DETECTION);
        assertEquals(master, cluster.awaitOperation(survivors, Timeouts.DETECTION),
                "losing a non-Master keeps the Master");

        cluster.launch(victim);

        cluster.awaitRunning(cluster.identifiers(), cluster.identifiers(), Timeouts.REJOIN);
        assertEquals(master, cluster.awaitOperation(cluster.identifiers(), Timeouts.REJOIN));
    }

    @Test
    void killedMasterIsSilentAndANewMasterIsElected() {
        String oldMaster = master;
        List<String> survivors = cluster.othersThan(oldMaster);

        cluster.kill9(oldMaster);

        cluster.awaitInstanceState(survivors, oldMaster, "SILENT", Timeouts.DETECTION);
        String newMaster = cluster.awaitOperation(survivors, Timeouts.REELECTION);
        assertNotEquals(oldMaster, newMaster);

        cluster.launch(oldMaster);

        cluster.awaitRunning(cluster.identifiers(), cluster.identifiers(), Timeouts.REJOIN);
        assertEquals(newMaster, cluster.awaitOperation(cluster.identifiers(), Timeouts.REJOIN),
                "a known RUNNING Master is kept when the old one comes back (compat/behaviour.md §4)");
    }
}
