package org.supvisors.it.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;
import org.supvisors.it.harness.SupvisorsRpc;
import org.supvisors.it.harness.XmlRpc;

/**
 * Scenario 2 of the manual (chapter 11) on 2 servers and 2 consoles, with the files of {@code conf/scenario-2}
 * (every instance defines every group: the rules alone place them). scen2_srv_N: started at deployment, each on
 * one server (LESS_LOADED), never on a console, restarted whole when its internal data bus crashes or its server
 * is lost. scen2_hci_N: started on the console asked (LOCAL), refused on servers, once at most, stopped from
 * anywhere, stopped when its internal data bus crashes, not restarted when its console is lost.
 *
 * <p>One cluster for the class; the tests run in order (the last two each lose an instance for good).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Scenario2Test {

    static final String SCENARIO = "scenario-2";
    static final List<String> SERVERS = List.of("server_1", "server_2");
    static final List<String> CONSOLES = List.of("console_1", "console_2");
    static final List<String> SRV = List.of("scen2_srv_01", "scen2_srv_02", "scen2_srv_03");
    static final List<String> SRV_RUNNERS = List.of("scen2_internal_data_bus", "scen2_config_manager",
            "scen2_data_processing", "scen2_common_bus_interface");
    static final List<String> SRV_CHECKS = List.of("scen2_check_internal_data_bus", "scen2_check_common_data_bus");
    static final List<String> HCI_RUNNERS = List.of("scen2_internal_data_bus", "scen2_sensor_control",
            "scen2_sensor_view");
    static final List<String> HCI_CHECKS = List.of("scen2_check_internal_data_bus");
    /**
     * expected_loading of one scen2_srv_N (internal data bus 1, three services 5) and one scen2_hci_N
     * (bus 1, two views 4): half the manual's, since the four instances share one node here.
     */
    static final int SRV_LOAD = 16;
    static final int HCI_LOAD = 9;

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(ClusterSpec.named("server_1", "server_2",
                    "console_1", "console_2")
            .option("rules_files", "rules.xml")
            .file("rules.xml", ScenarioFiles.read(SCENARIO, "rules.xml"))
            .section(ScenarioFiles.readAll(SCENARIO, "common.ini", "programs.ini", "server.ini", "console.ini")));

    /** Requirements 2, 3, 10, 11, 13, 20: each scen2_srv_N whole on one server, both servers used, no HCI. */
    @Test
    @Order(1)
    void eachScen2SrvIsDeployedWholeOnOneServerLessLoaded() {
        Cluster cluster = CLUSTER.cluster();
        List<String> all = cluster.identifiers();
        cluster.awaitOperation(all, Limits.STARTUP);
        cluster.awaitRunning(all, all, Limits.STARTUP);

        Map<String, String> hosts = srvHosts(cluster, all);
        assertEquals(Set.copyOf(SERVERS), Set.copyOf(hosts.values()), "LESS_LOADED uses both servers: " + hosts);
        for (String srv : SRV) {
            awaitOnEach(srv + " RUNNING without failure", cluster, all, Limits.CHANGE, n -> application(n, srv),
                    application("RUNNING", false, false));
        }
        for (String server : SERVERS) {
            int expected = SRV_LOAD * (int) hosts.values().stream().filter(server::equals).count();
            awaitOnEach(server + " loading " + expected, cluster, all, Limits.CHANGE,
                    n -> n.instanceInfo(server).get("loading"), Integer.valueOf(expected)::equals);
        }
        for (String console : CONSOLES) {
            awaitOnEach(console + " loading 0", cluster, all, Limits.CHANGE,
                    n -> n.instanceInfo(console).get("loading"), Integer.valueOf(0)::equals);
        }
        for (String hci : List.of("scen2_hci_01", "scen2_hci_02", "scen2_hci_03")) {
            awaitOnEach(hci + " not started (on user request only)", cluster, all, Limits.CHANGE,
                    n -> application(n, hci), application("STOPPED", false, false));
        }
    }

    /** Requirements 10 and 12: scen2_srv_03 refused on a console (LOCAL), then started once on a server. */
    @Test
    @Order(2)
    void scen2SrvIsRefusedOnAConsoleAndStartsOnceOnAServer() {
        Cluster cluster = CLUSTER.cluster();
        List<String> all = live(cluster);
        String srv = "scen2_srv_03";
        srvRunning(cluster, all);
        Commands console1 = Commands.on(cluster, "console_1");

        assertTrue(console1.stopApplication(srv, true), "stop_application(" + srv + ", True)");
        awaitOnEach(srv + " stopped", cluster, all, Limits.CHANGE, n -> stoppedWhole(n, srv, SRV_RUNNERS),
                Boolean.TRUE::equals);

        assertRefused("start_application(LOCAL, " + srv + ") on console_1",
                () -> console1.startApplication("LOCAL", srv, true));
        holdsOnEach(srv + " running nowhere", cluster, all, Limits.QUIET, n -> stoppedWhole(n, srv, SRV_RUNNERS),
                Boolean.TRUE::equals);

        assertTrue(console1.startApplication("LESS_LOADED", srv, true), "start_application(LESS_LOADED, " + srv
                + ") on console_1");
        awaitOnEach(srv + " whole on one server", cluster, all, Limits.SEQUENCE,
                n -> placement(n, srv, SRV_RUNNERS, SRV_CHECKS), h -> h.value() != null && SERVERS.contains(h.value()));
        XmlRpc.RpcFailure twice = assertThrows(XmlRpc.RpcFailure.class,
                () -> Commands.on(cluster, "console_2").startApplication("LESS_LOADED", srv, true));
        assertEquals(60, twice.code(), "ALREADY_STARTED: " + twice.getMessage());
    }

    /** Requirements 10, 20, 21, 23, 27: scen2_hci_01 LOCAL on console_2, once, refused on a server, stopped. */
    @Test
    @Order(3)
    void scen2HciStartsOnTheConsoleAskedOnlyOnceAndStopsFromAnywhere() {
        Cluster cluster = CLUSTER.cluster();
        List<String> all = live(cluster);
        String hci = "scen2_hci_01";

        assertTrue(Commands.on(cluster, "console_2").startApplication("LOCAL", hci, true),
                "start_application(LOCAL, " + hci + ") on console_2");
        awaitOnEach(hci + " whole on console_2", cluster, all, Limits.CHANGE,
                n -> placement(n, hci, HCI_RUNNERS, HCI_CHECKS), h -> "console_2".equals(h.value()));
        awaitOnEach(hci + " RUNNING without failure", cluster, all, Limits.CHANGE, n -> application(n, hci),
                application("RUNNING", false, false));
        awaitOnEach("console_2 loading " + HCI_LOAD, cluster, all, Limits.CHANGE,
                n -> n.instanceInfo("console_2").get("loading"), Integer.valueOf(HCI_LOAD)::equals);

        XmlRpc.RpcFailure twice = assertThrows(XmlRpc.RpcFailure.class,
                () -> Commands.on(cluster, "console_1").startApplication("LOCAL", hci, true));
        assertEquals(60, twice.code(), "ALREADY_STARTED: " + twice.getMessage());

        assertRefused("start_application(LOCAL, scen2_hci_02) on server_1",
                () -> Commands.on(cluster, "server_1").startApplication("LOCAL", "scen2_hci_02", true));
        holdsOnEach("scen2_hci_02 running nowhere", cluster, all, Limits.QUIET,
                n -> stoppedWhole(n, "scen2_hci_02", HCI_RUNNERS), Boolean.TRUE::equals);

        assertTrue(Commands.on(cluster, "server_2").stopApplication(hci, true),
                "stop_application(" + hci + ") on server_2");
        awaitOnEach(hci + " stopped", cluster, all, Limits.CHANGE, n -> stoppedWhole(n, hci, HCI_RUNNERS),
                Boolean.TRUE::equals);
        awaitOnEach(hci + " STOPPED", cluster, all, Limits.CHANGE, n -> application(n, hci), applicationIn("STOPPED"));
    }

    /** Requirements 15 and 25: a crash of the internal data bus restarts scen2_srv_N whole, stops scen2_hci_N. */
    @Test
    @Order(4)
    void internalDataBusCrashRestartsScen2SrvAndStopsScen2Hci() {
        Cluster cluster = CLUSTER.cluster();
        List<String> all = live(cluster);
        String srv = "scen2_srv_01";
        String srvHost = srvRunning(cluster, all).get(srv);
        Map<String, Long> before = pids(cluster, srvHost, srv, SRV_RUNNERS);

        Views.kill9Process(cluster.instance(srvHost), srv + ":scen2_internal_data_bus");

        Await.until(srv + " restarted whole (new pids) on a server", Limits.FAILOVER, () -> {
            String host = host(cluster.supvisors(all.get(0)), srv, SRV_RUNNERS, SRV_CHECKS);
            return host == null || !SERVERS.contains(host) ? Map.<String, Long>of()
                    : pids(cluster, host, srv, SRV_RUNNERS);
        }, after -> after.size() == SRV_RUNNERS.size()
                && before.keySet().stream().noneMatch(ns -> before.get(ns).equals(after.get(ns))));
        awaitOnEach(srv + " RUNNING without failure", cluster, all, Limits.SEQUENCE, n -> application(n, srv),
                application("RUNNING", false, false));

        String hci = "scen2_hci_01";
        assertTrue(Commands.on(cluster, "console_2").startApplication("LOCAL", hci, true),
                "start_application(LOCAL, " + hci + ") on console_2");
        awaitOnEach(hci + " whole on console_2", cluster, all, Limits.CHANGE,
                n -> placement(n, hci, HCI_RUNNERS, HCI_CHECKS), h -> "console_2".equals(h.value()));

        Views.kill9Process(cluster.instance("console_2"), hci + ":scen2_internal_data_bus");

        awaitOnEach(hci + " stopped whole", cluster, all, Limits.FAILOVER, n -> stoppedWhole(n, hci, HCI_RUNNERS),
                Boolean.TRUE::equals);
        holdsOnEach(hci + " not restarted", cluster, all, Limits.QUIET, n -> stoppedWhole(n, hci, HCI_RUNNERS),
                Boolean.TRUE::equals);
        awaitOnEach(hci + " STOPPED", cluster, all, Limits.CHANGE, n -> application(n, hci), applicationIn("STOPPED"));
    }

    /** Requirements 5, 13, 16: the scen2_srv_N of a lost server restart on the other server. */
    @Test
    @Order(5)
    void scen2SrvOfALostServerRestartOnTheOtherServer() {
        Cluster cluster = CLUSTER.cluster();
        List<String> all = live(cluster);
        Map<String, String> hosts = srvRunning(cluster, all);
        String master = cluster.supvisors(all.get(0)).master();
        String victim = SERVERS.stream().filter(s -> !s.equals(master) && hosts.containsValue(s))
                .max((a, b) -> Long.compare(count(hosts, a), count(hosts, b)))
                .orElseThrow(() -> new AssertionError("no server to lose besides the Master " + master + ": " + hosts));
        String other = SERVERS.stream().filter(s -> !s.equals(victim)).findFirst().orElseThrow();
        List<String> survivors = cluster.othersThan(victim);

        cluster.kill9(victim);

        cluster.awaitInstanceState(survivors, victim, "SILENT", Limits.DETECTION);
        for (String srv : SRV) {
            awaitOnEach(srv + " whole on " + other, cluster, survivors, Limits.FAILOVER,
                    n -> placement(n, srv, SRV_RUNNERS, SRV_CHECKS), h -> other.equals(h.value()));
            awaitOnEach(srv + " RUNNING", cluster, survivors, Limits.CHANGE, n -> application(n, srv),
                    applicationIn("RUNNING"));
        }
        awaitOnEach(other + " loading " + 3 * SRV_LOAD, cluster, survivors, Limits.CHANGE,
                n -> n.instanceInfo(other).get("loading"), Integer.valueOf(3 * SRV_LOAD)::equals);
    }

    /** Requirement 26: the scen2_hci_N of a lost console is not restarted on another console. */
    @Test
    @Order(6)
    void scen2HciOfALostConsoleIsNotRestartedElsewhere() {
        Cluster cluster = CLUSTER.cluster();
        List<String> all = live(cluster);
        String master = cluster.supvisors(all.get(0)).master();
        String victim = CONSOLES.stream().filter(c -> !c.equals(master) && all.contains(c)).findFirst()
                .orElseThrow(() -> new AssertionError("no console to lose besides the Master " + master));
        String hci = "scen2_hci_02";
        assertTrue(Commands.on(cluster, victim).startApplication("LOCAL", hci, true),
                "start_application(LOCAL, " + hci + ") on " + victim);
        awaitOnEach(hci + " whole on " + victim, cluster, all, Limits.CHANGE,
                n -> placement(n, hci, HCI_RUNNERS, HCI_CHECKS), h -> victim.equals(h.value()));
        List<String> survivors = all.stream().filter(id -> !id.equals(victim)).toList();

        cluster.kill9(victim);

        cluster.awaitInstanceState(survivors, victim, "SILENT", Limits.DETECTION);
        awaitOnEach(hci + " running nowhere", cluster, survivors, Limits.CHANGE,
                n -> stoppedWhole(n, hci, HCI_RUNNERS), Boolean.TRUE::equals);
        holdsOnEach(hci + " not restarted on another console", cluster, survivors, Limits.QUIET,
                n -> stoppedWhole(n, hci, HCI_RUNNERS) && !"RUNNING".equals(application(n, hci).get("statename")),
                Boolean.TRUE::equals);
    }

    /**
     * Every scen2_srv_N running whole on a server, started (LESS_LOADED) if the deployment, the first test's subject,
     * did not; srv -> server.
     */
    static Map<String, String> srvRunning(Cluster cluster, List<String> observers) {
        for (String srv : SRV) {
            Views.ensureWhole(cluster, observers, srv, "LESS_LOADED", Commands.on(cluster, "console_1"),
                    n -> SERVERS.contains(host(n, srv, SRV_RUNNERS, SRV_CHECKS)));
        }
        return srvHosts(cluster, observers);
    }

    /** Waits until every scen2_srv_N runs whole on one server, the same for every observer; srv -> server. */
    static Map<String, String> srvHosts(Cluster cluster, List<String> observers) {
        Map<String, String> hosts = new LinkedHashMap<>();
        for (String srv : SRV) {
            Map<String, Views.Seen<String>> seen = awaitOnEach(srv + " whole on one server", cluster, observers,
                    Limits.SEQUENCE, n -> placement(n, srv, SRV_RUNNERS, SRV_CHECKS),
                    h -> h.value() != null && SERVERS.contains(h.value()));
            Set<String> where = new HashSet<>();
            seen.values().forEach(h -> where.add(h.value()));
            assertEquals(1, where.size(), srv + " seen on different servers: " + seen);
            hosts.put(srv, where.iterator().next());
        }
        return hosts;
    }

    /** {@link #host} with the application's picture, for failure messages. */
    static Views.Seen<String> placement(SupvisorsRpc node, String application, List<String> runners,
                                        List<String> checks) {
        return Views.Seen.of(node, application, n -> host(n, application, runners, checks));
    }

    /**
     * The one instance where every long-running program of the application runs, its checks having exited as
     * expected; null otherwise.
     */
    static String host(SupvisorsRpc node, String application, List<String> runners, List<String> checks) {
        Set<String> where = new HashSet<>();
        for (Map<String, Object> p : Views.processes(node, application + ":*")) {
            String name = (String) p.get("process_name");
            if (runners.contains(name)) {
                if (!"RUNNING".equals(Views.state(p)) || Views.identifiers(p).size() != 1) {
                    return null;
                }
                where.addAll(Views.identifiers(p));
            } else if (checks.contains(name) && !Views.exitedAsExpected().test(p)) {
                return null;
            }
        }
        return where.size() == 1 ? where.iterator().next() : null;
    }

    /** True when no long-running program of the application runs anywhere. */
    static boolean stoppedWhole(SupvisorsRpc node, String application, List<String> runners) {
        return Views.processes(node, application + ":*").stream()
                .filter(p -> runners.contains((String) p.get("process_name")))
                .allMatch(Views.runningNowhere());
    }

    static Map<String, Long> pids(Cluster cluster, String host, String application, List<String> runners) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String r : runners) {
            pids.put(application + ":" + r, Views.pid(cluster.instance(host), application + ":" + r));
        }
        return pids;
    }

    /**
     * A start that must not happen: the call fails (a fault) or answers False. Which fault depends on where the
     * refusal is detected (no instance for the application: ABNORMAL_TERMINATION once the job ends).
     */
    static void assertRefused(String what, BooleanSupplier call) {
        boolean accepted;
        try {
            accepted = call.getAsBoolean();
        } catch (XmlRpc.RpcFailure fault) {
            assertNotEquals(1, fault.code(), what + ": the method must exist: " + fault.getMessage());
            return;
        }
        assertTrue(!accepted, what + " was accepted");
    }

    static List<String> live(Cluster cluster) {
        return cluster.identifiers().stream().filter(id -> cluster.instance(id).isAlive()).toList();
    }

    private static long count(Map<String, String> hosts, String server) {
        return hosts.values().stream().filter(server::equals).count();
    }
}
