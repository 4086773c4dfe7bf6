package org.supvisors.it.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.it.commander.Views.application;
import static org.supvisors.it.commander.Views.awaitOnEach;
import static org.supvisors.it.commander.Views.exitedAsExpected;
import static org.supvisors.it.commander.Views.holdsOnEach;
import static org.supvisors.it.commander.Views.picture;
import static org.supvisors.it.commander.Views.process;
import static org.supvisors.it.commander.Views.runningNowhere;
import static org.supvisors.it.commander.Views.runningOn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;
import org.supvisors.it.harness.XmlRpc;

/**
 * Scenario 1 of the manual (chapter 10), distributed over supv-01..03 with the files of {@code conf/scenario-1}:
 * the fixed distribution (requirements 1 and 4), the start held until the NFS mount is there (requirement 2), the
 * operational status (requirement 3), the restart on user request (requirement 5).
 *
 * <p>The NFS mount is a file the test creates: until then the deployment stays in its first stage. One cluster
 * for the class; the tests run in order, each from what the previous one left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Scenario1Test {

    static final String SCENARIO = "scenario-1";
    static final String APP = "scen1";
    /** The programs of each instance, the wait program first. */
    static final Map<String, List<String>> PROGRAMS = new LinkedHashMap<>();

    static {
        PROGRAMS.put("supv-01", List.of("scen1_wait_nfs_mount_1", "scen1_hci", "scen1_config_manager",
                "scen1_data_processing", "scen1_external_interface", "scen1_data_recorder"));
        PROGRAMS.put("supv-02", List.of("scen1_wait_nfs_mount_2", "scen1_sensor_acquisition_1",
                "scen1_sensor_processing_1"));
        PROGRAMS.put("supv-03", List.of("scen1_wait_nfs_mount_3", "scen1_sensor_acquisition_2",
                "scen1_sensor_processing_2"));
    }

    /** The file that stands for the NFS mount point (SCEN1_NFS_MOUNT of the programs). */
    static final Path MOUNT = Programs.sharedDir(SCENARIO).resolve("nfs-mounted");

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(spec());

    static ClusterSpec spec() {
        ClusterSpec spec = ClusterSpec.of(3)
                .option("rules_files", "rules.xml")
                .file("rules.xml", ScenarioFiles.read(SCENARIO, "rules.xml"))
                .supervisordOption("environment", "SCEN1_NFS_MOUNT=\"" + MOUNT + "\"");
        for (String id : PROGRAMS.keySet()) {
            spec = spec.sectionFor(id, ScenarioFiles.readAll(SCENARIO, id + "/programs.ini",
                    id + "/wait_nfs_mount.ini", id + "/group.ini"));
        }
        return spec;
    }

    /** Requirements 1 and 2: stage 1 waits for the mount, then every program runs on its own instance. */
    @Test
    @Order(1)
    void deploymentWaitsForTheNfsMountThenStartsEveryProgramOnItsOwnInstance() throws IOException {
        Cluster cluster = CLUSTER.cluster();
        List<String> all = cluster.identifiers();
        cluster.awaitRunning(all, all, Limits.STARTUP);

        Map<String, String> firstStage = expected(true);
        awaitOnEach("scen1 in its first stage", cluster, all, Limits.STARTUP, n -> picture(n, APP),
                firstStage::equals);
        // The wait programs have startsecs=0: they are RUNNING at once, so is scen1 (compat behaviour §6.1),
        // with a major failure since its required programs are still stopped.
        awaitOnEach("scen1 RUNNING with a major failure", cluster, all, Limits.CHANGE, n -> application(n, APP),
                application("RUNNING", true, false));
        holdsOnEach("nothing but the wait programs started, and no OPERATION, before the mount", cluster, all,
                Limits.QUIET, n -> Map.entry(n.fsmState(), picture(n, APP)),
                e -> !"OPERATION".equals(e.getKey()) && firstStage.equals(e.getValue()));

        Files.createFile(MOUNT);

        cluster.awaitOperation(all, Limits.SEQUENCE);
        Map<String, String> deployed = expected(false);
        awaitOnEach("every scen1 program RUNNING on its instance", cluster, all, Limits.SEQUENCE,
                n -> picture(n, APP), deployed::equals);
        for (String id : PROGRAMS.keySet()) {
            String wait = APP + ":" + PROGRAMS.get(id).get(0);
            awaitOnEach(wait + " exited as expected", cluster, all, Limits.CHANGE, n -> process(n, wait),
                    exitedAsExpected());
        }
        awaitOnEach("scen1 RUNNING without failure", cluster, all, Limits.CHANGE, n -> application(n, APP),
                application("RUNNING", false, false));
    }

    /** Requirement 3: a required program that crashes makes scen1 not operational (major failure). */
    @Test
    @Order(2)
    void crashOfARequiredProgramIsAMajorFailureOfScen1() throws IOException {
        Cluster cluster = deployed();
        List<String> all = cluster.identifiers();
        String victim = APP + ":scen1_data_recorder";

        Views.kill9Process(cluster.instance("supv-01"), victim);

        awaitOnEach(victim + " crashed, running nowhere", cluster, all, Limits.CHANGE, n -> process(n, victim),
                p -> runningNowhere().test(p) && Boolean.FALSE.equals(p.get("expected_exit")));
        awaitOnEach("scen1 RUNNING with a major failure", cluster, all, Limits.CHANGE, n -> application(n, APP),
                application("RUNNING", true, false));
    }

    /** Requirement 5: restart_application restarts every program, each on its own instance, with new pids. */
    @Test
    @Order(3)
    void restartApplicationRestartsEveryProgramOnItsOwnInstance() throws IOException {
        Cluster cluster = deployedOrCrashed();
        List<String> all = cluster.identifiers();
        Map<String, Long> pidsBefore = pids(cluster);
        Map<String, Long> waitStartsBefore = waitStarts(cluster);

        assertTrue(Commands.on(cluster, "supv-02").restartApplication("CONFIG", APP, true),
                "restart_application(CONFIG, scen1, True)");

        Map<String, String> deployed = expected(false);
        awaitOnEach("every scen1 program RUNNING on its instance again", cluster, all, Limits.CHANGE,
                n -> picture(n, APP), deployed::equals);
        awaitOnEach("scen1 RUNNING without failure", cluster, all, Limits.CHANGE, n -> application(n, APP),
                application("RUNNING", false, false));
        Map<String, Long> pidsAfter = pids(cluster);
        pidsBefore.forEach((ns, pid) -> assertNotEquals(pid, pidsAfter.get(ns), ns + " was not restarted"));
        Map<String, Long> waitStartsAfter = waitStarts(cluster);
        waitStartsBefore.forEach((ns, start) -> assertTrue(waitStartsAfter.get(ns) > start,
                ns + " did not run again in the restart: start " + start + " then " + waitStartsAfter.get(ns)));
    }

    /**
     * Requirements 1 and 4: a program only starts on the instance that defines it, whatever node is asked and
     * whatever the strategy; the supervisord of another instance does not even know it.
     */
    @Test
    @Order(4)
    void aProgramStartsOnlyOnTheInstanceThatDefinesIt() throws IOException {
        Cluster cluster = deployedOrCrashed();
        List<String> all = cluster.identifiers();
        String ns = APP + ":scen1_sensor_acquisition_1";

        XmlRpc.RpcFailure unknown = assertThrows(XmlRpc.RpcFailure.class,
                () -> cluster.instance("supv-01").supervisor().invoke("supervisor.startProcess", ns, true));
        assertEquals(10, unknown.code(), "supervisor.startProcess on supv-01: " + unknown.getMessage());

        assertTrue(Commands.on(cluster, "supv-01").stopProcess(ns, true), "stop_process(" + ns + ", True)");
        awaitOnEach(ns + " stopped", cluster, all, Limits.CHANGE, n -> process(n, ns), runningNowhere());

        XmlRpc.RpcFailure local = assertThrows(XmlRpc.RpcFailure.class,
                () -> Commands.on(cluster, "supv-01").startProcess("LOCAL", ns, "", true),
                "start_process(LOCAL) on supv-01, which does not define " + ns);
        assertEquals(40, local.code(), local.getMessage());
        awaitOnEach(ns + " still running nowhere", cluster, all, Limits.CHANGE, n -> process(n, ns),
                runningNowhere());

        assertTrue(Commands.on(cluster, "supv-03").startProcess("LESS_LOADED", ns, "", true),
                "start_process(LESS_LOADED) on supv-03");
        awaitOnEach(ns + " RUNNING on [supv-02]", cluster, all, Limits.CHANGE, n -> process(n, ns),
                runningOn("supv-02"));
    }

    /** namespec -> "STATE [ids]" of every scen1 program: in the first stage, or once deployed. */
    static Map<String, String> expected(boolean firstStage) {
        Map<String, String> picture = new TreeMap<>();
        PROGRAMS.forEach((id, programs) -> {
            for (int i = 0; i < programs.size(); i++) {
                String ns = APP + ":" + programs.get(i);
                boolean wait = i == 0;
                if (firstStage) {
                    picture.put(ns, wait ? "RUNNING [" + id + "]" : "STOPPED []");
                } else {
                    picture.put(ns, wait ? "EXITED []" : "RUNNING [" + id + "]");
                }
            }
        });
        return picture;
    }

    /**
     * The cluster with scen1 deployed (creating the mount if an earlier test did not; restarting scen1 if the
     * deployment, the first test's subject, left it incomplete).
     */
    private static Cluster deployed() throws IOException {
        Cluster cluster = CLUSTER.cluster();
        if (!Files.exists(MOUNT)) {
            Files.createFile(MOUNT);
        }
        List<String> all = cluster.identifiers();
        cluster.awaitOperation(all, Limits.STARTUP);
        Map<String, String> deployed = expected(false);
        Views.ensureWhole(cluster, all, APP, "CONFIG", Commands.on(cluster, "supv-01"),
                n -> deployed.equals(picture(n, APP)));
        return cluster;
    }

    /** The cluster with scen1 deployed, possibly with the program the previous test crashed. */
    private static Cluster deployedOrCrashed() throws IOException {
        Cluster cluster = CLUSTER.cluster();
        if (!Files.exists(MOUNT)) {
            Files.createFile(MOUNT);
        }
        List<String> all = cluster.identifiers();
        cluster.awaitOperation(all, Limits.STARTUP);
        awaitOnEach("scen1 RUNNING", cluster, all, Limits.SEQUENCE, n -> application(n, APP),
                Views.applicationIn("RUNNING"));
        return cluster;
    }

    /** The pids of the long-running programs that run now, by namespec. */
    private static Map<String, Long> pids(Cluster cluster) {
        Map<String, Long> pids = new TreeMap<>();
        PROGRAMS.forEach((id, programs) -> programs.subList(1, programs.size()).forEach(p -> {
            long pid = Views.pid(cluster.instance(id), APP + ":" + p);
            if (pid > 0) {
                pids.put(APP + ":" + p, pid);
            }
        }));
        return pids;
    }

    /** The last start date (supervisord, seconds) of each wait program. */
    private static Map<String, Long> waitStarts(Cluster cluster) {
        Map<String, Long> starts = new TreeMap<>();
        PROGRAMS.forEach((id, programs) -> {
            String ns = APP + ":" + programs.get(0);
            starts.put(ns, ((Number) Views.supervisorInfo(cluster.instance(id), ns).get("start")).longValue());
        });
        return starts;
    }
}
