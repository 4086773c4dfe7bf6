package org.supvisors.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IniFileTest {

  private static final String TEXT = """
      ; a full-line comment
      # another one
      [inet_http_server]
      port=:60000        ; inline comment
      username = lecleach
      password: p@$w0rd;not-a-comment#nor-this

      [rpcinterface:supvisors]
      supervisor.rpcinterface_factory = supvisors.plugin:make_supvisors_rpcinterface
      Supvisors_List = rocky51,
          rocky52,

          rocky53
      rules_files = a.xml
      rules_files = b.xml
      empty =
      [DEFAULT]
      shared = everywhere
      [inet_http_server]
      added = later
      """;

  private final IniFile ini = IniFile.parse(TEXT, "test.conf");

  @Test
  void readsSectionsInOrderWithoutDefault() {
    assertEquals(List.of("inet_http_server", "rpcinterface:supvisors"), ini.sections());
  }

  @Test
  void splitsOnTheFirstDelimiterAndStripsInlineComments() {
    assertEquals(Optional.of(":60000"), ini.get("inet_http_server", "port"));
    assertEquals(Optional.of("lecleach"), ini.get("inet_http_server", "username"));
    assertEquals(Optional.of("p@$w0rd;not-a-comment#nor-this"), ini.get("inet_http_server", "password"));
    assertEquals(Optional.of("supvisors.plugin:make_supvisors_rpcinterface"),
        ini.get("rpcinterface:supvisors", "supervisor.rpcinterface_factory"));
  }

  @Test
  void joinsContinuationLinesAndLowerCasesKeys() {
    assertEquals(Optional.of("rocky51,\nrocky52,\n\nrocky53"), ini.get("rpcinterface:supvisors", "supvisors_list"));
  }

  @Test
  void laterKeysAndSectionsWin() {
    assertEquals(Optional.of("b.xml"), ini.get("rpcinterface:supvisors", "rules_files"));
    assertEquals(Optional.of("later"), ini.get("inet_http_server", "added"));
    assertEquals(Optional.of(""), ini.get("rpcinterface:supvisors", "empty"));
  }

  @Test
  void defaultValuesShowInEverySection() {
    assertEquals(Optional.of("everywhere"), ini.get("rpcinterface:supvisors", "shared"));
    assertEquals(Optional.empty(), ini.get("no_such_section", "shared"));
  }

  @Test
  void refusesOptionsBeforeAnySection() {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> IniFile.parse("port = 1\n", "x.conf"));
    assertTrue(e.getMessage().startsWith("File contains no section headers: x.conf, line 1"), e.getMessage());
  }

  @Test
  void refusesLinesWithoutDelimiter() {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> IniFile.parse("[a]\njust text\n", "x.conf"));
    assertTrue(e.getMessage().startsWith("Source contains parsing errors: x.conf, line 2"), e.getMessage());
  }

  @Test
  void expandsLikePythonFormatting() {
    Map<String, String> expansions = Map.of("ENV_HOME", "/home/me", "here", "/etc");
    assertEquals("/home/me/x 100% %(here)s",
        IniFile.expand("%(ENV_HOME)s/x 100%% %%(here)s", expansions, Set.of(), "k"));
    assertEquals("/etc/%(host_node_name)s",
        IniFile.expand("%(here)s/%(host_node_name)s", expansions, Set.of("host_node_name"), "k"));
  }

  @Test
  void refusesUnknownNamesAndBadFormats() {
    ConfigurationException unknown = assertThrows(ConfigurationException.class,
        () -> IniFile.expand("%(ENV_NOPE)s", Map.of(), Set.of(), "rpcinterface:supvisors.rules_files"));
    assertTrue(unknown.getMessage().startsWith("Format string '%(ENV_NOPE)s' for "
        + "'rpcinterface:supvisors.rules_files' contains names ('ENV_NOPE') which cannot be expanded"),
        unknown.getMessage());
    ConfigurationException bad =
        assertThrows(ConfigurationException.class, () -> IniFile.expand("50%", Map.of(), Set.of(), "k"));
    assertEquals("Format string '50%' for 'k' is badly formatted", bad.getMessage());
  }
}
