package org.supvisors.node.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.supvisors.protocol.Coded;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessState;

/**
 * Builds {@link LocalProcessInfo} records, either from Supervisor's getProcessInfo struct or from a
 * PROCESS_STATE_* event applied to the previous record. Pure: the clock and the time zone are given.
 *
 * <p>exitExpected: for EXITED, whether the exit status is one of the program's exitcodes (or the
 * event's {@code expected} token); when the exitcodes are unknown, only status 0 is expected. Any
 * other state keeps true, as Supervisor only judges an exit.
 */
public final class LocalInfoBuilder {

  private static final DateTimeFormatter STOP_DATE = DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.US);

  private final ZoneId zone;
  private final Function<String, String> extraArgsOf;
  private final Predicate<String> programDisabled;

  /** No extra arguments, nothing disabled. */
  public LocalInfoBuilder(ZoneId zone) {
    this(zone, namespec -> "", program -> false);
  }

  /**
   * @param extraArgsOf the current extra arguments of a namespec ("" when none)
   * @param programDisabled whether a program is disabled now
   */
  public LocalInfoBuilder(ZoneId zone, Function<String, String> extraArgsOf, Predicate<String> programDisabled) {
    this.zone = zone;
    this.extraArgsOf = extraArgsOf;
    this.programDisabled = programDisabled;
  }

  /** The record with the current extra arguments and disabled flag of its process. */
  public LocalProcessInfo withFlags(LocalProcessInfo info) {
    String extraArgs = extraArgsOf.apply(info.namespec());
    boolean disabled = programDisabled.test(info.programName());
    return extraArgs.equals(info.extraArgs()) && disabled == info.disabled() ? info
        : new LocalProcessInfo(info.name(), info.group(), info.state(), info.start(), info.stop(), info.now(),
            info.pid(), info.description(), info.spawnerr(), info.exitExpected(), info.startsecs(),
            info.stopwaitsecs(), extraArgs, disabled, info.programName(), info.processIndex());
  }

  /** From a getProcessInfo / getAllProcessInfo struct: times and description as Supervisor gives them. */
  public LocalProcessInfo fromSupervisor(Map<String, Object> struct, ProcessSetup setup) {
    ProcessState state = Coded.byCode(ProcessState.class, intOf(struct.get("state")))
        .orElse(ProcessState.UNKNOWN);
    boolean exitExpected = state != ProcessState.EXITED || setup.expectedExit(intOf(struct.get("exitstatus")));
    return withFlags(new LocalProcessInfo(
        (String) struct.get("name"), (String) struct.get("group"), state,
        intOf(struct.get("start")), intOf(struct.get("stop")), intOf(struct.get("now")),
        intOf(struct.get("pid")), stringOf(struct.get("description")), stringOf(struct.get("spawnerr")),
        exitExpected, setup.startsecs(), setup.stopwaitsecs(), "", false,
        setup.programName(), setup.processIndex()));
  }

  /**
   * From a PROCESS_STATE_* event. The event gives the new state, the pid (RUNNING, STOPPING,
   * STOPPED, EXITED) and the exit expectation (EXITED); the times follow Supervisor's rules with the
   * local clock: start is set when a spawn begins (STARTING), stop when the process ends (STOPPED,
   * EXITED, BACKOFF). spawnerr is not in events: it is cleared by a spawn and kept otherwise,
   * unless read from supervisord.
   *
   * @param previous the current record of the process, or {@code null} if there is none
   * @param spawnerr supervisord's spawnerr read after the event, or {@code null} if not read
   */
  public LocalProcessInfo fromEvent(ProcessState state, Map<String, String> payload, LocalProcessInfo previous,
      ProcessSetup setup, long now, String spawnerr) {
    String name = payload.getOrDefault("processname", "");
    String group = payload.getOrDefault("groupname", name);
    long start = previous == null ? 0 : previous.start();
    long stop = previous == null ? 0 : previous.stop();
    String error = spawnerr != null ? spawnerr : previous == null ? "" : previous.spawnerr();
    if (state == ProcessState.STARTING) {
      start = now;
      error = "";
    }
    if (state == ProcessState.STOPPED || state == ProcessState.EXITED || state == ProcessState.BACKOFF) {
      stop = now;
    }
    // Supervisor resets the pid when the process ends; STOPPED and EXITED tell the pid that ended.
    int pid = state == ProcessState.RUNNING || state == ProcessState.STOPPING
        ? parseInt(payload.get("pid"), previous == null ? 0 : previous.pid())
        : 0;
    boolean exitExpected = state != ProcessState.EXITED || !"0".equals(payload.get("expected"));
    String description = describe(state, name, pid, start, stop, now, error);
    return withFlags(new LocalProcessInfo(name, group, state, start, stop, now, pid, description, error, exitExpected,
        setup.startsecs(), setup.stopwaitsecs(), "", false, setup.programName(), setup.processIndex()));
  }

  /** Supervisor's description text for the state (rpcinterface._interpretProcessInfo). */
  String describe(ProcessState state, String name, int pid, long start, long stop, long now, String spawnerr) {
    return switch (state) {
      case RUNNING -> "pid " + pid + ", uptime " + uptime(Math.max(0, now - start));
      case FATAL, BACKOFF -> spawnerr.isEmpty() ? "unknown error (try \"tail " + name + "\")" : spawnerr;
      case STOPPED, EXITED -> start == 0 ? "Not started"
          : STOP_DATE.format(Instant.ofEpochSecond(stop).atZone(zone));
      default -> "";
    };
  }

  /** Python's str(timedelta): "H:MM:SS", prefixed with "N day(s), " beyond a day. */
  private static String uptime(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    String time = String.format(Locale.ROOT, "%d:%02d:%02d", d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart());
    long days = d.toDays();
    return days == 0 ? time : days + (days == 1 ? " day, " : " days, ") + time;
  }

  private static int intOf(Object value) {
    return value instanceof Number n ? n.intValue() : 0;
  }

  private static String stringOf(Object value) {
    return value == null ? "" : value.toString();
  }

  private static int parseInt(String text, int otherwise) {
    try {
      return text == null ? otherwise : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
