package org.supvisors.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.EventLink;
import org.supvisors.protocol.LogLevel;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.protocol.SynchroOption;

class SupvisorsOptionsParserTest {

  @TempDir
  Path dir;

  /** The field of each option, rendered as text so that one table covers them all. */
  private static final Map<String, Function<SupvisorsOptions, Object>> FIELDS = Map.ofEntries(
      Map.entry("supvisors_list", SupvisorsOptions::supvisorsList),
      Map.entry("stereotypes", o -> List.copyOf(o.stereotypes())),
      Map.entry("multicast_group", SupvisorsOptions::multicastGroup),
      Map.entry("multicast_interface", SupvisorsOptions::multicastInterface),
      Map.entry("multicast_ttl", SupvisorsOptions::multicastTtl),
      Map.entry("internal_port", SupvisorsOptions::internalPort),
      Map.entry("event_link", SupvisorsOptions::eventLink),
      Map.entry("event_port", SupvisorsOptions::eventPort),
      Map.entry("auto_fence", SupvisorsOptions::autoFence),
      Map.entry("synchro_options", SupvisorsOptions::synchroOptions),
      Map.entry("synchro_timeout", SupvisorsOptions::synchroTimeout),
      Map.entry("inactivity_ticks", SupvisorsOptions::inactivityTicks),
      Map.entry("core_identifiers", SupvisorsOptions::coreIdentifiers),
      Map.entry("starting_strategy", SupvisorsOptions::startingStrategy),
      Map.entry("conciliation_strategy", SupvisorsOptions::conciliationStrategy),
      Map.entry("stats_enabled", o -> o.hostStatsEnabled() + "," + o.processStatsEnabled()),
      Map.entry("stats_collecting_period", SupvisorsOptions::statsCollectingPeriod),
      Map.entry("stats_periods", SupvisorsOptions::statsPeriods),
      Map.entry("stats_histo", SupvisorsOptions::statsHisto),
      Map.entry("stats_irix_mode", SupvisorsOptions::statsIrixMode),
      Map.entry("tail_limit", SupvisorsOptions::tailLimit),
      Map.entry("tailf_limit", SupvisorsOptions::tailfLimit),
      Map.entry("logfile", SupvisorsOptions::logfile),
      Map.entry("logfile_maxbytes", SupvisorsOptions::logfileMaxbytes),
      Map.entry("logfile_backups", SupvisorsOptions::logfileBackups),
      Map.entry("loglevel", SupvisorsOptions::loglevel));

