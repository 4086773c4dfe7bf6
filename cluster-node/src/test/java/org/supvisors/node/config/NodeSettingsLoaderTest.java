package org.supvisors.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.supvisors.protocol.EventLink;
import org.supvisors.protocol.LogLevel;
import org.supvisors.protocol.SynchroOption;

class NodeSettingsLoaderTest {

  @TempDir
  Path dir;

  /** The manual's example (2.1.3), on the host rocky51 of the FAQ. */
  private static final String SUPERVISORD_CONF = """
      [inet_http_server]
      port=:60000
      username=lecleach
      password=p@$w0rd

      [supervisord]
      logfile=../log/supervisord.log
      identifier=supv-01

      [rpcinterface:supervisor]
      supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

      [rpcinterface:supvisors]
      supervisor.rpcinterface_factory = supvisors.plugin:make_supvisors_rpcinterface
      supvisors_list = <supv-01>rocky51,<cliché82>192.168.1.49,cliché83:60000:60001,cliché84
      rules_files = %(here)s/etc/my_movies*.xml
      auto_fence = false
      internal_port = 60001
      event_link = WS
      event_port = 60002
      synchro_timeout = 20
      inactivity_ticks = 3
      core_identifiers = supv-01,cliché82
      disabilities_file = %(ENV_TMPDIR)s/tmp/disabilities.json
      starting_strategy = CONFIG
      conciliation_strategy = USER
      stats_enabled = true
      stats_periods = 5,60,600
      stats_histo = 100
      stats_irix_mode = false
      logfile_maxbytes = 50MB
      logfile_backups = 10
      loglevel = debug
      """;

  private NodeSettingsLoader loader(Map<String, String> env) {
    return new NodeSettingsLoader(env, new FakeHostResolver(), dir);
  }

