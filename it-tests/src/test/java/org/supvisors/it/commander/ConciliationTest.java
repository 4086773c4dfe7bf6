package org.supvisors.it.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.it.commander.Views.awaitOnEach;
import static org.supvisors.it.commander.Views.holdsOnEach;
import static org.supvisors.it.commander.Views.process;
import static org.supvisors.it.commander.Views.runningOn;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;
import org.supvisors.it.harness.SupervisordInstance;
import org.supvisors.it.harness.SupvisorsRpc;

/**
 * Conciliation (manual §8.8, compat/behaviour.md §9): the managed program {@code dup} started directly through the
 * supervisords of supv-01 then supv-02 (supv-01's copy older by 2 s at least) is a conflict. With
 * {@code conciliation_strategy=SENICIDE} the Master keeps the youngest copy by itself; with USER, Supvisors stays in
 * CONCILIATION until {@code conciliate("INFANTICIDE")}, which keeps the oldest. Either way the copy kept is not
 * restarted and Supvisors goes back to OPERATION. One cluster of 2 instances per test (the strategy is an option).
 */
class ConciliationTest {

    static final String RULES = """
            <?xml version="1.0" encoding="UTF-8"?>
            <root>
              <application name="dup"/>
            </root>
            """;

    @RegisterExtension
    final ClusterExtension clusters = ClusterExtension.perTest();

    @Test
    void senicideKeepsTheYoungestCopy() {
        Cluster cluster = start("senicide", "SENICIDE");
        List<String> all = cluster.identifiers();
        Copies copies = startTwice(cluster);

        awaitOnEach("dup RUNNING on [supv-02] only", cluster, all, Limits.CHANGE, n -> process(n, "dup"),
                runningOn("supv-02"));
        assertSolved(cluster, copies, "supv-02", "supv-01");
    }

    @Test
    void userStrategyWaitsForConciliateThenInfanticideKeepsTheOldestCopy() {
        Cluster cluster = start("user", "USER");
        List<String> all = cluster.identifiers();
        Copies copies = startTwice(cluster);

        awaitOnEach("CONCILIATION", cluster, all, Limits.CHANGE, SupvisorsRpc::fsmState, "CONCILIATION"::equals);
        awaitOnEach("dup in get_conflicts on both instances", cluster, all, Limits.CHANGE, Views::conflicts,
                l -> l.size() == 1 && "dup".equals(l.get(0).get("process_name"))
                        && Set.copyOf(Views.identifiers(l.get(0))).equals(Set.of("supv-01", "supv-02")));
        holdsOnEach("CONCILIATION kept, both copies untouched, until the user acts", cluster, all, Limits.QUIET,
                n -> n.fsmState() + " " + supervisorState(cluster.instance("supv-01"))
                        + " " + supervisorState(cluster.instance("supv-02")),
                "CONCILIATION RUNNING RUNNING"::equals);

        assertTrue(Commands.on(cluster, "supv-02").conciliate("INFANTICIDE"), "conciliate(INFANTICIDE)");

        awaitOnEach("dup RUNNING on [supv-01] only", cluster, all, Limits.CHANGE, n -> process(n, "dup"),
                runningOn("supv-01"));
        assertSolved(cluster, copies, "supv-01", "supv-02");
    }

    private Cluster start(String name, String strategy) {
        Cluster cluster = clusters.start(name, ClusterSpec.of(2)
                .option("conciliation_strategy", strategy)
                .option("rules_files", "rules.xml")
                .file("rules.xml", RULES)
                .section("""
                        [program:dup]
                        command=sleep 100000
                        autostart=false
                        autorestart=false
                        startsecs=1
                        stopwaitsecs=2
                        """));
        List<String> all = cluster.identifiers();
        cluster.awaitOperation(all, Limits.STARTUP);
        cluster.awaitRunning(all, all, Limits.STARTUP);
        for (String id : all) {
            assertEquals(strategy, Views.strategies(cluster.supvisors(id)).get("conciliation"),
                    "get_strategies on " + id);
        }
        awaitOnEach("dup known, stopped", cluster, all, Limits.CHANGE, n -> process(n, "dup"),
                Views.runningNowhere());
        return cluster;
    }

    /** The pids of the two copies. */
    private record Copies(long older, long younger) {
    }

    /** dup started by supv-01's supervisord, then, once 2 s old, by supv-02's. */
    private static Copies startTwice(Cluster cluster) {
        SupervisordInstance first = cluster.instance("supv-01");
        SupervisordInstance second = cluster.instance("supv-02");
        first.supervisor().invoke("supervisor.startProcess", "dup", true);
        awaitOnEach("dup RUNNING on [supv-01]", cluster, cluster.identifiers(), Limits.CHANGE,
                n -> process(n, "dup"), runningOn("supv-01"));
        Await.until("supv-01's copy at least 2 s old", Limits.CHANGE, () -> Views.supervisorInfo(first, "dup"),
                info -> ((Number) info.get("now")).longValue() - ((Number) info.get("start")).longValue() >= 2);
        second.supervisor().invoke("supervisor.startProcess", "dup", true);
        return new Copies(Views.pid(first, "dup"), Views.pid(second, "dup"));
    }

    /** The copy on {@code kept} is the same process as before, the other one is stopped, OPERATION again. */
    private static void assertSolved(Cluster cluster, Copies copies, String kept, String stopped) {
        List<String> all = cluster.identifiers();
        Await.until("dup stopped in " + stopped + "'s supervisord", Limits.CHANGE,
                () -> supervisorState(cluster.instance(stopped)), "STOPPED"::equals);
        long expectedPid = "supv-01".equals(kept) ? copies.older() : copies.younger();
        assertEquals(expectedPid, Views.pid(cluster.instance(kept), "dup"), "the copy kept was not restarted");
        awaitOnEach("no conflict", cluster, all, Limits.CHANGE, Views::conflicts, List::isEmpty);
        awaitOnEach("OPERATION", cluster, all, Limits.CHANGE, SupvisorsRpc::fsmState, "OPERATION"::equals);
        holdsOnEach("dup still RUNNING on [" + kept + "]", cluster, all, Limits.QUIET, n -> process(n, "dup"),
                runningOn(kept));
    }

    private static String supervisorState(SupervisordInstance instance) {
        Map<String, Object> info = Views.supervisorInfo(instance, "dup");
        return (String) info.get("statename");
    }
}
