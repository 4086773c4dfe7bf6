package org.supvisors.node.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.supvisors.node.config.OptionLookup.RawValue;
import org.supvisors.protocol.Coded;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.EventLink;
import org.supvisors.protocol.LogLevel;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.protocol.SynchroOption;

/**
 * Builds {@link SupvisorsOptions} from the raw option texts, option by option as Supvisors' {@code SupvisorsOptions}
 * does, then applies its {@code synchro_options} post-check.
 *
 * <p>The defaults below only serve when no layer has the option; {@code reference.conf} holds the same values.
 */
final class SupvisorsOptionsParser {

  private static final Logger LOG = LoggerFactory.getLogger(SupvisorsOptionsParser.class);

  private final OptionLookup lookup;
  private final Map<String, String> env;
  private final String hostNodeName;
  private final Path cwd;

  /**
   * @param env the environment, for {@code %(ENV_X)s} in {@code rules_files}
   * @param hostNodeName the value of {@code %(host_node_name)s}
   * @param cwd the directory relative paths start from
   */
  SupvisorsOptionsParser(OptionLookup lookup, Map<String, String> env, String hostNodeName, Path cwd) {
    this.lookup = lookup;
    this.env = env;
    this.hostNodeName = hostNodeName;
    this.cwd = cwd;
  }

  /** The options, or a {@link ConfigurationException} naming every invalid one. */
  SupvisorsOptions parse() {
    Problems problems = new Problems();
    SupvisorsOptions options = parse(problems);
    problems.throwIfAny();
    return options;
  }

  /**
   * The options, every invalid one noted in {@code problems} and replaced by its default, so that all of them are
   * reported at once; the result is only meaningful when {@code problems} stays empty.
   */
  SupvisorsOptions parse(Problems problems) {
    Reader r = new Reader(problems);
    Optional<List<String>> parsedList = problems.check(() -> text("supvisors_list").map(OptionParsers::names)
        .orElse(List.of()));
    List<String> supvisorsList = parsedList.orElse(List.of());
    Set<String> stereotypes = new LinkedHashSet<>(
        r.read(() -> text("stereotypes").map(OptionParsers::names).orElse(List.of()), List.of()));
    Optional<String> multicastGroup = r.read(() -> convert("multicast_group", OptionParsers::multicastGroup));
    Optional<String> multicastInterface = r.read(() -> text("multicast_interface")
        .flatMap(v -> OptionParsers.multicastInterface("multicast_interface", v)));
    int multicastTtl = r.read(() -> ranged("multicast_ttl", 0, 255, "integer expected in (0, 255)", 1), 1);
    Optional<RawValue> rules = r.read(() -> lookup.get("rules_files", " "));
    List<String> rulesPatterns = rules.map(v -> splitBlank(v.text())).orElse(List.of());
    List<Path> rulesFiles = r.read(() -> rules.map(this::rulesFiles).orElse(List.of()), List.of());
    int internalPort = r.read(() -> convert("internal_port", OptionParsers::port).orElse(0), 0);
    EventLink eventLink = r.read(() -> enumOption("event_link", EventLink.class, EventLink.NONE), EventLink.NONE);
    int eventPort = r.read(() -> convert("event_port", OptionParsers::port).orElse(0), 0);
    boolean autoFence = r.read(() -> convert("auto_fence", OptionParsers::bool).orElse(false), false);
    Optional<List<SynchroOption>> synchroOptions =
        problems.check(() -> convert("synchro_options", OptionParsers::synchroOptions)
            .orElse(List.of(SynchroOption.STRICT, SynchroOption.TIMEOUT, SynchroOption.CORE)));
    int synchroTimeout =
        r.read(() -> ranged("synchro_timeout", 15, 1200, "integer expected in [15;1200] (seconds)", 15), 15);
    int inactivityTicks = r.read(() -> ranged("inactivity_ticks", 2, 720, "integer expected in [2;720]", 2), 2);
    Optional<List<String>> parsedCore =
        problems.check(() -> text("core_identifiers").map(OptionParsers::names).orElse(List.of()));
    List<String> coreIdentifiers = parsedCore.orElse(List.of());
    Optional<Path> disabilitiesFile = r.read(() -> text("disabilities_file").map(this::disabilitiesFile));
    StartingStrategy startingStrategy = r.read(
        () -> enumOption("starting_strategy", StartingStrategy.class, StartingStrategy.CONFIG),
        StartingStrategy.CONFIG);
    ConciliationStrategy conciliationStrategy = r.read(
        () -> enumOption("conciliation_strategy", ConciliationStrategy.class, ConciliationStrategy.USER),
        ConciliationStrategy.USER);
    OptionParsers.StatsEnabled allStats = new OptionParsers.StatsEnabled(true, true);
    OptionParsers.StatsEnabled stats =
        r.read(() -> convert("stats_enabled", OptionParsers::statsEnabled).orElse(allStats), allStats);
    double collectingPeriod =
        r.read(() -> convert("stats_collecting_period", OptionParsers::period).orElse(5.0), 5.0);
    List<Double> statsPeriods =
        r.read(() -> convert("stats_periods", OptionParsers::periods).orElse(List.of(10.0)), List.of(10.0));
    int statsHisto =
        r.read(() -> ranged("stats_histo", 10, 1500, "integer expected in [10;1500] (seconds)", 200), 200);
    boolean irixMode = r.read(() -> convert("stats_irix_mode", OptionParsers::bool).orElse(false), false);
    long tailLimit = r.read(() -> convert("tail_limit", OptionParsers::byteSize).orElse(1024L), 1024L);
    long tailfLimit = r.read(() -> convert("tailf_limit", OptionParsers::byteSize).orElse(1024L), 1024L);
    String logfile =
        r.read(() -> text("logfile").map(v -> OptionParsers.logfile("logfile", v, cwd)).orElse("AUTO"), "AUTO");
    long maxbytes = 50L * 1024 * 1024;
    long logfileMaxbytes =
        r.read(() -> convert("logfile_maxbytes", OptionParsers::byteSize).orElse(maxbytes), maxbytes);
    int logfileBackups = r.read(() -> convert("logfile_backups", OptionParsers::integer).orElse(10), 10);
    LogLevel loglevel = r.read(() -> convert("loglevel", OptionParsers::logLevel).orElse(LogLevel.INFO),
        LogLevel.INFO);
    // The post-check only means something on the options as written.
    List<SynchroOption> checkedSynchro = synchroOptions.isPresent() && parsedCore.isPresent()
        && parsedList.isPresent()
        ? r.read(() -> postCheck(synchroOptions.get(), coreIdentifiers, supvisorsList), List.of(SynchroOption.TIMEOUT))
        : List.of(SynchroOption.TIMEOUT);
    return new SupvisorsOptions(supvisorsList, stereotypes, multicastGroup, multicastInterface, multicastTtl,
        rulesFiles, rulesPatterns, internalPort, eventLink, eventPort, autoFence,
        checkedSynchro, synchroTimeout, inactivityTicks,
        coreIdentifiers, disabilitiesFile, startingStrategy, conciliationStrategy, stats.host(), stats.process(),
        collectingPeriod, statsPeriods, statsHisto, irixMode, tailLimit, tailfLimit, logfile, logfileMaxbytes,
        logfileBackups, loglevel);
  }

