package org.supvisors.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The harness's instances on a {@link NetNamespaces} segment: each supervisord (and its listener node) runs inside
 * its own host namespace, listens on that host's address, and is reached by the test JVM through the test host link.
 */
class NetnsClusterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DETECTION = Duration.ofSeconds(30);

    @Test
    void plainSupervisordsRunInsideTheirNamespaces() throws Exception {
        try (NetNamespaces net = NetNamespaces.createWithTestHostLink(2);
             Cluster cluster = Cluster.start("netns-plain",
                     ClusterSpec.of(2).nodeMode(SupervisordInstance.NodeMode.NONE), net)) {
            SupervisordInstance one = cluster.instance("supv-01");
            SupervisordInstance two = cluster.instance("supv-02");
            assertEquals(net.host(1).address(), one.host());
            assertEquals("http://" + net.host(2).address() + ":" + two.port() + "/RPC2", two.supervisorUrl().toString());
            String conf = Files.readString(one.configFile());
            assertTrue(conf.contains("port=" + net.host(1).address() + ":" + one.port()), conf);
            assertTrue(conf.contains("<supv-02>" + net.host(2).address() + ":" + two.port() + ":"), conf);

            NetNamespaces.Result identify = net.exec(net.host(1), TIMEOUT, "ip", "netns", "identify",
                    Long.toString(one.pid()));
            assertEquals(net.host(1).namespace(), identify.output().strip(), "supervisord runs in host 1's namespace");
            assertEquals("RUNNING", SupvisorsRpc.struct(two.supervisor().invoke("supervisor.getState"))
                    .get("statename"));
            SupervisordInstance.CtlResult status = one.supervisorctl("pid");
            assertEquals(Long.toString(one.pid()), status.output().strip(), status.output());

            net.cut(net.host(2));
            assertFalse(net.reaches(net.host(1), net.host(2), Duration.ofSeconds(2)));
            net.heal(net.host(2));
            Await.until("supv-02 answers again", TIMEOUT,
                    () -> SupvisorsRpc.struct(two.supervisor().invoke("supervisor.getState")).get("statename"),
                    "RUNNING"::equals);

            List<ProcessHandle> trees = List.of(ProcessHandle.of(one.pid()).orElseThrow(),
                    ProcessHandle.of(two.pid()).orElseThrow());
            cluster.close();
            assertEquals(List.of(), trees.stream().filter(ProcessHandle::isAlive).toList());
        }
    }

    /**
     * supv-02 starts once supv-01 runs the system, so that it joins an existing cluster: two nodes started at once on
     * a loaded machine may each form a cluster of their own before the other's HTTP port answers.
     */
    @Test
    void nodesOnTwoHostsFormOneSystemAndACutHostFallsSilent() {
        try (NetNamespaces net = NetNamespaces.createWithTestHostLink(2);
             Cluster cluster = Cluster.start("netns-nodes", ClusterSpec.of(2).notStarted("supv-02"), net)) {
            cluster.awaitOperation(List.of("supv-01"), Cluster.STARTUP_TIMEOUT);
            cluster.launch("supv-02");
            List<String> ids = cluster.identifiers();
            cluster.awaitRunning(ids, ids, Cluster.STARTUP_TIMEOUT);
            assertEquals("supv-01", cluster.awaitOperation(ids, TIMEOUT));

            net.cut(net.host(2));
            cluster.awaitInstanceState(List.of("supv-01"), "supv-02", "SILENT", DETECTION);
        }
    }
}
