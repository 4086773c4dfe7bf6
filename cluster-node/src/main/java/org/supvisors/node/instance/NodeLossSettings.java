package org.supvisors.node.instance;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;

/**
 * How a lost node is told from a lost host: the {@code supvisors.node_loss} block of reference.conf, read once.
 *
 * @param probeTimeout how long the supervisord of a lost node has to answer a probe
 * @param probeInterval the period of the probes while the node is away
 * @param grace how long the processes of an instance are kept at most while its node is away (a refusal, or the
 *     removal of its member after no answer, loses them sooner); zero: no limit
 * @param removalMargin once the member of an instance whose supervisord does not answer is removed by the Split Brain
 *     Resolver, how long the downed side has to stop the processes failed over here before they are lost
 */
public record NodeLossSettings(Duration probeTimeout, Duration probeInterval, Duration grace, Duration removalMargin) {

  static final String ROOT = "supvisors.node_loss";

  public NodeLossSettings {
    positive("probe_timeout", probeTimeout);
    positive("probe_interval", probeInterval);
    notNegative("grace", grace);
    notNegative("removal_margin", removalMargin);
  }

  /** The values of {@code config}, else those of reference.conf. */
  public static NodeLossSettings of(Config config) {
    Config block = config.withFallback(ConfigFactory.defaultReference()).getConfig(ROOT);
    return new NodeLossSettings(
        block.getDuration("probe_timeout"), block.getDuration("probe_interval"), block.getDuration("grace"),
        block.getDuration("removal_margin"));
  }

  private static void positive(String key, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(ROOT + "." + key + " must be positive: " + value);
    }
  }

  private static void notNegative(String key, Duration value) {
    if (value.isNegative()) {
      throw new IllegalArgumentException(ROOT + "." + key + " must not be negative: " + value);
    }
  }
}
