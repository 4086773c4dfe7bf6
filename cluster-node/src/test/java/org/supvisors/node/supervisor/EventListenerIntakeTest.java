package org.supvisors.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventListenerIntakeTest {

  private static String event(String name, String payload) {
    String header = "ver:3.0 server:supervisor serial:21 pool:supvisors poolserial:10 eventname:" + name
        + " len:" + payload.getBytes(StandardCharsets.UTF_8).length + "\n";
    return header + payload;
  }

  @Test
  void eventsAreParsedAndAcknowledgedAndStdinClosingStopsTheNode() throws Exception {
    PipedOutputStream supervisord = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(supervisord);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    BlockingQueue<SupervisorEvent> events = new LinkedBlockingQueue<>();
    CountDownLatch closed = new CountDownLatch(1);
    new EventListenerIntake(stdin, stdout, events::add, closed::countDown).start();

    supervisord.write(event("PROCESS_STATE_RUNNING",
        "processname:cat groupname:cat from_state:STARTING pid:2766").getBytes(StandardCharsets.UTF_8));
    supervisord.write(event("PROCESS_LOG_STDOUT",
        "processname:foo groupname:bar pid:123\nthis is\nlog data").getBytes(StandardCharsets.UTF_8));
    supervisord.flush();

    SupervisorEvent running = events.poll(5, TimeUnit.SECONDS);
    assertEquals("PROCESS_STATE_RUNNING", running.eventName());
    assertEquals("STARTING", running.payload().get("from_state"));
    assertEquals("2766", running.payload().get("pid"));
    SupervisorEvent log = events.poll(5, TimeUnit.SECONDS);
    assertEquals("this is\nlog data", log.data());
    assertEquals("bar", log.payload().get("groupname"));

    supervisord.close();
    assertTrue(closed.await(5, TimeUnit.SECONDS), "closing stdin must stop the node");
    assertEquals("READY\nRESULT 2\nOKREADY\nRESULT 2\nOKREADY\n", stdout.toString(StandardCharsets.UTF_8));
  }

  @Test
  void headerTokensAreSplitOnTheFirstColon() {
    assertEquals("a:b", EventListenerIntake.tokens("key:a:b other:1").get("key"));
  }
}