  /** Reads one option through {@link Problems}: an invalid one is noted and replaced by its default. */
  private record Reader(Problems problems) {

    <T> T read(Supplier<T> step, T fallback) {
      return problems.check(step, fallback);
    }

    <T> Optional<T> read(Supplier<Optional<T>> step) {
      return problems.check(step).flatMap(o -> o);
    }
  }

  /**
   * Supvisors' post-check: CORE needs core identifiers, STRICT needs a declared list; nothing left is fatal as the
   * INITIALIZATION state could never end.
   */
  static List<SynchroOption> postCheck(List<SynchroOption> options, List<String> coreIdentifiers,
      List<String> supvisorsList) {
    List<SynchroOption> result = new ArrayList<>(options);
    if (coreIdentifiers.isEmpty() && result.remove(SynchroOption.CORE)) {
      LOG.warn("synchro_options: CORE removed as core_identifiers is empty");
    }
    if (supvisorsList.isEmpty() && result.remove(SynchroOption.STRICT)) {
      LOG.warn("synchro_options: STRICT removed as supvisors_list is empty");
    }
    if (result.isEmpty()) {
      throw new ConfigurationException("synchro_options must not be empty");
    }
    return List.copyOf(result);
  }

  /** Supvisors' {@code rules_files}: blank-separated globs, expanded, made absolute, sorted, no duplicate. */
  private List<Path> rulesFiles(RawValue value) {
    Map<String, String> expansions = new HashMap<>();
    env.forEach((k, v) -> expansions.put("ENV_" + k, v));
    expansions.put("here", value.here().toString());
    expansions.put("host_node_name", hostNodeName);
    Set<Path> files = new TreeSet<>();
    for (String pattern : splitBlank(value.text())) {
      files.addAll(Globs.expand(IniFile.expand(pattern, expansions, Set.of(), "rules_files"), cwd));
    }
    if (files.isEmpty()) {
      LOG.warn("rules_files: no rules file found from {}: all applications are unmanaged", value.text());
    }
    return List.copyOf(files);
  }

  /** Supvisors creates the folder of the disabilities file when missing; failing to do so is fatal here. */
  private Path disabilitiesFile(String value) {
    Path file = OptionParsers.path(value, cwd);
    Path folder = file.getParent();
    if (folder != null && !Files.isDirectory(folder)) {
      try {
        Files.createDirectories(folder);
      } catch (IOException | SecurityException e) {
        throw new ConfigurationException(
            "disabilities_file: could not create the folder of \"" + value + "\": " + e, e);
      }
    }
    return file;
  }

  private static List<String> splitBlank(String text) {
    return Arrays.stream(text.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  private Optional<String> text(String key) {
    return lookup.get(key).map(RawValue::text);
  }

  private <T> Optional<T> convert(String key, BiFunction<String, String, T> parser) {
    return text(key).map(v -> parser.apply(key, v));
  }

  private int ranged(String key, int min, int max, String expected, int fallback) {
    return text(key).map(v -> OptionParsers.integerIn(key, v, min, max, expected)).orElse(fallback);
  }

  private <E extends Enum<E> & Coded> E enumOption(String key, Class<E> type, E fallback) {
    return text(key).map(v -> OptionParsers.enumValue(key, v, type)).orElse(fallback);
  }
}
