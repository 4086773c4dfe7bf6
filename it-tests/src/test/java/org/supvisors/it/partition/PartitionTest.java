package org.supvisors.it.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterSpec;
import org.supvisors.it.harness.CriticalProgram;
import org.supvisors.it.harness.NetNamespaces;
import org.supvisors.it.harness.SupvisorsRpc;

/**
 * Network partitions between hosts of a namespace segment (root only; skipped elsewhere with the reason). The Split
 * Brain Resolver keeps the majority: it keeps or elects the Master, the cut-off minority downs itself and its node
 * exits; supervisord restarts it, and once the link is back it joins the cluster again, one Master for all. A
 * program of the cut-off side that the Master fails over is stopped there before the majority restarts it, so that
 * it never runs twice.
 */
class PartitionTest {

    private static final Duration STARTUP = Cluster.STARTUP_TIMEOUT;
    private static final Duration DETECTION = Duration.ofSeconds(30);
    /** Long enough for SBR to decide and for the minority's node to exit and restart while still cut off. */
    private static final Duration CUT = Duration.ofSeconds(12);
    private static final Duration REJOIN = Duration.ofSeconds(90);
    /** From the cut: detection, SBR's stable-after, the removal margin, the restart; generous for shared cores. */
    private static final Duration FAILOVER = Duration.ofSeconds(45);
    private static final Duration SETTLED = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(50);

    /** Allowed on supv-03 first, then supv-02, never on the Master: it runs on the cut host, then moves once. */
    private static final CriticalProgram PROGRAM = new CriticalProgram("part", List.of("supv-03", "supv-02"));
    private static final String NAMESPEC = PROGRAM.namespec();

    @BeforeAll
    static void namespaces() {
        NetNamespaces.assumeAvailable();
    }

