package org.supvisors.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;

/**
 * Akka Management on each node's management port: the members of the cluster with their status, readiness that waits
 * for the synchronization (503, then 200), liveness.
 */
class ManagementEndpointsTest {

    @RegisterExtension
    static final ClusterExtension CLUSTERS = ClusterExtension.perTest();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void membersAreListedAndReadinessWaitsForTheSynchronization() throws Exception {
        Cluster cluster = CLUSTERS.start("management", ClusterSpec.of(3).option("synchro_options", "USER"));
        List<String> all = cluster.identifiers();
        cluster.awaitRunning(all, all, Timeouts.STARTUP);

        for (String id : all) {
            assertEquals(503, get(cluster, id, "/ready").statusCode(), "ready on " + id + " before end_sync");
            assertEquals(200, get(cluster, id, "/alive").statusCode(), "alive on " + id);
            JsonNode members = JSON.readTree(get(cluster, id, "/cluster/members").body());
            Map<String, String> statusById = new TreeMap<>();
            for (JsonNode member : members.path("members")) {
                List<String> roles = new ArrayList<>();
                member.path("roles").forEach(role -> roles.add(role.asText()));
                roles.stream().filter(role -> role.startsWith("id:"))
                        .forEach(role -> statusById.put(role.substring(3), member.path("status").asText()));
            }
            assertEquals(Map.of("supv-01", "Up", "supv-02", "Up", "supv-03", "Up"), statusById, "members seen by " + id);
            assertEquals(0, members.path("unreachable").size(), "unreachable seen by " + id);
        }

        assertTrue(cluster.supvisors("supv-02").endSync(""));
        cluster.awaitOperation(all, Timeouts.DETECTION);
        for (String id : all) {
            Await.until("ready on " + id + " after end_sync", Timeouts.DETECTION,
                    () -> get(cluster, id, "/ready").statusCode() == 200);
        }
    }

    @Test
    void managementWritesAreRefusedByDefault() throws Exception {
        Cluster cluster = CLUSTERS.start("management-read-only", ClusterSpec.of(1));
        cluster.awaitOperation(cluster.identifiers(), Timeouts.STARTUP);
        String id = cluster.identifiers().get(0);
        HttpResponse<String> leave = HTTP.send(HttpRequest.newBuilder(uri(cluster, id, "/cluster/members/"))
                .POST(HttpRequest.BodyPublishers.ofString("operation=Leave"))
                .header("Content-Type", "application/x-www-form-urlencoded").build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(leave.statusCode() >= 400 && leave.statusCode() < 500, "leave over HTTP: " + leave.statusCode());
        assertEquals(200, get(cluster, id, "/ready").statusCode());
    }

    private static URI uri(Cluster cluster, String id, String path) {
        return URI.create("http://127.0.0.1:" + cluster.instance(id).managementPort() + path);
    }

    private static HttpResponse<String> get(Cluster cluster, String id, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(cluster, id, path)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(path + " on " + id + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
