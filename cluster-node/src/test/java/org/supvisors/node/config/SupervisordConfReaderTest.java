package org.supvisors.node.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.supvisors.node.config.SupervisordConfReader.SupervisordConf;

class SupervisordConfReaderTest {

  @TempDir
  Path dir;

  private final SupervisordConfReader reader =
      new SupervisordConfReader(Map.of("PORT", "61000", "USER", "lecleach", "RULES", "/rules"), "rocky51");

  private SupervisordConf read(String text) throws IOException {
    Path file = dir.resolve("supervisord.conf");
    Files.writeString(file, text);
    return reader.read(file);
  }

  @ParameterizedTest(name = "port={0}")
  @CsvSource(delimiter = '|', textBlock = """
      :61000           | ''         | 61000 | localhost
      127.0.0.1:61000  | 127.0.0.1  | 61000 | 127.0.0.1
      *:61000          | ''         | 61000 | localhost
      61000            | ''         | 61000 | localhost
      Rocky51:61001    | rocky51    | 61001 | rocky51
      :%(ENV_PORT)s    | ''         | 61000 | localhost
      """)
  void readsEveryFormOfInetHttpServerPort(String port, String host, int number, String clientHost)
      throws IOException {
    SupervisordConf conf = read("[inet_http_server]\nport=" + port + "\n");
    assertEquals(host, conf.host());
    assertEquals(number, conf.port());
    assertEquals(clientHost, conf.clientHost());
  }

  @Test
  void refusesBadPorts() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> read("[inet_http_server]\nport=:x\n"));
    assertTrue(e.getMessage().startsWith("invalid value for inet_http_server.port: \"x\""), e.getMessage());
    assertThrows(ConfigurationException.class, () -> read("[inet_http_server]\nport=:70000\n"));
    ConfigurationException none =
        assertThrows(ConfigurationException.class, () -> read("[inet_http_server]\nusername=u\n"));
    assertTrue(none.getMessage().startsWith("section [inet_http_server] has no port value"), none.getMessage());
  }

  @Test
  void refusesAConfigurationWithoutInetHttpServer() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> read("""
        [unix_http_server]
        file=/tmp/supervisor.sock

        [rpcinterface:supvisors]
        supervisor.rpcinterface_factory = supvisors.plugin:make_supvisors_rpcinterface
        """));
    assertEquals("Supervisor MUST be configured using inet_http_server: " + dir.resolve("supervisord.conf"),
        e.getMessage());
  }

  @Test
  void readsCredentialsAndIdentifier() throws IOException {
    SupervisordConf conf = read("""
        [inet_http_server]
        port=:60000
        username=%(ENV_USER)s
        password=p@$w0rd
        [supervisord]
        identifier = supv-01
        """);
    assertEquals("lecleach", conf.username());
    assertEquals("p@$w0rd", conf.password());
    assertEquals(Optional.of("supv-01"), conf.identifier());
    assertTrue(!conf.toString().contains("p@$w0rd"));
  }

  @Test
  void needsBothUsernameAndPassword() {
    assertThrows(ConfigurationException.class, () -> read("[inet_http_server]\nport=:60000\nusername=u\n"));
  }

  @Test
  void readsTheRpcinterfaceSectionWithoutItsFactory() throws IOException {
    SupervisordConf conf = read("""
        [inet_http_server]
        port=:60000
        [rpcinterface:supvisors]
        supervisor.rpcinterface_factory = supvisors.plugin:make_supvisors_rpcinterface
        supvisors_list = rocky51,rocky52
        rules_files = %(ENV_RULES)s/*.xml %%(here)s/a.xml %(here)s/%(host_node_name)s.xml
        synchro_timeout = 20
        [supvisors]
        synchro_timeout = 30
        """);
    assertEquals(Map.of("supvisors_list", "rocky51,rocky52",
        "rules_files", "/rules/*.xml %(here)s/a.xml %(here)s/%(host_node_name)s.xml",
        "synchro_timeout", "20"), conf.supvisorsOptions());
    assertEquals(dir, conf.here());
  }

  @Test
  void readsAPlainSupvisorsSection() throws IOException {
    SupervisordConf conf = read("[inet_http_server]\nport=:60000\n[supvisors]\nsynchro_timeout: 30\n");
    assertEquals(Map.of("synchro_timeout", "30"), conf.supvisorsOptions());
  }

  @Test
  void readsAPluginSectionOfAnotherName() throws IOException {
    SupervisordConf conf = read("""
        [inet_http_server]
        port=:60000
        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
        [rpcinterface:sv]
        supervisor.rpcinterface_factory = supvisors.plugin:make_supvisors_rpcinterface
        inactivity_ticks = 3
        """);
    assertEquals(Map.of("inactivity_ticks", "3"), conf.supvisorsOptions());
  }

  @Test
  void noSupvisorsSectionMeansDefaults() throws IOException {
    assertEquals(Map.of(), read("[inet_http_server]\nport=:60000\n").supvisorsOptions());
  }

  @Test
  void readsIncludedFiles() throws IOException {
    Files.createDirectories(dir.resolve("conf.d"));
    Files.writeString(dir.resolve("conf.d/supvisors.ini"), "[rpcinterface:supvisors]\nstats_histo = 100\n");
    Files.writeString(dir.resolve("conf.d/rocky51.ini"), "[supervisord]\nidentifier = from-include\n");
    SupervisordConf conf = read("""
        [inet_http_server]
        port=:60000
        [include]
        files = conf.d/*.ini %(here)s/conf.d/%(host_node_name)s.ini
        """);
    assertEquals(Map.of("stats_histo", "100"), conf.supvisorsOptions());
    assertEquals(Optional.of("from-include"), conf.identifier());
  }

  @Test
  void refusesUnknownExpansions() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> read("[inet_http_server]\nport=:60000\n[supvisors]\nlogfile=%(ENV_NOPE)s/x.log\n"));
    assertTrue(e.getMessage().contains("'supvisors.logfile' contains names ('ENV_NOPE')"), e.getMessage());
  }

  @Test
  void splitsInetAddresses() {
    assertArrayEquals(new String[] {"", "9001"}, SupervisordConfReader.inetAddress("9001"));
    assertArrayEquals(new String[] {"10.0.0.1", "9001"}, SupervisordConfReader.inetAddress("10.0.0.1:9001"));
  }
}
