package org.supvisors.it.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterSpec;
import org.supvisors.it.harness.NetNamespaces;
import org.supvisors.it.harness.SupvisorsRpc;
import org.supvisors.it.harness.XmlRpc;

/**
 * Real nodes with {@code multicast_group}: each instance, on its own host of a namespace segment (so that no datagram
 * leaves the test's namespaces), announces itself on the group, and Cluster Bootstrap forms the cluster from the
 * instances heard rather than from a configured list. Root only; skipped elsewhere with the reason.
 */
class MulticastNodesNetnsTest {

    /** A program that only the rules place: on the instance of the stereotype {@code special}. */
    private static final String PROBE_PROGRAM = """
            [program:probe]
            command=sleep 600
            autostart=false
            startsecs=1
            stopwaitsecs=2
            """;

    private static final String PROBE_RULES = """
            <root>
              <application name="probe">
                <start_sequence>1</start_sequence>
                <programs>
                  <program name="probe">
                    <identifiers>special</identifiers>
                    <start_sequence>1</start_sequence>
                  </program>
                </programs>
              </application>
            </root>
            """;

    @BeforeAll
    static void namespaces() {
        NetNamespaces.assumeAvailable();
    }

    /** Both at once, as the manual allows: the listed instances, found on the group. */
    @Test
    void threeListedNodesFormTheirClusterOverTheMulticastGroup() throws Exception {
        try (NetNamespaces net = NetNamespaces.createWithTestHostLink(3);
             Cluster cluster = Cluster.start("multicast-nodes",
                     ClusterSpec.of(3).option("multicast_group", "239.0.0.7:61555"), net)) {
            List<String> all = cluster.identifiers();
            assertEquals("supv-01", cluster.awaitOperation(all, Cluster.STARTUP_TIMEOUT));
            for (String id : all) {
                List<String> heard = Files.readAllLines(cluster.instance(id).nodeLog()).stream()
                        .filter(line -> line.contains("Multicast discovery: heard")).toList();
                for (String other : all) {
                    if (!other.equals(id)) {
                        assertTrue(heard.stream().anyMatch(line -> line.contains(other)),
                                id + " never heard " + other + " on the group: " + heard);
                    }
                }
            }
        }
    }

    /**
     * The discovery mode alone: no {@code supvisors_list} anywhere, each node knows only itself at start and adds the
     * others as their members join. The rules name a stereotype that only supv-03 declares.
     */
    @Test
    void threeNodesWithoutAListDiscoverEachOtherAndTheirStereotypes() {
        ClusterSpec spec = ClusterSpec.of(3).withoutList()
                .option("multicast_group", "239.0.0.8:61556")
                // Leave INITIALIZATION on time: STRICT would count this node alone, the only one it declares.
                .option("synchro_options", "TIMEOUT")
                .option("rules_files", "rules.xml")
                .file("rules.xml", PROBE_RULES)
                .section(PROBE_PROGRAM)
                .optionFor("supv-03", "stereotypes", "special");
        try (NetNamespaces net = NetNamespaces.createWithTestHostLink(3);
             Cluster cluster = Cluster.start("multicast-alone", spec, net)) {
            List<String> all = cluster.identifiers();
            cluster.awaitRunning(all, all, Cluster.STARTUP_TIMEOUT);
            String master = cluster.awaitOperation(all, Cluster.STARTUP_TIMEOUT);
            for (String id : all) {
                SupvisorsRpc node = cluster.supvisors(id);
                List<Map<String, Object>> infos = node.allInstancesInfo();
                assertEquals(all, infos.stream().map(i -> (String) i.get("identifier")).sorted().toList(),
                        id + " sees " + XmlRpc.render(infos));
                for (Map<String, Object> info : infos) {
                    assertEquals(Boolean.TRUE, info.get("discovery_mode"), id + " sees " + XmlRpc.render(info));
                    assertEquals(master, info.get("master_identifier"), id + " sees " + XmlRpc.render(info));
                    // The node name of a discovered instance is the address its supervisord listens on.
                    assertEquals(cluster.instance((String) info.get("identifier")).host(), info.get("node_name"));
                }
                assertEquals(Boolean.TRUE, node.state().get("discovery_mode"), id + ": " + node.state());
            }
            for (String id : all) {
                Map<String, Object> probe = Await.until("probe:probe RUNNING on supv-03 as seen by " + id,
                        Duration.ofSeconds(60), () -> process(cluster.supvisors(id), "probe:probe"),
                        p -> "RUNNING".equals(p.get("statename"))
                                && List.of("supv-03").equals(identifiers(p)));
                assertEquals(List.of("supv-03"), identifiers(probe));
            }
        }
    }

    private static Map<String, Object> process(SupvisorsRpc node, String namespec) {
        Object[] infos = (Object[]) node.rpc().invoke("supvisors.get_process_info", namespec);
        return SupvisorsRpc.struct(infos[0]);
    }

    private static List<String> identifiers(Map<String, Object> process) {
        Object value = process.get("identifiers");
        return value instanceof Object[] items
                ? java.util.Arrays.stream(items).map(Objects::toString).collect(Collectors.toList())
                : List.of();
    }
}