  static Stream<Arguments> goodValues() {
    return Stream.of(
        Arguments.of("supvisors_list", "rocky51, <x>rocky52,,rocky51", "[rocky51, <x>rocky52]"),
        Arguments.of("stereotypes", "gpu, , io,gpu", "[gpu, io]"),
        Arguments.of("multicast_group", "239.0.0.1:7777", "Optional[239.0.0.1:7777]"),
        Arguments.of("multicast_group", " 224.1.2.3 : 1 ", "Optional[224.1.2.3:1]"),
        Arguments.of("multicast_interface", "192.168.1.65", "Optional[192.168.1.65]"),
        Arguments.of("multicast_interface", "INADDR_ANY", "Optional.empty"),
        Arguments.of("multicast_interface", "ANY", "Optional.empty"),
        Arguments.of("multicast_ttl", "0", "0"),
        Arguments.of("multicast_ttl", "255", "255"),
        Arguments.of("internal_port", "65535", "65535"),
        Arguments.of("internal_port", "1", "1"),
        Arguments.of("event_link", "ws", "WS"),
        Arguments.of("event_link", "Zmq", "ZMQ"),
        Arguments.of("event_port", "60002", "60002"),
        Arguments.of("auto_fence", "Yes", "true"),
        Arguments.of("auto_fence", "on", "true"),
        Arguments.of("auto_fence", "0", "false"),
        Arguments.of("synchro_options", "list, user,LIST", "[LIST, USER]"),
        Arguments.of("synchro_options", "timeout,USER", "[TIMEOUT, USER]"),
        Arguments.of("synchro_timeout", "15", "15"),
        Arguments.of("synchro_timeout", "1200", "1200"),
        Arguments.of("inactivity_ticks", "2", "2"),
        Arguments.of("inactivity_ticks", "720", "720"),
        Arguments.of("core_identifiers", "rocky51, gpu", "[rocky51, gpu]"),
        Arguments.of("starting_strategy", "less_loaded_node", "LESS_LOADED_NODE"),
        Arguments.of("starting_strategy", "LOCAL", "LOCAL"),
        Arguments.of("conciliation_strategy", "running_failure", "RUNNING_FAILURE"),
        Arguments.of("conciliation_strategy", "SENICIDE", "SENICIDE"),
        Arguments.of("stats_enabled", "host", "true,false"),
        Arguments.of("stats_enabled", "PROCESS", "false,true"),
        Arguments.of("stats_enabled", "host,process", "true,true"),
        Arguments.of("stats_enabled", "true", "true,true"),
        Arguments.of("stats_enabled", "false", "false,false"),
        Arguments.of("stats_enabled", "OFF", "false,false"),
        Arguments.of("stats_collecting_period", "1", "1.0"),
        Arguments.of("stats_collecting_period", "3600.0", "3600.0"),
        Arguments.of("stats_collecting_period", "2.5", "2.5"),
        Arguments.of("stats_periods", "600, 5,60", "[5.0, 60.0, 600.0]"),
        Arguments.of("stats_periods", "1", "[1.0]"),
        Arguments.of("stats_histo", "10", "10"),
        Arguments.of("stats_histo", "1500", "1500"),
        Arguments.of("stats_irix_mode", "TRUE", "true"),
        Arguments.of("tail_limit", "2KB", "2048"),
        Arguments.of("tail_limit", "100", "100"),
        Arguments.of("tailf_limit", "1mb", "1048576"),
        Arguments.of("logfile", "auto", "AUTO"),
        Arguments.of("logfile", "supvisors.log", "supvisors.log"),
        Arguments.of("logfile_maxbytes", "0", "0"),
        Arguments.of("logfile_maxbytes", "1GB", "1073741824"),
        Arguments.of("logfile_backups", "0", "0"),
        Arguments.of("loglevel", "BLATHER", "BLATHER"),
        Arguments.of("loglevel", "warn", "WARN"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("goodValues")
  void convertsValidValues(String option, String value, String expected) {
    SupvisorsOptions options = TestLookups.iniOptions(Map.of(option, value), dir);
    assertEquals(expected, String.valueOf(FIELDS.get(option).apply(options)));
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("multicast_group", "239.0.0.1",
            "invalid value for multicast_group: \"239.0.0.1\". \"ip_address:port\" expected"),
        Arguments.of("multicast_group", "239.0.0.1:7777:1", "\"ip_address:port\" expected"),
        Arguments.of("multicast_group", "192.168.1.1:7777", "multicast_group: invalid value for multicast address:"
            + " \"192.168.1.1\". IP address expected from 224.0.0.0 to 239.255.255.255"),
        Arguments.of("multicast_group", "240.0.0.1:7777", "IP address expected from 224.0.0.0 to 239.255.255.255"),
        Arguments.of("multicast_group", "239.0.0.0:7777", "multicast_group: reserved multicast address: "
            + "\"239.0.0.0\". reserved addresses are ['224.0.0.0', '232.0.0.0', '233.0.0.0', '239.0.0.0']"),
        Arguments.of("multicast_group", "239.0.0.1:0", "integer expected in (1, 65535)"),
        Arguments.of("multicast_interface", "256.1.1.1",
            "multicast_interface: invalid value for IP address: \"256.1.1.1\""),
        Arguments.of("multicast_interface", "eth0", "invalid value for IP address: \"eth0\""),
        Arguments.of("multicast_ttl", "256", "invalid value for multicast_ttl: \"256\". integer expected in (0, 255)"),
        Arguments.of("multicast_ttl", "-1", "invalid value for multicast_ttl: \"-1\""),
        Arguments.of("internal_port", "65536",
            "invalid value for internal_port: \"65536\". integer expected in (1, 65535)"),
        Arguments.of("internal_port", "abc", "invalid value for internal_port: \"abc\""),
        Arguments.of("event_port", "-1", "invalid value for event_port: \"-1\". integer expected in (1, 65535)"),
        Arguments.of("event_link", "HTTP",
            "invalid value for event_link: \"HTTP\". expected in ['NONE', 'ZMQ', 'WS']"),
        Arguments.of("auto_fence", "maybe", "auto_fence: not a valid boolean value: 'maybe'"),
        Arguments.of("synchro_options", "STRICT,NEVER", "invalid value for synchro_options: \"STRICT,NEVER\"."
            + " expected in ['STRICT', 'LIST', 'TIMEOUT', 'CORE', 'USER']"),
        Arguments.of("synchro_timeout", "5",
            "invalid value for synchro_timeout: \"5\". integer expected in [15;1200] (seconds)"),
        Arguments.of("synchro_timeout", "1201", "invalid value for synchro_timeout: \"1201\""),
        Arguments.of("synchro_timeout", "20s", "invalid value for synchro_timeout: \"20s\""),
        Arguments.of("inactivity_ticks", "1",
            "invalid value for inactivity_ticks: \"1\". integer expected in [2;720]"),
        Arguments.of("inactivity_ticks", "721", "invalid value for inactivity_ticks: \"721\""),
        Arguments.of("starting_strategy", "RANDOM", "invalid value for starting_strategy: \"RANDOM\". expected in"
            + " ['CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE', 'MOST_LOADED_NODE']"),
        Arguments.of("conciliation_strategy", "KILL", "invalid value for conciliation_strategy: \"KILL\"."
            + " expected in ['SENICIDE', 'INFANTICIDE', 'USER', 'STOP', 'RESTART', 'RUNNING_FAILURE']"),
        Arguments.of("stats_enabled", "", "invalid value for stats_enabled: <empty>"),
        Arguments.of("stats_enabled", "HOST,CPU",
            "invalid value for stats_enabled: \"HOST,CPU\". expected in ['OFF', 'HOST', 'PROCESS', 'ALL']"),
        Arguments.of("stats_collecting_period", "0.5",
            "invalid value for stats_collecting_period: \"0.5\". float expected in [1.0;3600.0] (seconds)"),
        Arguments.of("stats_collecting_period", "3601", "invalid value for stats_collecting_period: \"3601\""),
        Arguments.of("stats_collecting_period", "nan", "invalid value for stats_collecting_period: \"nan\""),
        Arguments.of("stats_periods", "5,10,20,30", "unexpected number of stats_periods: 4. maximum is 3"),
        Arguments.of("stats_periods", "", "unexpected number of stats_periods: 0. minimum is 1"),
        Arguments.of("stats_periods", "5,0.5",
            "invalid value for stats_periods: \"0.5\". float expected in [1.0;3600.0] (seconds)"),
        Arguments.of("stats_histo", "9", "invalid value for stats_histo: \"9\". integer expected in [10;1500]"),
        Arguments.of("stats_histo", "1501", "invalid value for stats_histo: \"1501\""),
        Arguments.of("stats_irix_mode", "2", "stats_irix_mode: not a valid boolean value: '2'"),
        Arguments.of("tail_limit", "1TB", "invalid value for tail_limit: \"1TB\". byte size expected"),
        Arguments.of("tailf_limit", "KB", "invalid value for tailf_limit: \"KB\""),
        Arguments.of("logfile", "/no/such/folder/supvisors.log",
            "logfile: The directory named as part of the path /no/such/folder/supvisors.log does not exist"),
        Arguments.of("logfile_maxbytes", "5XB", "invalid value for logfile_maxbytes: \"5XB\""),
        Arguments.of("logfile_backups", "ten", "invalid value for logfile_backups: \"ten\". integer expected"),
        Arguments.of("loglevel", "verbose", "loglevel: bad logging level name 'verbose'"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("badValues")
  void rejectsInvalidValuesWithOneClearMessage(String option, String value, String expected) {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> TestLookups.iniOptions(Map.of(option, value), dir));
    assertTrue(e.getMessage().contains(expected), () -> "message: " + e.getMessage());
  }

  @Test
  void defaultsAreSupvisorsDefaults() {
    SupvisorsOptions options = TestLookups.iniOptions(Map.of(), dir);
    assertEquals(List.of(), options.supvisorsList());
    assertEquals(Set.of(), options.stereotypes());
    assertEquals(Optional.empty(), options.multicastGroup());
    assertEquals(Optional.empty(), options.multicastInterface());
    assertEquals(1, options.multicastTtl());
    assertEquals(List.of(), options.rulesFiles());
    assertEquals(List.of(), options.rulesFilesPatterns());
    assertEquals(0, options.internalPort());
    assertEquals(EventLink.NONE, options.eventLink());
    assertEquals(0, options.eventPort());
    assertEquals(false, options.autoFence());
    // STRICT, TIMEOUT, CORE without list nor core identifiers: the post-check leaves TIMEOUT.
    assertEquals(List.of(SynchroOption.TIMEOUT), options.synchroOptions());
    assertEquals(15, options.synchroTimeout());
    assertEquals(2, options.inactivityTicks());
    assertEquals(List.of(), options.coreIdentifiers());
    assertEquals(Optional.empty(), options.disabilitiesFile());
    assertEquals(StartingStrategy.CONFIG, options.startingStrategy());
    assertEquals(ConciliationStrategy.USER, options.conciliationStrategy());
    assertEquals(true, options.hostStatsEnabled());
    assertEquals(true, options.processStatsEnabled());
    assertEquals(5.0, options.statsCollectingPeriod());
    assertEquals(List.of(10.0), options.statsPeriods());
    assertEquals(200, options.statsHisto());
    assertEquals(false, options.statsIrixMode());
    assertEquals(1024, options.tailLimit());
    assertEquals(1024, options.tailfLimit());
    assertEquals("AUTO", options.logfile());
    assertEquals(50L * 1024 * 1024, options.logfileMaxbytes());
    assertEquals(10, options.logfileBackups());
    assertEquals(LogLevel.INFO, options.loglevel());
    assertEquals(false, options.discoveryMode());
  }

  @Test
  void keepsEverySynchroOptionWhenListAndCoreAreSet() {
    SupvisorsOptions options =
        TestLookups.iniOptions(Map.of("supvisors_list", "rocky51", "core_identifiers", "rocky51"), dir);
    assertEquals(List.of(SynchroOption.STRICT, SynchroOption.TIMEOUT, SynchroOption.CORE), options.synchroOptions());
  }

  @Test
  void dropsCoreWithoutCoreIdentifiers() {
    SupvisorsOptions options = TestLookups.iniOptions(Map.of("supvisors_list", "rocky51"), dir);
    assertEquals(List.of(SynchroOption.STRICT, SynchroOption.TIMEOUT), options.synchroOptions());
  }

  @Test
  void dropsStrictWithoutSupvisorsList() {
    SupvisorsOptions options = TestLookups.iniOptions(
        Map.of("core_identifiers", "rocky51", "synchro_options", "STRICT,CORE,USER"), dir);
    assertEquals(List.of(SynchroOption.CORE, SynchroOption.USER), options.synchroOptions());
  }

  @Test
  void refusesSynchroOptionsLeftEmpty() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> TestLookups.iniOptions(Map.of("synchro_options", "STRICT, CORE"), dir));
    assertEquals("synchro_options must not be empty", e.getMessage());
  }

  @Test
  void refusesEmptySynchroOptions() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> TestLookups.iniOptions(Map.of("synchro_options", ""), dir));
    assertEquals("synchro_options must not be empty", e.getMessage());
  }

