package org.supvisors.node;

import org.supvisors.node.local.Disabilities;
import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.supvisors.node.config.NodeSettings;
import org.supvisors.node.config.NodeSettingsLoader;

/**
 * A short run of a real node, alone on loopback without supervisord, that loads the classes a node
 * needs at start: run with {@code -XX:ArchiveClassesAtExit}, it produces the class-data archive
 * that halves the node's start-up time (see bin/supvisors-cds-archive).
 */
public final class CdsTraining {

  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    int port = freeBlock();
    Path dir = Files.createTempDirectory("supvisors-cds");
    Path conf = dir.resolve("training.conf");
    Files.writeString(conf, """
        supvisors {
          supvisors_list = "<training>127.0.0.1:%d:%d"
          supervisord { url = "http://127.0.0.1:%d/RPC2", identifier = "training" }
          data_dir = "%s"
        }
        """.formatted(port, port + 1, port, dir.resolve("data")));
    NodeSettings settings = NodeSettingsLoader.load("--config", conf.toString(), "--standalone");
    ActorSystem<Void> system = ActorSystem.create(
        SupvisorsNode.create(settings, Disabilities.inMemory(), null), AkkaConfig.SYSTEM_NAME, AkkaConfig.build(settings));
    try {
      awaitMember(system);
      HttpClient http = HttpClient.newHttpClient();
      String call = "<?xml version=\"1.0\"?><methodCall><methodName>supvisors.get_all_instances_info"
          + "</methodName><params/></methodCall>";
      for (int i = 0; i < 20; i++) {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.nodeHttpPort() + "/RPC2"))
            .POST(HttpRequest.BodyPublishers.ofString(call)).build(), HttpResponse.BodyHandlers.ofString());
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get();
    }
    System.exit(0);
  }

  private static void awaitMember(ActorSystem<Void> system) throws InterruptedException {
    Cluster cluster = Cluster.get(system);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (cluster.selfMember().status() != MemberStatus.up() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  /** A port P such that P, P+1 and P+3 are free, above the ephemeral range. */
  private static int freeBlock() throws IOException {
    for (int port = 64000; port < 65500; port += 10) {
      if (free(port) && free(port + 1) && free(port + 3)) {
        return port;
      }
    }
    throw new IOException("no free port for the training run");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