    @Test
    void theMajorityKeepsTheMasterAndTheCutInstancesProgramRunsOnceInTheCluster() {
        try (NetNamespaces net = NetNamespaces.createWithTestHostLink(3);
             Cluster cluster = Cluster.start("partition-minority", PROGRAM.addTo(ClusterSpec.of(3)), net)) {
            List<String> all = cluster.identifiers();
            assertEquals("supv-01", cluster.awaitOperation(all, STARTUP));
            cluster.awaitRunning(all, all, STARTUP);
            cluster.supvisors("supv-01").rpc().invoke("supvisors.start_application", "CONFIG", "part", true);
            assertEquals("supv-03", Await.until(NAMESPEC + " RUNNING on supv-03", STARTUP,
                    () -> runningOn(cluster.supvisors("supv-01")), "supv-03"::equals));
            long nodePid = nodePid(cluster, "supv-03");
            // The cut host is out of the test's reach too, but not its processes: they are watched by pid.
            ProcessHandle cutCopy = ProcessHandle.of(pid(cluster, "supv-03", NAMESPEC)).orElseThrow();

            long cut = System.nanoTime();
            net.cut(net.host(3));
            cluster.awaitInstanceState(List.of("supv-01", "supv-02"), "supv-03", "SILENT", DETECTION);
            assertEquals("supv-01", cluster.supvisors("supv-01").master());
            assertEquals("supv-01", cluster.supvisors("supv-02").master());

            // Failed over only once SBR downed supv-03, whose node stopped its copy before it exited.
            CopiesDuringCut copies = new CopiesDuringCut(cluster, cutCopy);
            Await.until(NAMESPEC + " failed over to supv-02", FAILOVER, POLL, copies::sample,
                    state -> state.equals("RUNNING"));
            assertEquals(List.of(), copies.violations);
            assertTrue(copies.cutCopyGone > 0 && copies.cutCopyGone < copies.otherCopySeen,
                    "the copy on supv-03 is gone before supv-02 starts one: " + copies);
            System.out.printf(Locale.ROOT, "cut -> copy stopped on supv-03: %.2f s, -> started on supv-02: %.2f s%n",
                    (copies.cutCopyGone - cut) / 1e9, (copies.otherCopySeen - cut) / 1e9);
            Await.holds("the majority keeps its Master while the link is cut", CUT,
                    () -> List.of(cluster.supvisors("supv-01").master(), cluster.supvisors("supv-02").master()),
                    masters -> masters.equals(List.of("supv-01", "supv-01")));

            net.heal(net.host(3));
            cluster.awaitRunning(all, all, REJOIN);
            assertEquals("supv-01", cluster.awaitOperation(all, REJOIN));
            // The cut-off side was downed by SBR: its node exited and supervisord started a new one.
            assertNotEquals(nodePid, nodePid(cluster, "supv-03"), "supv-03's node was not restarted");
            Await.holds(NAMESPEC + " runs once, on supv-02, with no conflict, after the heal", SETTLED,
                    () -> List.of(String.valueOf(runningOn(cluster.supvisors("supv-01"))),
                            state(cluster, "supv-03", NAMESPEC), String.valueOf(conflicts(cluster, all))),
                    seen -> seen.equals(List.of("supv-02", "STOPPED", "0")));
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

    /**
     * Samples, during the cut, the copy of the program on the cut host (by pid, its supervisord being out of reach)
     * and the one on supv-02 (through its supervisord): they must never be seen running together.
     */
    private static final class CopiesDuringCut {
        private final Cluster cluster;
        private final ProcessHandle cutCopy;
        private final List<String> violations = new ArrayList<>();
        private long cutCopyGone;
        private long otherCopySeen;

        CopiesDuringCut(Cluster cluster, ProcessHandle cutCopy) {
            this.cluster = cluster;
            this.cutCopy = cutCopy;
        }

        /** The state of the program on supv-02 now. */
        String sample() {
            String other = state(cluster, "supv-02", NAMESPEC);
            long now = System.nanoTime();
            boolean cutAlive = cutCopy.isAlive();
            if (!cutAlive && cutCopyGone == 0) {
                cutCopyGone = now;
            }
            if (!"STOPPED".equals(other) && otherCopySeen == 0) {
                otherCopySeen = now;
            }
            if (cutAlive && !"STOPPED".equals(other)) {
                violations.add(NAMESPEC + " " + other + " on supv-02 while its copy still runs on supv-03");
            }
            return other;
        }

        @Override
        public String toString() {
            return "gone on supv-03 at " + cutCopyGone + ", seen on supv-02 at " + otherCopySeen;
        }
    }

    /** The single instance where the program is RUNNING as the observer sees it, else null. */
    private static String runningOn(SupvisorsRpc observer) {
        Object[] infos = (Object[]) observer.rpc().invoke("supvisors.get_process_info", NAMESPEC);
        if (infos.length != 1) {
            return null;
        }
        Map<String, Object> process = SupvisorsRpc.struct(infos[0]);
        Object[] ids = (Object[]) process.get("identifiers");
        return "RUNNING".equals(process.get("statename")) && ids.length == 1 ? (String) ids[0] : null;
    }

    /** The number of conflicts seen by every instance together. */
    private static int conflicts(Cluster cluster, List<String> ids) {
        return ids.stream()
                .mapToInt(id -> ((Object[]) cluster.supvisors(id).rpc().invoke("supvisors.get_conflicts")).length)
                .sum();
    }

    private static String state(Cluster cluster, String id, String name) {
        return (String) SupvisorsRpc.struct(
                cluster.instance(id).supervisor().invoke("supervisor.getProcessInfo", name)).get("statename");
    }

    private static long pid(Cluster cluster, String id, String name) {
        return ((Number) SupvisorsRpc.struct(
                cluster.instance(id).supervisor().invoke("supervisor.getProcessInfo", name)).get("pid")).longValue();
    }

    private static long nodePid(Cluster cluster, String id) {
        Map<String, Object> info = SupvisorsRpc.struct(
                cluster.instance(id).supervisor().invoke("supervisor.getProcessInfo", "supvisors"));
        return ((Number) info.get("pid")).longValue();
    }
}
