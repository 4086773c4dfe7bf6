package org.supvisors.node.instance;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;

/**
 * How a lost node is told from a lost host: the {@code supvisors.node_loss} block of reference.conf, read once.
 *
 * @param probeTimeout how long the supervisord of a lost node has to answer a probe
 * @param probeInterval the period of the probes while the node is away and its supervisord answers
 * @param grace how long the processes of an instance whose supervisord answers are kept while its node is away;
 *     zero: as long as its supervisord answers
 */
public record NodeLossSettings(Duration probeTimeout, Duration probeInterval, Duration grace) {

  static final String ROOT = "supvisors.node_loss";

  public NodeLossSettings {
    positive("probe_timeout", probeTimeout);
    positive("probe_interval", probeInterval);
    if (grace.isNegative()) {
      throw new IllegalArgumentException(ROOT + ".grace must not be negative: " + grace);
    }
  }

  /** The values of {@code config}, else those of reference.conf. */
  public static NodeLossSettings of(Config config) {
    Config block = config.withFallback(ConfigFactory.defaultReference()).getConfig(ROOT);
    return new NodeLossSettings(
        block.getDuration("probe_timeout"), block.getDuration("probe_interval"), block.getDuration("grace"));
  }

  private static void positive(String key, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(ROOT + "." + key + " must be positive: " + value);
    }
  }
}
