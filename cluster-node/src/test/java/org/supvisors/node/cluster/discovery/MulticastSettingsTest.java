package org.supvisors.node.cluster.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.supvisors.node.config.ConfigurationException;

class MulticastSettingsTest {

  /** The reference.conf of the node under the given settings. */
  private static Config config(String text) {
    return ConfigFactory.parseString(text).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  private static final String MINIMAL = """
      supvisors.multicast-discovery { group = "239.0.0.1:61500", identifier = supv-01, http-port = 61000 }
      akka.management.http { hostname = "10.200.0.11", port = 61004 }
      akka.remote.artery.canonical.port = 61001
      """;

  @Test
  void readsTheDefaultsAndTakesPortsFromAkka() {
    MulticastSettings s = MulticastSettings.fromConfig(config(MINIMAL));
    assertEquals(new InetSocketAddress("239.0.0.1", 61500), s.group());
    assertEquals(Optional.empty(), s.networkInterface());
    assertEquals(1, s.ttl());
    assertEquals(Duration.ofMillis(500), s.announceInterval());
    assertEquals(Duration.ofSeconds(3), s.expiry());
    assertEquals(new Announcement("supv-01", "10.200.0.11", 61000, 61001, 61004, 61003, List.of()), s.local());
  }

  @Test
  void explicitValuesWin() {
    MulticastSettings s = MulticastSettings.fromConfig(config("""
        supvisors.multicast-discovery {
          group = " 224.1.2.3 : 7000 ", interface = "10.200.0.12", ttl = 0, announce-interval = 100ms, expiry = 1s
          identifier = a, host = h, http-port = 62000, internal-port = 62005, management-port = 62009
          node-http-port = 62008, stereotypes = [x, y]
        }
        """));
    assertEquals(new InetSocketAddress("224.1.2.3", 7000), s.group());
    assertEquals("10.200.0.12", s.networkInterface().orElseThrow().getHostAddress());
    assertEquals(0, s.ttl());
    assertEquals(new Announcement("a", "h", 62000, 62005, 62009, 62008, List.of("x", "y")), s.local());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ANY", "inaddr_any", " any "})
  void anyInterfaceIsEmpty(String text) {
    assertEquals(Optional.empty(), MulticastSettings.parseInterface(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"eth0", "10.0.0.256", "host.example"})
  void refusesAnInterfaceThatIsNotAnIpv4Address(String text) {
    assertThrows(ConfigurationException.class, () -> MulticastSettings.parseInterface(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"239.0.0.1", "10.0.0.1:61500", "239.0.0.1:0", "239.0.0.1:70000", "group:1", "240.0.0.1:5"})
  void refusesAnInvalidGroup(String text) {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> MulticastSettings.parseGroup(text));
    assertTrue(e.getMessage().startsWith("supvisors.multicast-discovery.group"), e.getMessage());
  }

  @Test
  void refusesAMissingGroupOrIdentifier() {
    assertThrows(ConfigurationException.class, () -> MulticastSettings.fromConfig(config(
        MINIMAL + "supvisors.multicast-discovery.group = \"\"")));
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> MulticastSettings.fromConfig(
        config(MINIMAL + "supvisors.multicast-discovery.identifier = \"\"")));
    assertTrue(e.getMessage().contains("identifier"), e.getMessage());
  }

  @Test
  void refusesAnExpiryNotLongerThanTheInterval() {
    assertThrows(ConfigurationException.class, () -> MulticastSettings.fromConfig(config(
        MINIMAL + "supvisors.multicast-discovery { announce-interval = 1s, expiry = 1s }")));
  }

  @Test
  void refusesATtlOutOfRange() {
    assertThrows(ConfigurationException.class, () -> MulticastSettings.fromConfig(config(
        MINIMAL + "supvisors.multicast-discovery.ttl = 256")));
  }
}