  @Test
  void multicastGroupSetsDiscoveryMode() {
    assertTrue(TestLookups.iniOptions(Map.of("multicast_group", "239.0.0.1:7777"), dir).discoveryMode());
  }

  @Test
  void expandsRulesFilesGlobsSortedAndDeduplicated() throws IOException {
    Files.createDirectories(dir.resolve("rules/sub"));
    for (String name : List.of("rules/b.xml", "rules/a.xml", "rules/c.txt", "rules/.hidden.xml", "rules/sub/d.xml")) {
      Files.writeString(dir.resolve(name), "<root/>");
    }
    SupvisorsOptions options = TestLookups.iniOptions(
        Map.of("rules_files", "%(here)s/rules/*.xml  %(here)s/rules/a.xml\n%(here)s/rules/s?b/[a-d].xml"), dir);
    assertEquals(List.of(dir.resolve("rules/a.xml"), dir.resolve("rules/b.xml"), dir.resolve("rules/sub/d.xml")),
        options.rulesFiles());
    assertEquals(List.of("%(here)s/rules/*.xml", "%(here)s/rules/a.xml", "%(here)s/rules/s?b/[a-d].xml"),
        options.rulesFilesPatterns());
  }

  @Test
  void expandsRulesFilesFromEnvironmentHostNameAndWorkingDirectory() throws IOException {
    Files.createDirectories(dir.resolve("rocky51"));
    Files.writeString(dir.resolve("rocky51/host.xml"), "<root/>");
    Files.writeString(dir.resolve("env.xml"), "<root/>");
    Files.writeString(dir.resolve("relative.xml"), "<root/>");
    OptionLookup lookup = TestLookups.lookup(Map.of(),
        Map.of("rules_files", "%(ENV_RULES)s/env.xml %(here)s/%(host_node_name)s/*.xml relative.xml"), dir);
    SupvisorsOptions options =
        new SupvisorsOptionsParser(lookup, Map.of("RULES", dir.toString()), "rocky51", dir).parse();
    assertEquals(List.of(dir.resolve("env.xml"), dir.resolve("relative.xml"), dir.resolve("rocky51/host.xml")),
        options.rulesFiles());
  }

