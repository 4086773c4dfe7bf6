package org.supvisors.http.xmlrpc;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.supvisors.http.HttpServer;

class PyInteropTmpTest {
  @Test
  void run() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "tmp");
    var route = new XmlRpcRoute(new FakeSupvisorsService(), Optional.empty(), XmlRpcSettings.defaults().withCredentials("u", "p"));
    HttpServer.start(system, "127.0.0.1", 61993, route.routes()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    Process p = new ProcessBuilder("python3", "/tmp/interop.py").redirectErrorStream(true).redirectOutput(new java.io.File("/tmp/interop.out")).start();
    System.out.println("python exit " + p.waitFor());
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
