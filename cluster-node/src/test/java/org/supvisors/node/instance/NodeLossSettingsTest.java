package org.supvisors.node.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeLossSettingsTest {

  @Test
  void theDefaultsAreThoseOfReferenceConf() {
    assertEquals(new NodeLossSettings(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(60),
        Duration.ofSeconds(2)), NodeLossSettings.of(ConfigFactory.empty()));
  }

  @Test
  void theRemovalMarginIsReadAndMayBeZeroButNotNegative() {
    assertEquals(Duration.ZERO, NodeLossSettings.of(
        ConfigFactory.parseString("supvisors.node_loss.removal_margin = 0s")).removalMargin());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeLossSettings.of(
        ConfigFactory.parseString("supvisors.node_loss.removal_margin = -1s")));
    assertTrue(e.getMessage().contains("supvisors.node_loss.removal_margin"), e.getMessage());
  }
}
