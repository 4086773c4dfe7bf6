package org.supvisors.it.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.it.process.ModelViews.allProcessInfo;
import static org.supvisors.it.process.ModelViews.applicationInfo;
import static org.supvisors.it.process.ModelViews.awaitOnEach;
import static org.supvisors.it.process.ModelViews.ctl;
import static org.supvisors.it.process.ModelViews.identifiers;
import static org.supvisors.it.process.ModelViews.process;
import static org.supvisors.it.process.ModelViews.runningOn;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;
import org.supvisors.it.harness.SupvisorsRpc;

/**
 * An instance C (supv-03) that joins after A and B reached OPERATION gets the whole process model, and the others
 * get its processes; then C is killed (-9, supervisord and its whole tree) while its processes run: the others
 * show them FATAL with an unexpected exit, running nowhere (compat/behaviour.md §3.4), and C SILENT.
 *
 * <p>One cluster for the class, C not started at first; the second test starts from whatever the first left
 * (it relaunches C if needed), so the order is fixed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LateAndLostInstanceTest {

    static final String A = "supv-01";
    static final String B = "supv-02";
    static final String C = "supv-03";

    static final String PROGRAMS = """
            [program:early]
            command=sleep 100000
            autostart=false
            startsecs=1
            stopwaitsecs=2

            [program:late]
            command=sleep 100000
            autostart=false
            startsecs=1
            stopwaitsecs=2

            [program:guard]
            command=sleep 100000
            autostart=false
            startsecs=1
            stopwaitsecs=2
            """;

    static final String RULES = """
            <?xml version="1.0" encoding="UTF-8"?>
            <root>
              <application name="guard">
                <programs>
                  <program name="guard">
                    <start_sequence>1</start_sequence>
                    <required>true</required>
                    <expected_loading>20</expected_loading>
                  </program>
                </programs>
              </application>
            </root>
            """;

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(ClusterSpec.of(3)
            .notStarted(C)
            .option("rules_files", "rules.xml")
            .file("rules.xml", RULES)
            .section(PROGRAMS));

    @Test
    @Order(1)
    void lateInstanceGetsTheWholePictureAndIsSeenByTheOthers() {
        Cluster cluster = CLUSTER.cluster();
        cluster.awaitOperation(List.of(A, B), Waits.STARTUP);
        ctl(cluster.instance(A), "start", "early");
        awaitOnEach("early RUNNING on [" + A + "]", cluster, List.of(A, B), Waits.CHANGE,
                n -> process(n, "early"), runningOn(A));

        cluster.launch(C);
        cluster.awaitOperation(cluster.identifiers(), Waits.JOIN);
        cluster.awaitRunning(cluster.identifiers(), cluster.identifiers(), Waits.JOIN);

        awaitOnEach("early RUNNING on [" + A + "]", cluster, List.of(C), Waits.CHANGE,
                n -> process(n, "early"), runningOn(A));
        ctl(cluster.instance(C), "start", "late");
        awaitOnEach("late RUNNING on [" + C + "]", cluster, cluster.identifiers(), Waits.CHANGE,
                n -> process(n, "late"), runningOn(C));
        // The same picture everywhere: every process with its state and where it runs.
        Map<String, Map<String, String>> views = awaitOnEach("one picture", cluster, cluster.identifiers(),
                Waits.CHANGE, LateAndLostInstanceTest::picture, v -> true);
        awaitOnEach("the picture of " + A, cluster, cluster.identifiers(), Waits.CHANGE,
                LateAndLostInstanceTest::picture, views.get(A)::equals);
        assertTrue(views.get(C).keySet().containsAll(Set.of("early", "late", "guard")), views.toString());
    }

    @Test
    @Order(2)
    void killedInstanceProcessesAreFatalWithUnexpectedExitAndTheInstanceIsSilent() {
        Cluster cluster = CLUSTER.cluster();
        cluster.ensureUp();
        if (!cluster.instance(C).isAlive()) {
            cluster.launch(C);
        }
        List<String> all = cluster.identifiers();
        cluster.awaitOperation(all, Waits.JOIN);
        cluster.awaitRunning(all, all, Waits.JOIN);
        if (!runningOn(C).test(process(cluster.supvisors(C), "late"))) {
            ctl(cluster.instance(C), "start", "late");
        }
        ctl(cluster.instance(C), "start", "guard");
        awaitOnEach("late and guard RUNNING on [" + C + "]", cluster, all, Waits.CHANGE,
                n -> List.of(process(n, "late"), process(n, "guard")), l -> l.stream().allMatch(runningOn(C)));
        awaitOnEach(C + " loading 20", cluster, List.of(A, B), Waits.CHANGE, n -> n.instanceInfo(C).get("loading"),
                Integer.valueOf(20)::equals);

        cluster.kill9(C);

        List<String> survivors = List.of(A, B);
        cluster.awaitInstanceState(survivors, C, "SILENT", Waits.DETECTION);
        for (String namespec : List.of("late", "guard")) {
            Map<String, Map<String, Object>> seen = awaitOnEach(namespec + " FATAL, unexpected, running nowhere",
                    cluster, survivors, Waits.CHANGE, n -> process(n, namespec),
                    p -> "FATAL".equals(p.get("statename")) && Boolean.FALSE.equals(p.get("expected_exit"))
                            && identifiers(p).isEmpty());
            seen.forEach((id, p) -> assertEquals(200, p.get("statecode"), id + ": " + p));
        }
        // The required managed program lost: a major failure of its application (compat/behaviour.md §6.1).
        awaitOnEach("guard STOPPED with a major failure", cluster, survivors, Waits.CHANGE,
                n -> applicationInfo(n, "guard"), ProcessModelTest.application("STOPPED", true, false));
        // What ran elsewhere is untouched.
        awaitOnEach("early still RUNNING on [" + A + "]", cluster, survivors, Waits.CHANGE,
                n -> process(n, "early"), runningOn(A));
        for (String id : survivors) {
            Map<String, Object> info = cluster.supvisors(id).instanceInfo(C);
            assertEquals("SILENT", info.get("statename"), id + ": " + info);
            assertEquals(0, info.get("loading"), "nothing runs on a lost instance, seen by " + id + ": " + info);
        }
    }

    /**
     * namespec -> statename and running identifiers (sorted: Supvisors keeps them in a set), from
     * get_all_process_info.
     */
    private static Map<String, String> picture(SupvisorsRpc node) {
        Map<String, String> picture = new TreeMap<>();
        for (Map<String, Object> p : allProcessInfo(node)) {
            picture.put(ModelViews.namespec(p), p.get("statename") + " " + new TreeSet<>(identifiers(p)));
        }
        return picture;
    }
}
