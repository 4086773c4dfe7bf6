package org.supvisors.it.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.PythonCheck;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;
import org.supvisors.it.harness.SupvisorsRpc;
import org.supvisors.it.harness.XmlRpc;

/**
 * compat/xmlrpc.md §3: the status methods guarded by {@code _check_from_deployment} answer BAD_SUPVISORS_STATE
 * (101) in INITIALIZATION; the local ones answer. One instance with {@code synchro_options=USER} stays in
 * INITIALIZATION as long as nobody calls {@code end_sync}.
 */
class StatusInInitializationTest {

    private static final Path CHECK_SCRIPT = Path.of("src/test/python/check_process_status.py");
    private static final String TEXT = "BAD_SUPVISORS_STATE: Supvisors (state=INITIALIZATION) not in state "
            + "['DEPLOYMENT', 'OPERATION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN'] to perform request";

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(ClusterSpec.of(1)
            .option("synchro_options", "USER")
            .section("""
                    [program:idle]
                    command=sleep 100000
                    autostart=true
                    startsecs=1
                    stopwaitsecs=2
                    """));

    private Cluster cluster;
    private SupvisorsRpc node;

    @BeforeEach
    void initialization() {
        cluster = CLUSTER.cluster();
        String id = cluster.identifiers().get(0);
        node = cluster.supvisors(id);
        // The local instance RUNNING: synchronization is only waiting for end_sync.
        cluster.awaitRunning(List.of(id), List.of(id), Waits.STARTUP);
        Await.until("local process info of " + id, Duration.ofSeconds(30),
                () -> ModelViews.structs(node.rpc().invoke("supvisors.get_all_local_process_info")),
                l -> l.stream().anyMatch(p -> "idle".equals(p.get("name")) && "RUNNING".equals(p.get("statename"))));
        assertEquals("INITIALIZATION", node.fsmState());
    }

    @Test
    void guardedStatusMethodsAreBadSupvisorsState() {
        for (String method : List.of("get_all_applications_info", "get_all_process_info", "get_conflicts")) {
            XmlRpc.RpcFailure fault = assertThrows(XmlRpc.RpcFailure.class, () -> node.rpc().invoke(
                    "supvisors." + method), method);
            assertEquals(101, fault.code(), fault.getMessage());
            assertEquals(TEXT, fault.getCause().getMessage(), method);
        }
        XmlRpc.RpcFailure fault = assertThrows(XmlRpc.RpcFailure.class,
                () -> node.rpc().invoke("supvisors.get_process_info", "idle"));
        assertEquals(101, fault.code(), "the state guard comes before the name check: " + fault.getMessage());
        assertEquals("INITIALIZATION", node.fsmState(), "still waiting for end_sync");
    }

    @Test
    void statusApiInInitializationFromPython() throws Exception {
        assumeTrue(PythonCheck.available(), "python3 not found");
        String id = cluster.identifiers().get(0);
        PythonCheck.run(cluster, CHECK_SCRIPT,
                List.of("--initialization", cluster.instance(id).nodeRpcUrl().toString()));
    }
}
