package org.supvisors.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.supvisors.node.config.LocalInstanceResolver.Instances;

/** The cases of the manual's FAQ 9.2, on the host rocky51 of its examples (see {@link FakeHostResolver}). */
class LocalInstanceResolverTest {

  private final LocalInstanceResolver resolver = new LocalInstanceResolver(new FakeHostResolver());

  private static SupervisordSettings supervisord(int port, String identifier) {
    return new SupervisordSettings("localhost", port, "http://localhost:" + port + "/RPC2", "", "", identifier);
  }

  private Instances resolve(String list, int port, String identifier) {
    return resolver.resolve(SupvisorsListParser.parseAll(Arrays.asList(list.split(","))),
        supervisord(port, identifier), 0, 0);
  }

  @Test
  void refusesAnUnknownHost() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> resolve("unknown_host,rocky51,rocky52", 60000, "supervisor"));
    assertTrue(e.getMessage().startsWith("could not define a Supvisors identification from \"unknown_host\""),
        e.getMessage());
  }

  @Test
  void refusesAListWithoutThisHost() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> resolve("rocky52,rocky53", 60000, "supervisor"));
    assertTrue(e.getMessage().startsWith("could not find the local Supvisors in supvisors_list"), e.getMessage());
  }

  @Test
  void refusesAListWithThisHostOnAnotherPort() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> resolve("rocky51:61000:,rocky52", 60000, "supervisor"));
    assertTrue(e.getMessage().startsWith("could not find the local Supvisors in supvisors_list"), e.getMessage());
  }

  @Test
  void refusesMultipleCandidates() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> resolve("rocky51,rocky52,192.168.1.70:30000:", 30000, "supervisor"));
    assertTrue(e.getMessage().startsWith(
        "multiple candidates for the local Supvisors: ['rocky51', '192.168.1.70:30000']"), e.getMessage());
  }

  @Test
  void theSupervisordIdentifierSolvesMultipleCandidates() {
    String list = "<supv-01>rocky51,rocky52,<supv-03>192.168.1.70:30000:";
    assertEquals("supv-01", resolve(list, 30000, "supv-01").local().identifier());
    assertEquals("supv-03", resolve(list, 30000, "supv-03").local().identifier());
  }

  @Test
  void findsThisHostByNameAliasOrAddress() {
    assertEquals("rocky51", resolve("rocky52,rocky51", 60000, "supervisor").local().identifier());
    assertEquals("rocky51.cliche.bzh", resolve("rocky51.cliche.bzh,rocky52", 60000, "supervisor").local().identifier());
    assertEquals("192.168.1.65", resolve("rocky52,192.168.1.65", 60000, "supervisor").local().identifier());
  }

  @Test
  void findsThisInstanceByPortAmongInstancesOfThisHost() {
    Instances instances = resolve("rocky51:61000:,rocky51:62000:,rocky52", 62000, "supervisor");
    assertEquals("rocky51:62000", instances.local().identifier());
  }

  @Test
  void loopbackNamesAndAddressesAreLocal() {
    assertEquals("localhost:60100", resolve("localhost:60000:,localhost:60100:", 60100, "supervisor").local()
        .identifier());
    assertEquals("127.0.0.1", resolve("127.0.0.1,rocky52", 60000, "supervisor").local().identifier());
  }

  @Test
  void anUnmatchedIdentifierFallsBackOnHostAndPort() {
    assertEquals("rocky51", resolve("rocky51,rocky52", 60000, "other").local().identifier());
  }

  @Test
  void derivesPortsAndAddresses() {
    Instances instances = resolve("<supv-01>rocky51,rocky52:61000:,rocky53::61101", 60000, "supv-01");
    assertEquals(List.of(
        new InstanceAddress("supv-01", "rocky51", 60000, 60001, 60003, "192.168.1.65"),
        new InstanceAddress("rocky52:61000", "rocky52", 61000, 61001, 61003, "192.168.1.66"),
        new InstanceAddress("rocky53", "rocky53", 60000, 61101, 60003, "192.168.1.67")), instances.all());
    assertEquals(instances.all().get(0), instances.local());
  }

  @Test
  void portOptionsApplyToItemsWithoutPorts() {
    Instances instances = resolver.resolve(SupvisorsListParser.parseAll(List.of("rocky51", "rocky52::62222")),
        supervisord(60000, "supervisor"), 65000, 65100);
    assertEquals(List.of(
        new InstanceAddress("rocky51", "rocky51", 60000, 65000, 65100, "192.168.1.65"),
        new InstanceAddress("rocky52", "rocky52", 60000, 62222, 65100, "192.168.1.66")), instances.all());
  }

  @Test
  void theManualExampleResolves() {
    Instances instances = resolver.resolve(SupvisorsListParser.parseAll(
        List.of("cliché81", "<cliché82>192.168.1.49", "cliché83:60000:60001", "cliché84", "rocky51")),
        supervisord(60000, "supervisor"), 60001, 0);
    assertEquals(List.of("cliché81", "cliché82", "cliché83:60000", "cliché84", "rocky51"),
        instances.all().stream().map(InstanceAddress::identifier).toList());
    assertEquals("rocky51", instances.local().identifier());
  }

  @Test
  void anEmptyListIsThisInstanceAlone() {
    Instances instances = resolver.resolve(List.of(), supervisord(9001, "supervisor"), 0, 0);
    InstanceAddress expected = new InstanceAddress("rocky51:9001", "rocky51", 9001, 9002, 9004, "192.168.1.65");
    assertEquals(List.of(expected), instances.all());
    assertEquals(expected, instances.local());
  }

  @Test
  void anEmptyListTakesTheSupervisordIdentifier() {
    Instances instances = resolver.resolve(List.of(), supervisord(9001, "supv-01"), 0, 0);
    assertEquals("supv-01", instances.local().identifier());
    assertEquals("rocky51", instances.local().hostId());
  }

  @Test
  void inDiscoveryModeAnEmptyListIsThisInstanceAtTheAddressSupervisordListensOn() {
    SupervisordSettings on70 = new SupervisordSettings("192.168.1.70", 61000, "http://192.168.1.70:61000/RPC2", "",
        "", "supv-02");
    Instances instances = resolver.resolve(List.of(), on70, 0, 0, true);
    assertEquals(new InstanceAddress("supv-02", "192.168.1.70", 61000, 61001, 61003, "192.168.1.70"),
        instances.local());
    assertEquals(List.of(instances.local()), instances.all());
    // Not in discovery mode: the host name, as Supvisors' default supvisors_list.
    assertEquals("rocky51", resolver.resolve(List.of(), on70, 0, 0, false).local().hostId());
  }

  @Test
  void inDiscoveryModeASupervisordOnEveryInterfaceLeavesTheHostName() {
    Instances instances = resolver.resolve(List.of(), supervisord(9001, "supv-01"), 0, 0, true);
    assertEquals("rocky51", instances.local().hostId());
  }
}
