package org.supvisors.node.supervisor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisord event-listener protocol on stdin/stdout, run on its own thread because reading
 * stdin blocks. Each event is acknowledged at once (RESULT 2 OK) and handed to a consumer; supervisord
 * buffers the next one meanwhile. When stdin closes, supervisord is gone and so must the node be.
 */
public final class EventListenerIntake implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(EventListenerIntake.class);

  private final InputStream in;
  private final PrintStream out;
  private final Consumer<SupervisorEvent> events;
  private final Runnable onClose;

  public EventListenerIntake(
      InputStream in, OutputStream out, Consumer<SupervisorEvent> events, Runnable onClose) {
    this.in = in;
    this.out = new PrintStream(out, false, StandardCharsets.UTF_8);
    this.events = events;
    this.onClose = onClose;
  }

  /** Starts the reading thread (a daemon: it must never keep the JVM alive). */
  public Thread start() {
    Thread thread = new Thread(this, "supervisord-event-listener");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void run() {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    try {
      write("READY\n");
      while (true) {
        String headerLine = reader.readLine();
        if (headerLine == null) {
          break;
        }
        Map<String, String> headers = tokens(headerLine);
        int length = Integer.parseInt(headers.getOrDefault("len", "0"));
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
          int n = reader.read(body, read, length - read);
          if (n < 0) {
            break;
          }
          read += n;
        }
        // The result and the next READY in one write: supervisord reads both at once and can
        // send the next event without another turn of its loop.
        write("RESULT 2\nOKREADY\n");
        dispatch(headers, new String(body, 0, read));
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("event listener protocol failed: {}", e.toString());
    }
    LOG.warn("stdin closed: supervisord is gone, the node stops");
    onClose.run();
  }

  private void dispatch(Map<String, String> headers, String body) {
    // The payload is a token line, optionally followed by a newline and free data (process logs).
    int newline = body.indexOf('\n');
    String tokenLine = newline < 0 ? body : body.substring(0, newline);
    String data = newline < 0 ? "" : body.substring(newline + 1);
    LOG.debug("supervisord event {}: {}", headers.get("eventname"), tokenLine);
    try {
      events.accept(
          new SupervisorEvent(
              headers.getOrDefault("eventname", ""), headers, tokens(tokenLine), data));
    } catch (RuntimeException e) {
      LOG.warn("event {} not handled: {}", headers.get("eventname"), e.toString());
    }
  }

  private void write(String text) {
    out.print(text);
    out.flush();
  }

  /** Parses "key:value key:value" tokens; values never contain spaces in supervisord headers. */
  static Map<String, String> tokens(String line) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String token : line.trim().split(" ")) {
      int colon = token.indexOf(':');
      if (colon > 0) {
        map.put(token.substring(0, colon), token.substring(colon + 1));
      }
    }
    return map;
  }
}
