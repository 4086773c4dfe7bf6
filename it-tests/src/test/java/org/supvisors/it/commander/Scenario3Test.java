package org.supvisors.it.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.it.commander.Views.application;
import static org.supvisors.it.commander.Views.applicationIn;
import static org.supvisors.it.commander.Views.awaitOnEach;
import static org.supvisors.it.commander.Views.holdsOnEach;

import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * Scenario 3 of the manual (chapter 12) on 2 servers and 2 consoles, with the files of {@code conf/scenario-3}:
 * scen3_srv distributed over the servers (LESS_LOADED, RESTART_PROCESS when a server is lost), one scen3_hci_N per
 * console ({@code #,consoles}) started after scen3_srv and not restarted when its console is lost; the internal
 * data bus on every instance; every program partakes in the load.
 *
 * <p>One cluster for the class; the tests run in order (the last two each lose an instance for good).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Scenario3Test {

    static final String SCENARIO = "scenario-3";
    static final List<String> SERVERS = List.of("server_1", "server_2");
    static final List<String> CONSOLES = List.of("console_1", "console_2");
    static final String SRV = "scen3_srv";
    static final List<String> SRV_RUNNERS = List.of("scen3_item_manager", "scen3_track_manager",
            "scen3_system_health", "scen3_common_bus_interface");
    static final List<String> SRV_CHECKS = List.of("scen3_check_internal_data_bus", "scen3_check_common_data_bus");
    /** console -> its scen3_hci_N. */
    static final Map<String, String> HCI = Map.of("console_1", "scen3_hci_01", "console_2", "scen3_hci_02");
    static final List<String> HCI_RUNNERS = List.of("scen3_chart_view", "scen3_item_control");
    static final List<String> HCI_CHECKS = List.of("scen3_check_internal_data_bus");
    /** expected_loading of a scen3_srv service and of a scen3_hci_N. */
    static final int SERVICE_LOAD = 2;
    static final int HCI_LOAD = 16;

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(spec());

    static ClusterSpec spec() {
        ClusterSpec spec = ClusterSpec.named("server_1", "server_2", "console_1", "console_2")
                .option("rules_files", "rules.xml")
                .file("rules.xml", ScenarioFiles.read(SCENARIO, "rules.xml"));
        for (String server : SERVERS) {
            spec = spec.sectionFor(server, ScenarioFiles.readAll(SCENARIO, "common.ini", "server.ini"));
        }
        for (String console : CONSOLES) {
            spec = spec.sectionFor(console, ScenarioFiles.readAll(SCENARIO, "common.ini", "console/programs.ini",
                    "console/" + console + "/group.ini"));
        }
        return spec;
    }

    /**
     * Requirements 1, 2, 3, 5, 10, 11, 12, 20: scen3_srv over both servers, then each scen3_hci_N on its console,
     * the internal data bus everywhere, loads as expected.
     */
    @Test
    @Order(1)
    void scen3SrvIsDistributedOverTheServersThenEachConsoleRunsItsHci() {
        Cluster cluster = CLUSTER.cluster();
        List<String> all = cluster.identifiers();
        cluster.awaitOperation(all, Limits.STARTUP);
        cluster.awaitRunning(all, all, Limits.STARTUP);

        Map<String, String> placement = srvPlacement(cluster, all);
        assertEquals(Set.copyOf(SERVERS), Set.copyOf(placement.values()),
                "LESS_LOADED spreads scen3_srv over both servers: " + placement);
        awaitOnEach("scen3_srv RUNNING without failure", cluster, all, Limits.CHANGE, n -> application(n, SRV),
                application("RUNNING", false, false));
        HCI.forEach((console, hci) -> {
            awaitOnEach(hci + " whole on " + console, cluster, all, Limits.SEQUENCE,
                    n -> Scenario2Test.placement(n, hci, HCI_RUNNERS, HCI_CHECKS), h -> console.equals(h.value()));
            awaitOnEach(hci + " RUNNING without failure", cluster, all, Limits.CHANGE, n -> application(n, hci),
                    application("RUNNING", false, false));
        });

        // scen3_hci_N (start_sequence 3) starts once scen3_srv (1) is RUNNING: after its last program reached
        // RUNNING, i.e. at least startsecs (1 s) after that program started (supervisord dates, in seconds).
        long lastSrvStart = 0;
        for (Map.Entry<String, String> e : placement.entrySet()) {
            lastSrvStart = Math.max(lastSrvStart, start(cluster, e.getValue(), SRV + ":" + e.getKey()));
        }
        for (Map.Entry<String, String> e : HCI.entrySet()) {
            long hciStart = start(cluster, e.getKey(), e.getValue() + ":" + HCI_CHECKS.get(0));
            assertTrue(hciStart > lastSrvStart, e.getValue() + " started at " + hciStart
                    + ", before scen3_srv was RUNNING (its last program started at " + lastSrvStart + ")");
        }

        awaitOnEach("scen3_internal_data_bus RUNNING on every instance", cluster, all, Limits.CHANGE,
                n -> new TreeSet<>(Views.identifiers(Views.process(n, "scen3_internal_data_bus"))),
                new TreeSet<>(all)::equals);
        for (String server : SERVERS) {
            int expected = SERVICE_LOAD * (int) placement.values().stream().filter(server::equals).count();
            awaitOnEach(server + " loading " + expected, cluster, all, Limits.CHANGE,
                    n -> n.instanceInfo(server).get("loading"), Integer.valueOf(expected)::equals);
        }
        for (String console : CONSOLES) {
            awaitOnEach(console + " loading " + HCI_LOAD, cluster, all, Limits.CHANGE,
                    n -> n.instanceInfo(console).get("loading"), Integer.valueOf(HCI_LOAD)::equals);
        }
    }

    /** Requirement 13: the scen3_srv programs of a lost server are restarted on the other server. */
    @Test
    @Order(2)
    void programsOfALostServerAreRestartedOnTheOtherServer() {
        Cluster cluster = CLUSTER.cluster();
        List<String> all = Scenario2Test.live(cluster);
        Views.ensureWhole(cluster, all, SRV, "LESS_LOADED", Commands.on(cluster, all.get(0)),
                n -> runnersWhere(n, true) != null);
        Map<String, String> placement = srvPlacement(cluster, all);
        String master = cluster.supvisors(all.get(0)).master();
        String victim = SERVERS.stream().filter(s -> !s.equals(master) && placement.containsValue(s)).findFirst()
                .orElseThrow(() -> new AssertionError("no server to lose besides the Master " + master));
        String other = SERVERS.stream().filter(s -> !s.equals(victim)).findFirst().orElseThrow();
        List<String> survivors = all.stream().filter(id -> !id.equals(victim)).toList();

        cluster.kill9(victim);

        cluster.awaitInstanceState(survivors, victim, "SILENT", Limits.DETECTION);
        Map<String, String> onOther = new TreeMap<>();
        SRV_RUNNERS.forEach(r -> onOther.put(r, other));
        awaitOnEach("every scen3_srv program RUNNING on " + other, cluster, survivors, Limits.FAILOVER,
                n -> Views.Seen.of(n, SRV, v -> runnersWhere(v, false)), m -> onOther.equals(m.value()));
        awaitOnEach("scen3_srv RUNNING", cluster, survivors, Limits.CHANGE, n -> application(n, SRV),
                applicationIn("RUNNING"));
        awaitOnEach(other + " loading " + SERVICE_LOAD * SRV_RUNNERS.size(), cluster, survivors, Limits.CHANGE,
                n -> n.instanceInfo(other).get("loading"), Integer.valueOf(SERVICE_LOAD * SRV_RUNNERS.size())::equals);
    }

    /** Requirement 21: the scen3_hci_N of a lost console is not restarted on another console. */
    @Test
    @Order(3)
    void hciOfALostConsoleIsNotRestartedElsewhere() {
        Cluster cluster = CLUSTER.cluster();
        List<String> all = Scenario2Test.live(cluster);
        String master = cluster.supvisors(all.get(0)).master();
        String victim = CONSOLES.stream().filter(c -> !c.equals(master) && all.contains(c)).findFirst()
                .orElseThrow(() -> new AssertionError("no console to lose besides the Master " + master));
        String hci = HCI.get(victim);
        String otherConsole = CONSOLES.stream().filter(c -> !c.equals(victim)).findFirst().orElseThrow();
        for (String console : List.of(victim, otherConsole)) {
            Views.ensureWhole(cluster, all, HCI.get(console), "CONFIG", Commands.on(cluster, console),
                    n -> console.equals(Scenario2Test.host(n, HCI.get(console), HCI_RUNNERS, HCI_CHECKS)));
        }
        awaitOnEach(hci + " whole on " + victim, cluster, all, Limits.SEQUENCE,
                n -> Scenario2Test.placement(n, hci, HCI_RUNNERS, HCI_CHECKS), h -> victim.equals(h.value()));
        List<String> survivors = all.stream().filter(id -> !id.equals(victim)).toList();

        cluster.kill9(victim);

        cluster.awaitInstanceState(survivors, victim, "SILENT", Limits.DETECTION);
        awaitOnEach(hci + " running nowhere", cluster, survivors, Limits.CHANGE,
                n -> Scenario2Test.stoppedWhole(n, hci, HCI_RUNNERS), Boolean.TRUE::equals);
        holdsOnEach(hci + " not restarted, " + HCI.get(otherConsole) + " untouched", cluster, survivors, Limits.QUIET,
                n -> Scenario2Test.stoppedWhole(n, hci, HCI_RUNNERS)
                        && otherConsole.equals(Scenario2Test.host(n, HCI.get(otherConsole), HCI_RUNNERS, HCI_CHECKS)),
                Boolean.TRUE::equals);
    }

    /**
     * Waits until every scen3_srv program runs on one server and its checks exited as expected, the same for every
     * observer; program -> server.
     */
    static Map<String, String> srvPlacement(Cluster cluster, List<String> observers) {
        Map<String, Views.Seen<Map<String, String>>> seen = awaitOnEach("scen3_srv deployed on the servers",
                cluster, observers, Limits.SEQUENCE, n -> Views.Seen.of(n, SRV, v -> runnersWhere(v, true)),
                m -> m.value() != null && m.value().size() == SRV_RUNNERS.size()
                        && SERVERS.containsAll(m.value().values()));
        Set<Map<String, String>> placements = new HashSet<>();
        seen.values().forEach(m -> placements.add(m.value()));
        assertEquals(1, placements.size(), "scen3_srv seen placed differently: " + seen);
        return new LinkedHashMap<>(placements.iterator().next());
    }

    /**
     * program -> the instance it runs on, when every long-running scen3_srv program runs on one instance (and, with
     * {@code withChecks}, the checks exited as expected); else null.
     */
    static Map<String, String> runnersWhere(SupvisorsRpc node, boolean withChecks) {
        Map<String, String> where = new TreeMap<>();
        for (Map<String, Object> p : Views.processes(node, SRV + ":*")) {
            String name = (String) p.get("process_name");
            if (SRV_RUNNERS.contains(name)) {
                if (!"RUNNING".equals(Views.state(p)) || Views.identifiers(p).size() != 1) {
                    return null;
                }
                where.put(name, Views.identifiers(p).get(0));
            } else if (withChecks && SRV_CHECKS.contains(name) && !Views.exitedAsExpected().test(p)) {
                return null;
            }
        }
        return where;
    }

    private static long start(Cluster cluster, String id, String namespec) {
        return ((Number) Views.supervisorInfo(cluster.instance(id), namespec).get("start")).longValue();
    }
}
