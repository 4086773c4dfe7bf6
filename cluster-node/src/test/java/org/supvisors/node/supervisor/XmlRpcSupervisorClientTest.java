package org.supvisors.node.supervisor;

import org.supvisors.node.testkit.RealSupervisord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supvisors.protocol.SupervisorState;

/** The typed client against a real supervisord. */
class XmlRpcSupervisorClientTest {

  static final String PROGRAMS = String.join("\n",
      "[program:sleeper]",
      "command=sh -c 'echo hello; exec sleep 1000'",
      "startsecs=0",
      "stopwaitsecs=3",
      "[program:wk]",
      "command=sleep 100%(process_num)d",
      "process_name=%(program_name)s_%(process_num)d",
      "numprocs=2",
      "startsecs=0",
      "[program:quick]",
      "command=sh -c 'echo bye; exit 3'",
      "startsecs=0",
      "autorestart=false",
      "exitcodes=0,2",
      "");

  @TempDir Path dir;
  private RealSupervisord supervisord;
  private SupervisorClient client;

  @BeforeEach
  void start() throws Exception {
    supervisord = new RealSupervisord(dir);
    supervisord.configure(PROGRAMS);
    supervisord.start();
    client = supervisord.client();
  }

  @AfterEach
  void stop() {
    supervisord.close();
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) SupervisorCallException.of(e.getCause()).map(Exception.class::cast).orElse(e);
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  /** Bounded wait for a condition that supervisord reaches on its own. */
  static boolean eventually(Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  @Test
  void configAndProcessInfoDescribeTheConfiguredProcesses() throws Exception {
    assertEquals(SupervisorState.RUNNING, await(client.getState()));
    List<ProcessConfig> configs = await(client.getAllConfigInfo());
    assertEquals(List.of("quick", "sleeper", "wk_0", "wk_1"), configs.stream().map(ProcessConfig::name).toList());
    ProcessConfig quick = configs.get(0);
    assertEquals(List.of(0, 2), quick.exitcodes());
    assertEquals("quick", quick.namespec());
    assertEquals("wk:wk_1", configs.get(3).namespec());
    assertEquals(3, configs.get(1).stopwaitsecs());

    List<Map<String, Object>> infos = await(client.getAllProcessInfo());
    assertEquals(4, infos.size());
    Map<String, Object> sleeper = await(client.getProcessInfo("sleeper"));
    assertEquals("sleeper", sleeper.get("group"));
    assertTrue(sleeper.containsKey("exitstatus"));
  }

  @Test
  void faultsCarrySupervisorsCodeAndText() {
    SupervisorCallException e = assertThrows(SupervisorCallException.class,
        () -> await(client.getProcessInfo("nope")));
    assertEquals(10, e.faultCode());
    assertEquals("BAD_NAME: nope", e.faultString());
    SupervisorCallException running = assertThrows(SupervisorCallException.class,
        () -> await(client.startProcess("sleeper", true)));
    assertEquals(60, running.faultCode());
  }

  @Test
  void processesAreStoppedStartedSignalledAndTheirLogsRead() throws Exception {
    assertTrue(await(client.stopProcess("wk:wk_0", true)));
    assertEquals(0, ((Number) await(client.getProcessInfo("wk:wk_0")).get("state")).intValue());
    assertTrue(await(client.startProcess("wk:wk_0", true)));
    assertEquals(20, ((Number) await(client.getProcessInfo("wk:wk_0")).get("state")).intValue());
    assertTrue(await(client.signalProcess("sleeper", "CONT")));

    // quick prints one line and exits at once: waiting for its start could race with its exit.
    await(client.startProcess("quick", false));
    assertTrue(eventually(() -> await(client.tailProcessStdoutLog("quick", 0, 100)).text().contains("bye")));
    SupervisorClient.LogTail tail = await(client.tailProcessStdoutLog("quick", 0, 100));
    assertFalse(tail.overflow());
    assertEquals("", await(client.tailProcessStderrLog("quick", 0, 100)).text());
    // Supervisor clears the logs of a living process only.
    assertTrue(eventually(() -> await(client.tailProcessStdoutLog("sleeper", 0, 100)).text().contains("hello")));
    assertTrue(await(client.clearProcessLogs("sleeper")));
    assertEquals("", await(client.tailProcessStdoutLog("sleeper", 0, 100)).text());
  }

  @Test
  void updateAppliesAnEditedConfigurationAsSupervisorctlDoes() throws Exception {
    assertEquals(new SupervisorClient.ConfigChanges(List.of(), List.of(), List.of()), await(client.reloadConfig()));
    supervisord.configure(PROGRAMS.replace("[program:wk]", "[program:extra]\ncommand=sleep 999\n[program:wk]")
        .replace("numprocs=2", "numprocs=1").replace("[program:sleeper]", "[program:other]"));
    SupervisorClient.ConfigChanges changes = await(client.update());
    assertEquals(List.of("extra", "other"), changes.added().stream().sorted().toList());
    assertEquals(List.of("wk"), changes.changed());
    assertEquals(List.of("sleeper"), changes.removed());
    List<String> names = await(client.getAllProcessInfo()).stream().map(i -> (String) i.get("name")).sorted().toList();
    assertEquals(List.of("extra", "other", "quick", "wk_0"), names);
    assertEquals(91, assertThrows(SupervisorCallException.class, () -> await(client.removeProcessGroup("other")))
        .faultCode());
  }
}