  @Test
  void keepsRulesPatternsWhenNothingMatches() {
    SupvisorsOptions options = TestLookups.iniOptions(Map.of("rules_files", "%(here)s/none/*.xml"), dir);
    assertEquals(List.of(), options.rulesFiles());
    assertEquals(List.of("%(here)s/none/*.xml"), options.rulesFilesPatterns());
  }

  @Test
  void refusesUnknownExpansionInRulesFiles() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> TestLookups.iniOptions(Map.of("rules_files", "%(ENV_NOT_SET)s/*.xml"), dir));
    assertTrue(e.getMessage().contains("'ENV_NOT_SET'"), e.getMessage());
  }

  @Test
  void createsTheFolderOfTheDisabilitiesFile() {
    SupvisorsOptions options =
        TestLookups.iniOptions(Map.of("disabilities_file", "data/new/disabilities.json"), dir);
    assertEquals(Optional.of(dir.resolve("data/new/disabilities.json")), options.disabilitiesFile());
    assertTrue(Files.isDirectory(dir.resolve("data/new")));
  }

  @Test
  void failsWhenTheFolderOfTheDisabilitiesFileCannotBeCreated() throws IOException {
    Files.writeString(dir.resolve("file"), "not a folder");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> TestLookups.iniOptions(Map.of("disabilities_file", "file/disabilities.json"), dir));
    assertTrue(e.getMessage().startsWith("disabilities_file: could not create the folder of"), e.getMessage());
  }

  @Test
  void checksTheFolderOfAnExplicitLogfile() throws IOException {
    Files.createDirectories(dir.resolve("log"));
    String logfile = dir.resolve("log/supvisors.log").toString();
    assertEquals(logfile, TestLookups.iniOptions(Map.of("logfile", logfile), dir).logfile());
  }
}
