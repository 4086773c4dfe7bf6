package org.supvisors.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.PythonCheck;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;
import org.supvisors.it.harness.SupvisorsRpc;
import org.supvisors.it.harness.XmlRpc;

/**
 * Three instances with the default synchronization options (STRICT, TIMEOUT): they reach OPERATION with one
 * Master, and their status API matches compat/xmlrpc.md. These tests only read, so they share one cluster.
 */
class ThreeNodeClusterTest {

    private static final Path CHECK_SCRIPT = Path.of("src/test/python/check_status.py");

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(ClusterSpec.of(3));

    private Cluster cluster;
    private String master;

    @BeforeEach
    void operational() {
        cluster = CLUSTER.cluster();
        master = cluster.awaitOperation(cluster.identifiers(), Timeouts.STARTUP);
    }

    @Test
    void allNodesReachOperationWithOneMasterAndAllInstancesRunning() {
        assertTrue(cluster.identifiers().contains(master), "unknown Master " + master);
        cluster.awaitRunning(cluster.identifiers(), cluster.identifiers(), Timeouts.DETECTION);
        for (String id : cluster.identifiers()) {
            SupvisorsRpc node = cluster.supvisors(id);
            assertEquals(master, node.master(), "get_master_identifier on " + id);
            Map<String, String> expected = new LinkedHashMap<>();
            cluster.identifiers().forEach(i -> expected.put(i, "RUNNING"));
            assertEquals(expected, node.instanceStates(), "get_all_instances_info on " + id);
        }
    }

    /** compat/behaviour.md §4: the Master is the lexicographically smallest RUNNING identifier. */
    @Test
    void masterIsTheSmallestIdentifier() {
        assertEquals("supv-01", master);
    }

    /** compat/xmlrpc.md §5.2: end_sync is only allowed in INITIALIZATION (state checked first: fault 101). */
    @Test
    void endSyncIsRefusedOutsideInitialization() {
        for (String id : cluster.identifiers()) {
            XmlRpc.RpcFailure fault = assertThrows(XmlRpc.RpcFailure.class,
                    () -> cluster.supvisors(id).endSync(""), "end_sync on " + id);
            assertEquals(101, fault.code(), fault.getMessage());
        }
    }

    /** compat/xmlrpc.md §5.1: an unknown identifier is INCORRECT_PARAMETERS (2), not BAD_NAME. */
    @Test
    void unknownInstanceIsIncorrectParameters() {
        XmlRpc.RpcFailure fault = assertThrows(XmlRpc.RpcFailure.class,
                () -> cluster.supvisors("supv-01").instanceInfo("supv-99"));
        assertEquals(2, fault.code(), fault.getMessage());
    }

    /** The Python check of the status structures (keys, types, fault codes), run with xmlrpc.client. */
    @Test
    void statusApiMatchesTheCompatSheetFromPython() throws Exception {
        assumeTrue(PythonCheck.available(), "python3 not found");
        List<String> args = new ArrayList<>(List.of("--identifiers", String.join(",", cluster.identifiers())));
        cluster.identifiers().forEach(id -> args.add(cluster.instance(id).nodeRpcUrl().toString()));
        PythonCheck.run(cluster, CHECK_SCRIPT, args);
    }
}
