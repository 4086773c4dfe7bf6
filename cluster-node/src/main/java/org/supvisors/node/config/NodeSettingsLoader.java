package org.supvisors.node.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.supvisors.http.ServerLimits;
import org.supvisors.node.config.OptionLookup.RawValue;
import org.supvisors.node.config.SupervisordConfReader.SupervisordConf;

/**
 * Reads the command line and the configuration files into {@link NodeSettings}, validating everything once.
 *
 * <p>Layers, highest first: system properties, the {@code --config} HOCON file, {@code application.conf}, the
 * Supvisors section of {@code --supervisord-conf}, {@code reference.conf}. Any invalid value throws a
 * {@link ConfigurationException} naming the option and the value: the node must not start half-configured.
 */
public final class NodeSettingsLoader {

  private static final Logger LOG = LoggerFactory.getLogger(NodeSettingsLoader.class);

  /** Supervisor's default server when nothing says where supervisord listens. */
  static final String DEFAULT_URL = "http://localhost:9001/RPC2";

  private final Map<String, String> env;
  private final HostResolver resolver;
  private final Path cwd;

  /**
   * A loader on explicit surroundings (tests use a fake resolver and environment).
   *
   * @param env the environment ({@code %(ENV_X)s}, {@code SUPERVISOR_ENABLED})
   * @param resolver the host name resolution
   * @param cwd the directory relative paths start from
   */
  public NodeSettingsLoader(Map<String, String> env, HostResolver resolver, Path cwd) {
    this.env = Map.copyOf(env);
    this.resolver = resolver;
    this.cwd = cwd.toAbsolutePath().normalize();
  }

  /**
   * Loads the settings of this process from its command line, environment and working directory.
   *
   * @throws ConfigurationException on any invalid argument or value, or on {@code --help}
   *     ({@link ConfigurationException#helpRequested()})
   */
  public static NodeSettings load(String... args) {
    return new NodeSettingsLoader(System.getenv(), new InetHostResolver(), Path.of("")).loadSettings(args);
  }

  /** The command line usage. */
  public static String usage() {
    return CommandLine.USAGE;
  }

  /** Loads the settings from these arguments. */
  public NodeSettings loadSettings(String... args) {
    CommandLine cli = CommandLine.parse(args);
    if (cli.help()) {
      throw ConfigurationException.help(CommandLine.USAGE);
    }
    Optional<Path> hoconFile = cli.config().map(f -> existingFile("--config", f));
    String hostNodeName = resolver.localHostName();
    Optional<SupervisordConf> ini = cli.supervisordConf().map(f -> existingFile("--supervisord-conf", f))
        .map(f -> new SupervisordConfReader(env, hostNodeName).read(f));
    Config file = parse(hoconFile);
    Config user = ConfigFactory.defaultOverrides().withFallback(file).withFallback(ConfigFactory.defaultApplication());
    Config reference = ConfigFactory.defaultReference();
    Config full = resolve(user.withFallback(reference));
    Path hoconHere = hoconFile.map(Path::getParent).orElse(cwd);
    OptionLookup lookup = new OptionLookup(user, full, hoconHere,
        ini.map(SupervisordConf::supvisorsOptions).orElse(Map.of()), ini.map(SupervisordConf::here).orElse(cwd));
    warnUnknownKeys(file, ConfigFactory.defaultApplication().withFallback(reference));

    // Every option is read, and every invalid one reported at once, before anything depends on them.
    Problems problems = new Problems();
    Optional<SupervisordSettings> supervisord = problems.check(() -> supervisord(cli, lookup, ini));
    SupvisorsOptions options = new SupvisorsOptionsParser(lookup, env, hostNodeName, cwd).parse(problems);
    int nodeHttpPortOption = problems.check(() -> lookup.get("node_http_port")
        .map(v -> OptionParsers.port("node_http_port", v.text())).orElse(0), 0);
    Duration tickPeriod = problems.check(() -> lookup.get("tick_period").map(v -> tickPeriod(v.text()))
        .orElse(Duration.ofSeconds(5)), Duration.ofSeconds(5));
    Optional<Path> dataDirOption = problems.check(() -> lookup.get("data_dir")
        .map(v -> OptionParsers.path(v.text(), cwd))).flatMap(o -> o);
    problems.check(() -> serverLimits(full));
    Optional<List<SupvisorsListParser.Item>> items =
        problems.check(() -> SupvisorsListParser.parseAll(options.supvisorsList()));
    if (supervisord.isEmpty() || items.isEmpty()) {
      problems.throwIfAny();
    }
    // The local instance: from valid options only (an invalid port above was replaced by "derived").
    Optional<LocalInstanceResolver.Instances> resolved = problems.check(() -> new LocalInstanceResolver(resolver)
        .resolve(items.get(), supervisord.get(), options.internalPort(), nodeHttpPortOption, options.discoveryMode()));
    problems.throwIfAny();
    LocalInstanceResolver.Instances instances = resolved.orElseThrow();
    InstanceAddress local = instances.local();
    Path configDir = hoconFile.map(Path::getParent).or(() -> ini.map(SupervisordConf::here)).orElse(cwd);
    Path dataDir = dataDirOption.orElse(configDir.resolve("var").resolve(fileName(local.identifier())));
    NodeMode mode = cli.mode()
        .orElse(env.containsKey("SUPERVISOR_ENABLED") ? NodeMode.LISTENER : NodeMode.STANDALONE);
    int nodeHttpPort = nodeHttpPortOption > 0 ? nodeHttpPortOption : supervisord.get().httpPort() + 3;
    NodeSettings settings = new NodeSettings(options, supervisord.get(), instances.all(), local, nodeHttpPort,
        local.ipAddress(), tickPeriod, dataDir, mode, full);
    LOG.info("local Supvisors instance {} among {}", local, instances.all().stream()
        .map(InstanceAddress::identifier).toList());
    return settings;
  }

