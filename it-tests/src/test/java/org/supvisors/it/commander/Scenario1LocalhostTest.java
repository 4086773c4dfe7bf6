package org.supvisors.it.commander;

import static org.supvisors.it.commander.Views.application;
import static org.supvisors.it.commander.Views.awaitOnEach;
import static org.supvisors.it.commander.Views.picture;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;

/**
 * Scenario 1 of the manual (chapter 10), requirements 6 and 7: the developers' configuration of
 * {@code conf/scenario-1} (one instance, every program, no wait program, the same rules file) starts scen1 at once,
 * without any NFS mount.
 */
class Scenario1LocalhostTest {

    static final String ID = "localhost";

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(ClusterSpec.named(ID)
            .option("rules_files", "rules.xml")
            .file("rules.xml", ScenarioFiles.read(Scenario1Test.SCENARIO, "rules.xml"))
            .section(ScenarioFiles.readAll(Scenario1Test.SCENARIO, "supv-01/programs.ini", "supv-02/programs.ini",
                    "supv-03/programs.ini", "localhost/group.ini")));

    @Test
    void developersConfigurationStartsEveryProgramAtOnceWithoutWaitingForTheMount() {
        Cluster cluster = CLUSTER.cluster();
        List<String> all = cluster.identifiers();
        cluster.awaitOperation(all, Limits.STARTUP);

        Map<String, String> expected = new TreeMap<>();
        Scenario1Test.PROGRAMS.values().forEach(programs -> programs.subList(1, programs.size())
                .forEach(p -> expected.put(Scenario1Test.APP + ":" + p, "RUNNING [" + ID + "]")));
        awaitOnEach("every scen1 program RUNNING on " + ID + ", no wait program", cluster, all, Limits.SEQUENCE,
                n -> picture(n, Scenario1Test.APP), expected::equals);
        awaitOnEach("scen1 RUNNING without failure", cluster, all, Limits.CHANGE,
                n -> application(n, Scenario1Test.APP), application("RUNNING", false, false));
    }
}
