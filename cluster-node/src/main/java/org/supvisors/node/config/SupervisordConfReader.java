package org.supvisors.node.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the node needs from an existing {@code supervisord.conf}, so that a Supvisors installation migrates
 * without edits: the {@code [inet_http_server]} address and credentials, the {@code [supervisord]} identifier and
 * the Supvisors options.
 *
 * <p>Expansion follows Supervisor: {@code %(ENV_X)s} everywhere; {@code %(here)s} and {@code %(host_node_name)s}
 * in the Supervisor sections and {@code [include] files}. In the Supvisors section, {@code %(here)s} and
 * {@code %(host_node_name)s} are kept for {@code rules_files}, which Supvisors expands again.
 */
final class SupervisordConfReader {

  private static final Logger LOG = LoggerFactory.getLogger(SupervisordConfReader.class);

  /** Supvisors' own section, and the name of a section that declares it as plugin. */
  static final String RPC_SECTION = "rpcinterface:supvisors";
  static final String PLAIN_SECTION = "supvisors";
  private static final String FACTORY_KEY = "supervisor.rpcinterface_factory";
  private static final Set<String> DEFERRED = Set.of("here", "host_node_name");

  private final Map<String, String> env;
  private final String hostNodeName;

  /**
   * @param env the environment, for {@code %(ENV_X)s}
   * @param hostNodeName the value of {@code %(host_node_name)s}, the host name
   */
  SupervisordConfReader(Map<String, String> env, String hostNodeName) {
    this.env = env;
    this.hostNodeName = hostNodeName;
  }

  /**
   * What the node takes from {@code supervisord.conf}.
   *
   * @param here the directory of the file, for {@code %(here)s}
   * @param host the host of {@code [inet_http_server]} as supervisord binds it ({@code ""} = every interface)
   * @param identifier the {@code [supervisord] identifier}, if set
   * @param supvisorsOptions the Supvisors options, ENV-expanded, factory key left out
   */
  record SupervisordConf(Path file, Path here, String host, int port, String username, String password,
      Optional<String> identifier, Map<String, String> supvisorsOptions) {

    SupervisordConf {
      supvisorsOptions = Map.copyOf(supvisorsOptions);
    }

    /** The host a client uses: supervisord bound to every interface is reached on localhost. */
    String clientHost() {
      return host.isEmpty() || host.equals("*") || host.equals("0.0.0.0") ? "localhost" : host;
    }

    @Override
    public String toString() {
      return "SupervisordConf[file=" + file + ", host=" + host + ", port=" + port + ", username=" + username
          + ", identifier=" + identifier + ", supvisorsOptions=" + supvisorsOptions + "]";
    }
  }

  SupervisordConf read(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path here = absolute.getParent();
    IniFile ini = withIncludes(IniFile.read(absolute), here);
    Map<String, String> supervisorExpansions = expansions(here);
    if (!ini.hasSection("inet_http_server")) {
      throw new ConfigurationException("Supervisor MUST be configured using inet_http_server: " + absolute);
    }
    String port = ini.get("inet_http_server", "port")
        .map(v -> IniFile.expand(v, supervisorExpansions, Set.of(), "inet_http_server.port"))
        .orElseThrow(() -> new ConfigurationException("section [inet_http_server] has no port value: " + absolute));
    String[] address = inetAddress(port);
    String username = expanded(ini, "inet_http_server", "username", supervisorExpansions).orElse("");
    String password = expanded(ini, "inet_http_server", "password", supervisorExpansions).orElse("");
    if (username.isEmpty() != password.isEmpty()) {
      throw new ConfigurationException("section [inet_http_server] must specify both username and password: "
          + absolute);
    }
    Optional<String> identifier = expanded(ini, "supervisord", "identifier", supervisorExpansions);
    return new SupervisordConf(absolute, here, address[0], Integer.parseInt(address[1]), username, password,
        identifier, supvisorsOptions(ini));
  }

  /**
   * Supervisor's {@code inet_address}: {@code port}, {@code host:port}, {@code :port} or {@code *:port}.
   *
   * @return the host (lower case, {@code ""} for every interface) and the port
   */
  static String[] inetAddress(String value) {
    String host = "";
    String port = value.strip();
    int colon = port.lastIndexOf(':');
    if (colon >= 0) {
      host = port.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
      port = port.substring(colon + 1).strip();
    }
    if (host.equals("*")) {
      host = "";
    }
    int number = OptionParsers.integerIn("inet_http_server.port", port, 1, 65535,
        "port number expected in [1;65535] (forms: port, :port, *:port, host:port)");
    return new String[] {host, Integer.toString(number)};
  }

  /** The Supvisors options: {@code [rpcinterface:supvisors]}, else any plugin section of Supvisors, else
   * {@code [supvisors]}. */
  private Map<String, String> supvisorsOptions(IniFile ini) {
    Optional<String> section = ini.hasSection(RPC_SECTION) ? Optional.of(RPC_SECTION)
        : ini.sections().stream()
            .filter(s -> s.startsWith("rpcinterface:"))
            .filter(s -> ini.get(s, FACTORY_KEY).filter(f -> f.contains("supvisors")).isPresent())
            .findFirst()
            .or(() -> ini.hasSection(PLAIN_SECTION) ? Optional.of(PLAIN_SECTION) : Optional.empty());
    if (section.isEmpty()) {
      LOG.warn("no [{}] nor [{}] section in {}: Supvisors defaults apply", RPC_SECTION, PLAIN_SECTION,
          ini.source());
      return Map.of();
    }
    if (!section.get().equals(PLAIN_SECTION) && ini.hasSection(PLAIN_SECTION)) {
      LOG.warn("both [{}] and [{}] in {}: [{}] is ignored", section.get(), PLAIN_SECTION, ini.source(),
          PLAIN_SECTION);
    }
    Map<String, String> envOnly = envExpansions();
    Map<String, String> result = new LinkedHashMap<>();
    ini.items(section.get()).forEach((key, value) -> {
      if (!key.equals(FACTORY_KEY)) {
        result.put(key, IniFile.expand(value, envOnly, DEFERRED, section.get() + "." + key));
      }
    });
    return result;
  }

  /** Supervisor reads {@code [include] files} (globs relative to the main file) over the main file. */
  private IniFile withIncludes(IniFile main, Path here) {
    Optional<String> files = main.get("include", "files");
    if (files.isEmpty()) {
      return main;
    }
    String patterns = IniFile.expand(files.get(), expansions(here), Set.of(), "include.files");
    IniFile result = main;
    for (String pattern : patterns.split("\\s+")) {
      if (pattern.isEmpty()) {
        continue;
      }
      List<Path> matches = Globs.expand(pattern, here);
      if (matches.isEmpty()) {
        LOG.warn("no file matches the include pattern {} of {}", pattern, main.source());
      }
      for (Path match : matches) {
        result = result.merge(IniFile.read(match));
      }
    }
    return result;
  }

  private Optional<String> expanded(IniFile ini, String section, String key, Map<String, String> expansions) {
    return ini.get(section, key).map(v -> IniFile.expand(v, expansions, Set.of(), section + "." + key));
  }

  private Map<String, String> expansions(Path here) {
    Map<String, String> result = new HashMap<>(envExpansions());
    result.put("here", here.toString());
    result.put("host_node_name", hostNodeName);
    return result;
  }

  private Map<String, String> envExpansions() {
    Map<String, String> result = new HashMap<>();
    env.forEach((k, v) -> result.put("ENV_" + k, v));
    return result;
  }
}