  /** The limits of the HTTP server ({@code supvisors.http}), checked here so that a bad value stops the node early. */
  private static ServerLimits serverLimits(Config full) {
    try {
      return ServerLimits.from(full);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
  }

  private static Config parse(Optional<Path> hoconFile) {
    try {
      return hoconFile.map(f -> ConfigFactory.parseFile(f.toFile(),
          ConfigParseOptions.defaults().setAllowMissing(false))).orElse(ConfigFactory.empty());
    } catch (ConfigException e) {
      throw new ConfigurationException("invalid HOCON configuration: " + e.getMessage(), e);
    }
  }

  /** Supvisors ignores unknown options; a key of the user's file that nothing knows is most likely a typo. */
  static Set<String> unknownKeys(Config file, Config known) {
    Set<String> unknown = new TreeSet<>();
    try {
      if (file.hasPath(OptionLookup.ROOT)) {
        for (String key : file.getConfig(OptionLookup.ROOT).entrySet().stream().map(Map.Entry::getKey).toList()) {
          if (!known.hasPathOrNull(OptionLookup.ROOT + "." + key)) {
            unknown.add(key);
          }
        }
      }
    } catch (ConfigException e) {
      // Not an object, or unresolved substitutions: reading the values reports it.
    }
    return unknown;
  }

  private static void warnUnknownKeys(Config file, Config known) {
    Set<String> unknown = unknownKeys(file, known);
    if (!unknown.isEmpty()) {
      LOG.warn("unknown keys in the supvisors block, ignored: {}", unknown);
    }
  }

  private static Config resolve(Config config) {
    try {
      return config.resolve();
    } catch (ConfigException e) {
      throw new ConfigurationException("invalid HOCON configuration: " + e.getMessage(), e);
    }
  }

  /**
   * The supervisord address, credentials and identifier: command line, then user HOCON, then
   * {@code supervisord.conf}, then {@code reference.conf}.
   */
  private static SupervisordSettings supervisord(CommandLine cli, OptionLookup lookup, Optional<SupervisordConf> ini) {
    String url = userText(lookup, "supervisord.url")
        .or(() -> ini.map(c -> "http://" + c.clientHost() + ":" + c.port() + "/RPC2"))
        .or(() -> lookup.reference("supervisord.url", ",").map(RawValue::text))
        .orElse(DEFAULT_URL);
    String username = userText(lookup, "supervisord.username").or(() -> ini.map(SupervisordConf::username))
        .or(() -> lookup.reference("supervisord.username", ",").map(RawValue::text)).orElse("");
    String password = userText(lookup, "supervisord.password").or(() -> ini.map(SupervisordConf::password))
        .or(() -> lookup.reference("supervisord.password", ",").map(RawValue::text)).orElse("");
    String identifier = cli.identifier().or(() -> userText(lookup, "supervisord.identifier"))
        .or(() -> ini.flatMap(SupervisordConf::identifier))
        .or(() -> lookup.reference("supervisord.identifier", ",").map(RawValue::text))
        .orElse(SupervisordSettings.DEFAULT_IDENTIFIER).strip();
    if (identifier.isEmpty()) {
      throw new ConfigurationException("invalid value for supervisord.identifier: \"\". a name expected");
    }
    return fromUrl(url, username, password, identifier);
  }

  /** Settings from an XML-RPC address; a missing path means Supervisor's {@code /RPC2}. */
  static SupervisordSettings fromUrl(String url, String username, String password, String identifier) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      uri = null;
    }
    String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new ConfigurationException(
          "invalid value for supervisord.url: \"" + url + "\". http://host:port/RPC2 expected");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")
        ? "/RPC2" : uri.getRawPath();
    String normalized = scheme + "://" + uri.getHost() + ":" + port + path;
    return new SupervisordSettings(uri.getHost(), port, normalized, username, password, identifier);
  }

  private static Optional<String> userText(OptionLookup lookup, String key) {
    return lookup.userSets(key) ? lookup.user(key, ",").map(RawValue::text) : Optional.empty();
  }

  private static Duration tickPeriod(String value) {
    double seconds = OptionParsers.pyFloat(value).filter(d -> d >= 0.1 && d <= 60.0).orElseThrow(
        () -> new ConfigurationException(
            "invalid value for tick_period: \"" + value + "\". float expected in [0.1;60.0] (seconds)"));
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  private Path existingFile(String argument, String file) {
    Path path = cwd.resolve(file).normalize();
    if (!Files.isRegularFile(path)) {
      throw new ConfigurationException(argument + ": no such file: " + path);
    }
    return path;
  }

  /** Deduced names may hold {@code :} ({@code host:port}): keep the data folder name portable. */
  private static String fileName(String identifier) {
    return identifier.replaceAll("(?U)[^\\w.\\-]", "_");
  }
}
