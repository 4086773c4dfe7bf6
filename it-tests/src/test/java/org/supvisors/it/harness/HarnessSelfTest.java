package org.supvisors.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The harness on plain supervisord processes (no node): ports, configuration, readiness, kill -9 of a whole
 * process tree, restart on the same ports, teardown without leftovers.
 */
class HarnessSelfTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    final ClusterExtension clusters = ClusterExtension.perTest();

    @Test
    void portBlocksAreDistinctAndFree() {
        int a = Ports.freeBlock();
        int b = Ports.freeBlock();
        assertNotEquals(a, b);
        assertTrue(Math.abs(a - b) >= Ports.BLOCK_SIZE, "blocks overlap: " + a + ", " + b);
        assertTrue(a >= Ports.FIRST && a + 3 <= Ports.LAST, "out of range: " + a);
        assertTrue(Ports.allFree(a, Ports.BLOCK_SIZE));
    }

    @Test
    void nodeClasspathHoldsTheNode() {
        String cp = NodeCommand.nodeClasspath();
        assertTrue(Arrays.stream(cp.split(File.pathSeparator)).anyMatch(e -> e.contains("cluster-node")),
                "cluster-node missing from " + cp);
    }

    @Test
    void killNineTakesTheWholeTreeAndRestartReusesThePorts() throws Exception {
        Cluster cluster = clusters.start("harness",
                ClusterSpec.of(2).nodeMode(SupervisordInstance.NodeMode.NONE).demoPrograms());
        SupervisordInstance victim = cluster.instance("supv-01");
        SupervisordInstance survivor = cluster.instance("supv-02");
        String conf = Files.readString(victim.configFile());
        assertTrue(conf.contains("identifier=supv-01"), conf);
        assertTrue(conf.contains("supvisors_list = <supv-01>127.0.0.1:" + victim.port() + ":" + (victim.port() + 1)
                + ",<supv-02>127.0.0.1:" + survivor.port() + ":" + (survivor.port() + 1)), conf);

        victim.supervisor().invoke("supervisor.startProcessGroup", "demo", true);
        Await.until("4 programs RUNNING on supv-01", TIMEOUT,
                () -> runningCount(victim), n -> n == 4);
        List<ProcessHandle> tree = ProcessTree.snapshot(ProcessHandle.of(victim.pid()).orElseThrow());
        assertTrue(tree.size() >= 5, "supervisord and 4 programs expected: " + ProcessTree.describe(tree));

        victim.kill9();

        assertFalse(victim.isAlive());
        List<ProcessHandle> survivors = tree.stream().filter(ProcessHandle::isAlive).toList();
        assertEquals(List.of(), survivors, "left alive: " + ProcessTree.describe(survivors));
        assertEquals("RUNNING", SupvisorsRpc.struct(survivor.supervisor().invoke("supervisor.getState"))
                .get("statename"));

        cluster.launch("supv-01");
        assertTrue(victim.isAlive());
        Await.until("ticker RUNNING again on supv-01", TIMEOUT, () -> runningCount(victim), n -> n >= 1);

        List<ProcessHandle> all = new java.util.ArrayList<>(ProcessTree.snapshot(ProcessHandle.of(victim.pid())
                .orElseThrow()));
        all.addAll(ProcessTree.snapshot(ProcessHandle.of(survivor.pid()).orElseThrow()));
        cluster.close();
        List<ProcessHandle> left = all.stream().filter(ProcessHandle::isAlive).toList();
        assertEquals(List.of(), left, "left alive after close: " + ProcessTree.describe(left));
    }

    private static long runningCount(SupervisordInstance instance) {
        Object[] infos = (Object[]) instance.supervisor().invoke("supervisor.getAllProcessInfo");
        return Arrays.stream(infos).map(SupvisorsRpc::struct)
                .filter((Map<String, Object> m) -> "RUNNING".equals(m.get("statename"))).count();
    }
}
