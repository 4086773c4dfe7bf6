package org.supvisors.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;
import org.supvisors.it.harness.CriticalProgram;
import org.supvisors.it.harness.ProcessTree;
import org.supvisors.it.harness.SupvisorsRpc;
import org.supvisors.it.harness.XmlRpc;

/**
 * A node crash is not a host loss. 3 instances, the managed program {@code crash:critical} (RESTART_PROCESS,
 * allowed on supv-02 and supv-03, never on the Master supv-01) runs on X:
 * <ul>
 *   <li>kill -9 of X's node JVM alone: supervisord restarts it; the program is not failed over (never started
 *       elsewhere, same pid on X, no conflict, Supvisors never in CONCILIATION) and X is RUNNING again on the others
 *       soon after its new node starts;</li>
 *   <li>kill -9 of X's supervisord with its node: the program is failed over as before.</li>
 * </ul>
 * Each test starts from (and restores) a full cluster in OPERATION with the program running, so the class shares
 * one cluster. The instances are launched one after the other, each once the previous one is RUNNING, so that
 * they form one cluster even on a loaded machine; supv-01, the oldest member, is the Master.
 */
class NodeCrashTest {

    private static final List<String> HOSTS = List.of("supv-02", "supv-03");
    private static final CriticalProgram PROGRAM = new CriticalProgram("crash", HOSTS);
    private static final String NAMESPEC = PROGRAM.namespec();
    private static final Duration POLL = Duration.ofMillis(50);
    /** The target of the re-attachment, from the restarted node's start; generous bound for 2 shared cores. */
    private static final Duration REATTACH_TARGET = Duration.ofSeconds(2);
    private static final Duration REATTACH_BOUND = Duration.ofSeconds(20);
    /** The failover measured today is about 2.5 s; bound for 2 shared cores. */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(20);

    private static final String FIRST = "supv-01";

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(PROGRAM.addTo(ClusterSpec.of(3))
            .notStarted(HOSTS.toArray(String[]::new)));

    private Cluster cluster;
    private String master;
    private String victim;
    private List<String> survivors;

    @BeforeEach
    void programRunningInOperation() {
        cluster = CLUSTER.cluster();
        for (String id : cluster.identifiers()) {
            if (!cluster.instance(id).isAlive()) {
                cluster.launch(id);
            }
            cluster.awaitRunning(List.of(FIRST), List.of(id), Timeouts.REJOIN);
        }
        master = cluster.awaitOperation(cluster.identifiers(), Timeouts.REJOIN);
        cluster.awaitRunning(cluster.identifiers(), cluster.identifiers(), Timeouts.REJOIN);
        SupvisorsRpc observer = cluster.supvisors(master);
        if (runningOn(observer) == null) {
            observer.rpc().invoke("supvisors.start_application", "CONFIG", "crash", true);
        }
        victim = Await.until(NAMESPEC + " RUNNING on one of " + HOSTS, Timeouts.REJOIN,
                () -> runningOn(observer), id -> id != null && HOSTS.contains(id));
        assertNotEquals(master, victim, "the Master runs " + NAMESPEC + ": not the tested case");
        survivors = cluster.othersThan(victim);
    }

