package org.supvisors.node.supervisor;

import org.supvisors.node.testkit.RealSupervisord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.node.supervisor.XmlRpcSupervisorClientTest.PROGRAMS;
import static org.supvisors.node.supervisor.XmlRpcSupervisorClientTest.await;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.supvisors.node.instance.Instances;
import org.supvisors.node.testkit.TestKitExtension;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessState;

/** The driver's event stream against a real supervisord, polled or through the event listener. */
class SupervisorDriverTest {

  @RegisterExtension static final TestKitExtension testKit = new TestKitExtension();

  /** Relays the event-listener protocol between supervisord (stdin/stdout) and a loopback socket. */
  private static final String RELAY = String.join("\n",
      "import os, socket, sys, threading",
      "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))",
      "def down():",
      "    while True:",
      "        data = os.read(0, 65536)",
      "        if not data:",
      "            os._exit(0)",
      "        s.sendall(data)",
      "threading.Thread(target=down, daemon=True).start()",
      "while True:",
      "    data = s.recv(65536)",
      "    if not data:",
      "        os._exit(0)",
      "    os.write(1, data)",
      "");

  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dir;
  private RealSupervisord supervisord;
  private ServerSocket listenerSocket;
  private ActorRef<SupervisorDriver.Command> driver;
  private final List<LocalProcessEvent> received = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    if (driver != null) {
      testKit.kit().stop(driver);
    }
    if (supervisord != null) {
      supervisord.close();
    }
    if (listenerSocket != null) {
      listenerSocket.close();
    }
  }

  private TestProbe<LocalProcessEvent> startDriver(String programs, boolean listener, Duration reconcile)
      throws Exception {
    supervisord = new RealSupervisord(dir);
    supervisord.configure(programs);
    TestProbe<LocalProcessEvent> events = testKit.kit().createTestProbe(LocalProcessEvent.class);
    TestProbe<Instances.Command> instances = testKit.kit().createTestProbe(Instances.Command.class);
    DriverSettings settings = new DriverSettings("node1", supervisord.url(),
        Duration.ofMillis(200), Duration.ofMillis(200), reconcile, listener, "");
    // Spawned before supervisord runs: the first snapshot must wait for its first answer.
    driver = testKit.kit().spawn(SupervisorDriver.create(supervisord.client(), instances.getRef(), events.getRef(),
        settings));
    supervisord.start();
    return events;
  }

  /** Adds an event listener relaying to this JVM, where the node's intake feeds the driver. */
  private String withListener(String programs) throws Exception {
    listenerSocket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Files.writeString(dir.resolve("relay.py"), RELAY);
    Thread acceptor = new Thread(() -> {
      try {
        Socket socket = listenerSocket.accept();
        new EventListenerIntake(socket.getInputStream(), socket.getOutputStream(),
            event -> driver.tell(new SupervisorDriver.FromListener(event)), () -> {}).start();
      } catch (Exception closed) {
        // the test is over
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
    return programs + String.join("\n",
        "[eventlistener:relay]",
        "command=python3 " + dir.resolve("relay.py") + " " + listenerSocket.getLocalPort(),
        "events=PROCESS_STATE,PROCESS_GROUP,SUPERVISOR_STATE_CHANGE",
        "");
  }

  /** Receives events until one matches, keeping them all for the sequence check. */
  private LocalProcessEvent next(TestProbe<LocalProcessEvent> probe, Predicate<LocalProcessEvent> wanted) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      LocalProcessEvent event = probe.receiveMessage(WAIT);
      received.add(event);
      if (wanted.test(event)) {
        return event;
      }
    }
    throw new AssertionError("no matching event; received " + received);
  }

  private static Predicate<LocalProcessEvent> updated(String namespec, ProcessState state) {
    return e -> e instanceof LocalProcessEvent.Updated u
        && u.info().namespec().equals(namespec) && u.info().state() == state;
  }

  private void assertSequenceHasNoGap() {
    for (int i = 1; i < received.size(); i++) {
      assertEquals(received.get(i - 1).seq() + 1, received.get(i).seq(), () -> "gap in " + received);
    }
    received.forEach(e -> assertEquals("node1", e.source()));
  }

  private static Map<String, LocalProcessInfo> byNamespec(LocalProcessEvent.Snapshot snapshot) {
    return snapshot.processes().stream().collect(Collectors.toMap(LocalProcessInfo::namespec, i -> i));
  }

  private void stopStartAndRemoveWk(TestProbe<LocalProcessEvent> events, String programs) throws Exception {
    await(supervisord.client().stopProcess("sleeper", true));
    next(events, updated("sleeper", ProcessState.STOPPED));
    await(supervisord.client().startProcess("sleeper", true));
    LocalProcessInfo running = ((LocalProcessEvent.Updated) next(events, updated("sleeper", ProcessState.RUNNING)))
        .info();
    assertTrue(running.pid() > 0);
    assertTrue(running.description().startsWith("pid " + running.pid() + ", uptime "), running.description());

    supervisord.configure(programs.replaceAll("(?s)\\[program:wk].*?(?=\\[program:quick])", ""));
    await(supervisord.client().update());
    next(events, e -> e instanceof LocalProcessEvent.Removed r && r.namespec().equals("wk:wk_0"));
    next(events, e -> e instanceof LocalProcessEvent.Removed r && r.namespec().equals("wk:wk_1"));
  }

  @Test
  void pollingTellsASnapshotThenEachChangeAndRemoval() throws Exception {
    TestProbe<LocalProcessEvent> events = startDriver(PROGRAMS, false, Duration.ofSeconds(60));
    LocalProcessEvent.Snapshot snapshot = (LocalProcessEvent.Snapshot) next(events, e -> true);
    assertEquals(1, snapshot.seq());
    Map<String, LocalProcessInfo> infos = byNamespec(snapshot);
    assertEquals(List.of("quick", "sleeper", "wk:wk_0", "wk:wk_1"),
        snapshot.processes().stream().map(LocalProcessInfo::namespec).toList());
    assertEquals("wk", infos.get("wk:wk_1").programName());
    assertEquals(1, infos.get("wk:wk_1").processIndex());
    assertEquals(3, infos.get("sleeper").stopwaitsecs());

    // quick exits with 3, not in its exitcodes.
    LocalProcessInfo quick = infos.get("quick").state() == ProcessState.EXITED ? infos.get("quick")
        : ((LocalProcessEvent.Updated) next(events, updated("quick", ProcessState.EXITED))).info();
    assertFalse(quick.exitExpected());

    stopStartAndRemoveWk(events, PROGRAMS);
    assertSequenceHasNoGap();

    TestProbe<LocalProcessEvent.Snapshot> asker = testKit.kit().createTestProbe(LocalProcessEvent.Snapshot.class);
    driver.tell(new SupervisorDriver.GetSnapshot(asker.getRef()));
    LocalProcessEvent.Snapshot current = asker.receiveMessage(WAIT);
    assertEquals(received.get(received.size() - 1).seq(), current.seq());
    assertFalse(byNamespec(current).containsKey("wk:wk_0"));
    assertEquals(ProcessState.RUNNING, byNamespec(current).get("sleeper").state());
  }

  @Test
  void listenerEventsBecomeUpdatesInSupervisordsOrder() throws Exception {
    String programs = withListener(PROGRAMS);
    TestProbe<LocalProcessEvent> events = startDriver(programs, true, Duration.ofSeconds(60));
    LocalProcessEvent first = next(events, e -> true);
    assertTrue(first instanceof LocalProcessEvent.Snapshot, first::toString);
    assertEquals(1, first.seq());
    if (((LocalProcessEvent.Snapshot) first).processes().stream()
        .noneMatch(i -> i.name().equals("quick") && i.state() == ProcessState.EXITED)) {
      assertFalse(((LocalProcessEvent.Updated) next(events, updated("quick", ProcessState.EXITED))).info().exitExpected());
    }

    // The exit code is not in the event: the spawn error is read from supervisord. No wait: the
    // program exits at once, which a waiting start may report as a spawn error.
    await(supervisord.client().startProcess("quick", false));
    LocalProcessInfo quick = ((LocalProcessEvent.Updated) next(events, updated("quick", ProcessState.EXITED))).info();
    assertFalse(quick.exitExpected());
    assertEquals("Bad exit code 3", quick.spawnerr());

    await(supervisord.client().stopProcess("sleeper", true));
    next(events, updated("sleeper", ProcessState.STOPPING));
    LocalProcessInfo stopped = ((LocalProcessEvent.Updated) next(events, e -> true)).info();
    assertEquals(ProcessState.STOPPED, stopped.state());
    assertEquals(0, stopped.pid());
    await(supervisord.client().startProcess("sleeper", true));
    next(events, updated("sleeper", ProcessState.STARTING));
    stopStartAndRemoveWk(events, programs);
    assertSequenceHasNoGap();
  }

  @Test
  void reconcileRepairsWhatNoEventTold() throws Exception {
    // Listener mode, but no listener: only the reconcile can see the change.
    TestProbe<LocalProcessEvent> events = startDriver(PROGRAMS, true, Duration.ofSeconds(1));
    next(events, e -> e instanceof LocalProcessEvent.Snapshot);
    await(supervisord.client().stopProcess("wk:wk_1", true));
    LocalProcessInfo repaired = ((LocalProcessEvent.Updated) next(events, updated("wk:wk_1", ProcessState.STOPPED)))
        .info();
    assertEquals("wk", repaired.programName());
    assertEquals(1, repaired.processIndex());
    assertSequenceHasNoGap();
  }
}
