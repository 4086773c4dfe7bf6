package org.supvisors.node.supervisor;

import java.time.Duration;
import java.util.Map;
import org.supvisors.node.config.NodeSettings;
import org.supvisors.protocol.Namespec;

/**
 * What the {@link SupervisorDriver} needs to know, read once from the node settings.
 *
 * @param source the local instance identifier, source of the emitted process events
 * @param url the supervisord XML-RPC URL, for the logs
 * @param tickPeriod period of the getState call that makes the node's tick
 * @param pollPeriod {@value #POLL_PERIOD} (default 1 s): getAllProcessInfo period in standalone
 *     mode, and the delay after which a listener-mode reconcile confirms a difference
 * @param reconcilePeriod {@value #RECONCILE_PERIOD} (default 30 s): period of the full comparison
 *     with supervisord that repairs missed events
 * @param listenerMode whether supervisord's events arrive through the event-listener protocol
 * @param ownNamespec the namespec of the node itself when supervisord runs it (its event listener), empty otherwise:
 *     Supvisors does not list itself, its plugin being no process
 */
public record DriverSettings(
    String source, String url, Duration tickPeriod, Duration pollPeriod, Duration reconcilePeriod,
    boolean listenerMode, String ownNamespec) {

  public static final String POLL_PERIOD = "supvisors.poll_period";
  public static final String RECONCILE_PERIOD = "supvisors.reconcile_period";

  public DriverSettings {
    positive(POLL_PERIOD, pollPeriod);
    positive(RECONCILE_PERIOD, reconcilePeriod);
  }

  public static DriverSettings of(NodeSettings node, boolean listenerMode) {
    return new DriverSettings(node.local().identifier(), node.supervisord().url(), node.tickPeriod(),
        duration(node, POLL_PERIOD, Duration.ofSeconds(1)), duration(node, RECONCILE_PERIOD, Duration.ofSeconds(30)),
        listenerMode, ownNamespec(System.getenv()));
  }

  /**
   * The node's own namespec, from the variables supervisord sets in the environment of every process it runs;
   * empty when the node is not run by a supervisord.
   */
  static String ownNamespec(Map<String, String> environment) {
    String process = environment.getOrDefault("SUPERVISOR_PROCESS_NAME", "");
    String group = environment.getOrDefault("SUPERVISOR_GROUP_NAME", process);
    return process.isEmpty() ? "" : Namespec.of(group.isEmpty() ? process : group, process);
  }

  private static Duration duration(NodeSettings node, String path, Duration otherwise) {
    return node.config().hasPath(path) ? node.config().getDuration(path) : otherwise;
  }

  private static void positive(String path, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(path + " must be positive: " + value);
    }
  }
}