  private NodeSettings load(String... args) {
    return loader(Map.of("TMPDIR", dir.toString())).loadSettings(args);
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  @Test
  void readsAnExistingSupervisordConf() throws IOException {
    write("etc/my_movies.xml", "<root/>");
    write("supervisord.conf", SUPERVISORD_CONF);
    NodeSettings settings = load("--supervisord-conf", "supervisord.conf");
    assertEquals(new SupervisordSettings("localhost", 60000, "http://localhost:60000/RPC2", "lecleach", "p@$w0rd",
        "supv-01"), settings.supervisord());
    assertEquals(List.of("supv-01", "cliché82", "cliché83:60000", "cliché84"),
        settings.instances().stream().map(InstanceAddress::identifier).toList());
    assertEquals(new InstanceAddress("supv-01", "rocky51", 60000, 60001, 60003, "192.168.1.65"), settings.local());
    assertEquals("192.168.1.65", settings.bindHost());
    assertEquals(60003, settings.nodeHttpPort());
    assertEquals(60002, settings.eventPort());
    SupvisorsOptions options = settings.options();
    assertEquals(List.of(dir.resolve("etc/my_movies.xml")), options.rulesFiles());
    assertEquals(EventLink.WS, options.eventLink());
    assertEquals(List.of(SynchroOption.STRICT, SynchroOption.TIMEOUT, SynchroOption.CORE), options.synchroOptions());
    assertEquals(20, options.synchroTimeout());
    assertEquals(3, options.inactivityTicks());
    assertEquals(List.of("supv-01", "cliché82"), options.coreIdentifiers());
    assertEquals(Optional.of(dir.resolve("tmp/disabilities.json")), options.disabilitiesFile());
    assertEquals(List.of(5.0, 60.0, 600.0), options.statsPeriods());
    assertEquals(100, options.statsHisto());
    assertEquals(LogLevel.DEBUG, options.loglevel());
    assertEquals(Optional.of(settings.local()), settings.instance("supv-01"));
    assertEquals(Optional.empty(), settings.instance("rocky51"));
    assertEquals(dir.resolve("var/supv-01"), settings.dataDir());
    assertEquals(Duration.ofSeconds(5), settings.tickPeriod());
  }

  @Test
  void readsAHoconFile() throws IOException {
    write("conf/node.conf", """
        supvisors {
          supvisors_list = ["rocky52", "rocky51:61000:"]
          stats_periods = [60, 5]
          auto_fence = true
          synchro_timeout = 30
          stats_collecting_period = 2.5
          rules_files = ["%(here)s/rules/a.xml", "%(here)s/rules/b*.xml"]
          node_http_port = 8080
          tick_period = 0.5
          supervisord {
            url = "http://127.0.0.1:61000"
            identifier = supv-01
          }
        }
        akka.loglevel = WARNING
        """);
    write("conf/rules/a.xml", "<root/>");
    write("conf/rules/b1.xml", "<root/>");
    NodeSettings settings = load("--config", "conf/node.conf");
    assertEquals(new SupervisordSettings("127.0.0.1", 61000, "http://127.0.0.1:61000/RPC2", "", "", "supv-01"),
        settings.supervisord());
    // supv-01 names no item: the local instance is found by host and port.
    assertEquals(new InstanceAddress("rocky51:61000", "rocky51", 61000, 61001, 8080, "192.168.1.65"),
        settings.local());
    assertEquals(8080, settings.nodeHttpPort());
    assertEquals(List.of(5.0, 60.0), settings.options().statsPeriods());
    assertTrue(settings.options().autoFence());
    assertEquals(30, settings.options().synchroTimeout());
    assertEquals(2.5, settings.options().statsCollectingPeriod());
    assertEquals(List.of(dir.resolve("conf/rules/a.xml"), dir.resolve("conf/rules/b1.xml")),
        settings.options().rulesFiles());
    assertEquals(Duration.ofMillis(500), settings.tickPeriod());
    assertEquals(dir.resolve("conf/var/rocky51_61000"), settings.dataDir());
    assertEquals("WARNING", settings.config().getString("akka.loglevel"));
  }

  @Test
  void hoconOverridesSupervisordConf() throws IOException {
    write("supervisord.conf", SUPERVISORD_CONF);
    write("node.conf", """
        supvisors {
          synchro_timeout = 45
          event_link = null
          supvisors_list = "rocky51:60000:, rocky52"
          supervisord.password = secret
          data_dir = data
        }
        """);
    NodeSettings settings = load("--supervisord-conf", "supervisord.conf", "--config", "node.conf");
    assertEquals(45, settings.options().synchroTimeout());
    // null in HOCON unsets the option of supervisord.conf: back to Supvisors' default.
    assertEquals(EventLink.NONE, settings.options().eventLink());
    assertEquals(List.of("rocky51:60000:", "rocky52"), settings.options().supvisorsList());
    assertEquals("rocky51:60000", settings.local().identifier());
    // Not in HOCON: supervisord.conf values stay.
    assertEquals(3, settings.options().inactivityTicks());
    assertEquals("lecleach", settings.supervisord().username());
    assertEquals("secret", settings.supervisord().password());
    assertEquals(60000, settings.supervisord().httpPort());
    assertEquals(dir.resolve("data"), settings.dataDir());
  }

  @Test
  void theCommandLineIdentifierWins() throws IOException {
    write("supervisord.conf", SUPERVISORD_CONF.replace("<cliché82>192.168.1.49", "<supv-02>192.168.1.70"));
    write("node.conf", "supvisors.supervisord.identifier = supv-01\n");
    NodeSettings settings = load("--supervisord-conf", "supervisord.conf", "--config", "node.conf",
        "--identifier", "supv-02");
    assertEquals("supv-02", settings.supervisord().identifier());
    assertEquals("supv-02", settings.local().identifier());
  }

  @Test
  void defaultsMakeASingleLocalInstance() {
    NodeSettings settings = load();
    assertEquals(new SupervisordSettings("localhost", 9001, "http://localhost:9001/RPC2", "", "", "supervisor"),
        settings.supervisord());
    assertEquals(List.of(new InstanceAddress("rocky51:9001", "rocky51", 9001, 9002, 9004, "192.168.1.65")),
        settings.instances());
    assertEquals(9004, settings.nodeHttpPort());
    assertEquals(9003, settings.eventPort());
    assertEquals(List.of(SynchroOption.TIMEOUT), settings.options().synchroOptions());
    assertEquals(dir.resolve("var/rocky51_9001"), settings.dataDir());
    assertEquals(NodeMode.STANDALONE, settings.mode());
  }

  @Test
  void modeFollowsSupervisorEnabledUnlessGiven() {
    Map<String, String> underSupervisor = Map.of("SUPERVISOR_ENABLED", "1");
    assertEquals(NodeMode.LISTENER, loader(underSupervisor).loadSettings().mode());
    assertEquals(NodeMode.STANDALONE, loader(underSupervisor).loadSettings("--standalone").mode());
    assertEquals(NodeMode.LISTENER, loader(Map.of()).loadSettings("--listener").mode());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      supvisors.synchro_timeout = 5          | invalid value for synchro_timeout: "5". integer expected in [15;1200] (seconds)
      supvisors.tick_period = 0.05           | invalid value for tick_period: "0.05". float expected in [0.1;60.0] (seconds)
      supvisors.tick_period = 61             | invalid value for tick_period: "61"
      supvisors.node_http_port = 70000       | invalid value for node_http_port: "70000"
      supvisors.supervisord.url = "ftp://x"  | invalid value for supervisord.url: "ftp://x". http://host:port/RPC2 expected
      supvisors.supervisord.identifier = ""  | invalid value for supervisord.identifier: ""
      supvisors.stats_periods { a = 1 }      | invalid value for stats_periods: {"a":1}. a value or a list expected
      supvisors.stats_periods = [[1]]        | invalid value for stats_periods: [1]. a list of values expected
      supvisors.supvisors_list = "rocky51:60000" | could not define a Supvisors identification from "rocky51:60000"
      supvisors.supvisors_list = [rocky52]   | could not find the local Supvisors in supvisors_list
      supvisors { supvisors_list = [x, y] }  | could not define a Supvisors identification from "x"
      supvisors.synchro_options = [CORE]     | synchro_options must not be empty
      supvisors {                            | invalid HOCON configuration
      """)
  void invalidHoconValuesStopTheNode(String hocon, String expected) throws IOException {
    write("node.conf", hocon);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> load("--config", "node.conf"));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    assertFalse(e.helpRequested());
  }

  @Test
  void everyInvalidOptionIsReportedAtOnce() throws IOException {
    write("supervisord.conf", """
        [inet_http_server]
        port=:60000
        [supervisord]
        identifier=supv-01
        [supvisors]
        synchro_timeout = 5
        auto_fence = maybe
        inactivity_ticks = 1
        """);
    write("node.conf", """
        supvisors.tick_period = 61
        supvisors.http.request_header_timeout = 0s
        """);
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> load("--supervisord-conf", "supervisord.conf", "--config", "node.conf"));
    assertEquals(List.of(
        "auto_fence: not a valid boolean value: 'maybe'",
        "invalid value for synchro_timeout: \"5\". integer expected in [15;1200] (seconds)",
        "invalid value for inactivity_ticks: \"1\". integer expected in [2;720]",
        "invalid value for tick_period: \"61\". float expected in [0.1;60.0] (seconds)",
        "invalid value for supvisors.http.request_header_timeout: PT0S. a positive duration expected"),
        e.problems());
    assertEquals(String.join("\n", e.problems()), e.getMessage());
  }

  @Test
  void theLocalInstanceIsResolvedWhenOtherOptionsAreInvalid() throws IOException {
    write("node.conf", """
        supvisors.supvisors_list = [rocky52]
        supvisors.synchro_timeout = 5
        """);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> load("--config", "node.conf"));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).startsWith("invalid value for synchro_timeout"), e.getMessage());
    assertTrue(e.problems().get(1).startsWith("could not find the local Supvisors in supvisors_list"),
        e.getMessage());
  }

  @Test
  void missingFilesStopTheNode() {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> load("--supervisord-conf", "none.conf"));
    assertEquals("--supervisord-conf: no such file: " + dir.resolve("none.conf"), e.getMessage());
    assertThrows(ConfigurationException.class, () -> load("--config", "none.conf"));
  }

  @Test
  void helpIsReportedAsSuch() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> load("--help"));
    assertTrue(e.helpRequested());
    assertEquals(NodeSettingsLoader.usage(), e.getMessage());
  }

  @Test
  void findsUnknownKeysOfTheUserFile() {
    var file = ConfigFactory.parseString("supvisors { synchro_timout = 20, synchro_timeout = 20, foo.bar = 1 }");
    assertEquals(Set.of("synchro_timout", "foo.bar"),
        NodeSettingsLoader.unknownKeys(file, ConfigFactory.defaultReference()));
  }

  @Test
  void normalizesSupervisordUrls() {
    assertEquals("http://h:80/RPC2", NodeSettingsLoader.fromUrl("http://h", "", "", "s").url());
    assertEquals("https://h:443/RPC2", NodeSettingsLoader.fromUrl("https://h/", "", "", "s").url());
    assertEquals("http://h:9001/other", NodeSettingsLoader.fromUrl("http://h:9001/other", "", "", "s").url());
  }
}