    @Test
    void aKilledNodeIsRestartedBySupervisordAndReattachedWithoutFailover() {
        XmlRpc victimSupervisor = cluster.instance(victim).supervisor();
        long programPid = pid(victimSupervisor, NAMESPEC);
        long nodePid = pid(victimSupervisor, "supvisors");
        List<String> violations = new ArrayList<>();

        ProcessTree.kill9(ProcessHandle.of(nodePid).orElseThrow(), Duration.ofSeconds(10));

        // Lost by Akka, the instance is SILENT on the others, but its process is kept: it still runs there.
        Await.until(victim + " not RUNNING on " + survivors, Timeouts.DETECTION, POLL, () -> {
            watch(violations, programPid);
            return survivors.stream().map(o -> cluster.supvisors(o).instanceState(victim)).toList();
        }, states -> states.stream().noneMatch("RUNNING"::equals));
        long restartedPid = Await.until("node of " + victim + " restarted by supervisord", Timeouts.REJOIN, POLL, () -> {
            watch(violations, programPid);
            Map<?, ?> info = (Map<?, ?>) victimSupervisor.invoke("supervisor.getProcessInfo", "supvisors");
            return "RUNNING".equals(info.get("statename")) || "STARTING".equals(info.get("statename"))
                    ? ((Number) info.get("pid")).longValue() : 0L;
        }, pid -> pid != 0 && pid != nodePid);
        Instant nodeStart = ProcessHandle.of(restartedPid).flatMap(p -> p.info().startInstant()).orElseGet(Instant::now);
        Instant reattached = Await.until(victim + " RUNNING again on " + survivors, REATTACH_BOUND, POLL, () -> {
            watch(violations, programPid);
            boolean running = survivors.stream().allMatch(o -> "RUNNING".equals(cluster.supvisors(o).instanceState(victim)));
            return running ? Instant.now() : null;
        }, t -> t != null);
        Duration reattachment = Duration.between(nodeStart, reattached);
        System.out.printf(Locale.ROOT, "%s: node restarted by supervisord -> RUNNING again on %s: %.2f s (target %.1f s)%n",
                victim, survivors, reattachment.toMillis() / 1000.0, REATTACH_TARGET.toMillis() / 1000.0);

        // Nothing happens afterwards either: the program stays where it ran, and the system in OPERATION.
        Await.holds("no failover after the re-attachment", Duration.ofSeconds(5), () -> {
            watch(violations, programPid);
            return violations;
        }, List::isEmpty);
        assertEquals(List.of(), violations);
        assertEquals(victim, runningOn(cluster.supvisors(master)));
        assertEquals(master, cluster.awaitOperation(cluster.identifiers(), Timeouts.REJOIN));
        assertTrue(reattachment.compareTo(REATTACH_BOUND) < 0);
    }

    @Test
    void aLostHostIsFailedOver() {
        String other = HOSTS.stream().filter(id -> !id.equals(victim)).findFirst().orElseThrow();
        SupvisorsRpc observer = cluster.supvisors(master);
        long kill = System.nanoTime();

        cluster.kill9(victim);

        Await.until(NAMESPEC + " RUNNING on " + other, FAILOVER_BOUND, POLL, () -> runningOn(observer),
                other::equals);
        System.out.printf(Locale.ROOT, "%s: kill -9 of supervisord and node -> %s RUNNING on %s: %.2f s%n",
                victim, NAMESPEC, other, (System.nanoTime() - kill) / 1e9);
        assertEquals("SILENT", observer.instanceState(victim));

        cluster.launch(victim);
        cluster.awaitRunning(cluster.identifiers(), cluster.identifiers(), Timeouts.REJOIN);
    }

    /**
     * Records what must not happen while the victim's node is away: the program started on another instance, the
     * program restarted on the victim, a conflict or CONCILIATION on any node.
     */
    private void watch(List<String> violations, long programPid) {
        for (String id : survivors) {
            String state = quietly(() -> {
                Map<?, ?> info = (Map<?, ?>) cluster.instance(id).supervisor().invoke("supervisor.getProcessInfo", NAMESPEC);
                return (String) info.get("statename");
            });
            if (state != null && !"STOPPED".equals(state)) {
                violations.add(NAMESPEC + " " + state + " on " + id);
            }
            String fsm = quietly(() -> cluster.supvisors(id).fsmState());
            if ("CONCILIATION".equals(fsm)) {
                violations.add(id + " in CONCILIATION");
            }
            Object[] conflicts = quietly(() -> (Object[]) cluster.supvisors(id).rpc().invoke("supvisors.get_conflicts"));
            if (conflicts != null && conflicts.length > 0) {
                violations.add(id + " sees conflicts " + XmlRpc.render(conflicts));
            }
        }
        Long pid = quietly(() -> pid(cluster.instance(victim).supervisor(), NAMESPEC));
        if (pid != null && pid != programPid) {
            violations.add(NAMESPEC + " restarted on " + victim + " (pid " + pid + " after " + programPid + ")");
        }
    }

    private static long pid(XmlRpc supervisor, String name) {
        Map<?, ?> info = (Map<?, ?>) supervisor.invoke("supervisor.getProcessInfo", name);
        return ((Number) info.get("pid")).longValue();
    }

    /** The single instance where the program is RUNNING as the observer sees it, else null. */
    private static String runningOn(SupvisorsRpc observer) {
        Object[] infos = quietly(() -> (Object[]) observer.rpc().invoke("supvisors.get_process_info", NAMESPEC));
        if (infos == null || infos.length != 1) {
            return null;
        }
        Map<?, ?> p = (Map<?, ?>) infos[0];
        Object[] ids = (Object[]) p.get("identifiers");
        return "RUNNING".equals(p.get("statename")) && ids.length == 1 ? (String) ids[0] : null;
    }

    private static <T> T quietly(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
