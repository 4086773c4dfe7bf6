package org.supvisors.node.cluster.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.supvisors.node.config.InstanceAddress;

class MulticastDiscoveryConfigTest {

  private static final InstanceAddress LOCAL =
      new InstanceAddress("supv-01", "10.200.0.11", 61000, 61001, 61003, "10.200.0.11");

  private static Config config(Optional<String> networkInterface) {
    return ConfigFactory.parseMap(MulticastDiscoveryConfig.values("239.0.0.1:61500", networkInterface, 2, LOCAL,
            List.of("edge", "cam")))
        .withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void fillsTheSettingsFromTheOptionsAndTheLocalInstance() {
    MulticastSettings settings = MulticastSettings.fromConfig(config(Optional.of("10.200.0.11")));
    assertEquals(new InetSocketAddress("239.0.0.1", 61500), settings.group());
    assertEquals("10.200.0.11", settings.networkInterface().orElseThrow().getHostAddress());
    assertEquals(2, settings.ttl());
    assertEquals(new Announcement("supv-01", "10.200.0.11", 61000, 61001, 61004, 61003, List.of("edge", "cam")),
        settings.local());
  }

  @Test
  void noInterfaceMeansAny() {
    assertEquals(Optional.empty(), MulticastSettings.fromConfig(config(Optional.empty())).networkInterface());
  }

  @Test
  void makesTheMulticastMethodAkkaDiscoverysMethod() {
    Config config = config(Optional.empty());
    assertEquals(MulticastDiscoveryConfig.METHOD, config.getString("akka.discovery.method"));
    assertEquals(MulticastServiceDiscovery.class.getName(),
        config.getString("akka.discovery." + MulticastDiscoveryConfig.METHOD + ".class"));
  }
}
