package org.supvisors.node.config;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.supvisors.protocol.Coded;
import org.supvisors.protocol.LogLevel;
import org.supvisors.protocol.StatisticsType;
import org.supvisors.protocol.SynchroOption;

/**
 * The conversions of option text, with the rules of Supervisor's {@code datatypes} and Supvisors' {@code options}.
 *
 * <p>Every function takes the option name so that its error names it; the messages keep Supvisors' wording.
 * Supervisor relies on Python's {@code int()} and {@code float()}, so the number syntax here is Python's
 * (surrounding blanks, a sign, {@code _} between digits).
 */
final class OptionParsers {

  /** Supvisors refuses these multicast addresses: they are reserved. */
  static final List<String> RESERVED_MULTICAST = List.of("224.0.0.0", "232.0.0.0", "233.0.0.0", "239.0.0.0");

  private static final Pattern PY_INT = Pattern.compile("[+-]?\\d+(?:_\\d+)*");
  private static final Pattern PY_FLOAT =
      Pattern.compile("[+-]?(?:(?:\\d+(?:_\\d+)*)(?:\\.(?:\\d+(?:_\\d+)*)?)?|\\.\\d+(?:_\\d+)*)(?:[eE][+-]?\\d+)?");
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Set<String> TRUTHY = Set.of("yes", "true", "on", "1");
  private static final Set<String> FALSY = Set.of("no", "false", "off", "0");
  private static final long KB = 1024L;

  private OptionParsers() {}

  /** Host and process statistics switches, as decoded from {@code stats_enabled}. */
  record StatsEnabled(boolean host, boolean process) {}

  // ---------------------------------------------------------------------------------------------------------------
  // Supervisor datatypes

  /** Supervisor's {@code boolean}: yes/true/on/1 or no/false/off/0, case-insensitive. */
  static boolean bool(String option, String value) {
    String lower = value.trim().toLowerCase(Locale.ROOT);
    if (TRUTHY.contains(lower)) {
      return true;
    }
    if (FALSY.contains(lower)) {
      return false;
    }
    throw new ConfigurationException(option + ": not a valid boolean value: " + pyRepr(value));
  }

  /** Supervisor's {@code list_of_strings}: comma-separated, items stripped, empty items kept. */
  static List<String> listOfStrings(String value) {
    if (value.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(value.split(",", -1)).map(String::strip).toList();
  }

  /** A list of names: comma-separated, stripped, empty items dropped, duplicates removed, order kept. */
  static List<String> names(String value) {
    return List.copyOf(listOfStrings(value).stream().filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new)));
  }

  /** Supervisor's {@code byte_size}: an integer with an optional KB, MB or GB suffix (powers of 1024). */
  static long byteSize(String option, String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    long multiplier = 1;
    String digits = lower;
    if (lower.endsWith("kb") || lower.endsWith("mb") || lower.endsWith("gb")) {
      multiplier = switch (lower.charAt(lower.length() - 2)) {
        case 'k' -> KB;
        case 'm' -> KB * KB;
        default -> KB * KB * KB;
      };
      digits = lower.substring(0, lower.length() - 2);
    }
    long factor = multiplier;
    Optional<Long> number = pyInt(digits).filter(n -> Math.abs(n) <= Long.MAX_VALUE / factor);
    if (number.isEmpty()) {
      throw new ConfigurationException("invalid value for " + option + ": \"" + value
          + "\". byte size expected (integer with optional KB, MB or GB suffix)");
    }
    return number.get() * multiplier;
  }

  /** Supervisor's {@code integer}, without range. */
  static int integer(String option, String value) {
    return pyInt(value).filter(n -> n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE).map(Long::intValue)
        .orElseThrow(() -> new ConfigurationException(
            "invalid value for " + option + ": \"" + value + "\". integer expected"));
  }

  /** Supervisor's {@code logging_level}: one of Supervisor's level names, case-insensitive. */
  static LogLevel logLevel(String option, String value) {
    return LogLevel.fromName(value).orElseThrow(
        () -> new ConfigurationException(option + ": bad logging level name " + pyRepr(value)));
  }

  /**
   * Supervisor's {@code logfile_name} as Supvisors uses it: {@code AUTO} (Supervisor's own logger), {@code NONE},
   * {@code SYSLOG}, or a path whose directory must exist ({@code ~} expanded).
   */
  static String logfile(String option, String value, Path cwd) {
    String upper = value.strip().toUpperCase(Locale.ROOT);
    if (upper.equals("AUTO") || upper.equals("NONE") || upper.equals("SYSLOG")) {
      return upper;
    }
    String expanded = expandUser(value);
    Path parent = Path.of(expanded).getParent();
    if (parent != null && !Files.isDirectory(cwd.resolve(parent))) {
      throw new ConfigurationException(option + ": The directory named as part of the path " + value
          + " does not exist");
    }
    return expanded;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Supvisors conversions

  /** An integer in {@code [min;max]}; any other text gets Supvisors' range message. */
  static int integerIn(String option, String value, int min, int max, String expected) {
    return pyInt(value).filter(n -> n >= min && n <= max).map(Long::intValue)
        .orElseThrow(() -> new ConfigurationException(
            "invalid value for " + option + ": \"" + value + "\". " + expected));
  }

  /** A port number in [1;65535]; {@code 0} means "derived", as Supvisors' default. */
  static int port(String option, String value) {
    if (pyInt(value).filter(n -> n == 0).isPresent()) {
      return 0;
    }
    return integerIn(option, value, 1, 65535, "integer expected in (1, 65535)");
  }

  /** A float in {@code [1.0;3600.0]} seconds. */
  static double period(String option, String value) {
    return pyFloat(value).filter(d -> d >= 1.0 && d <= 3600.0).orElseThrow(
        () -> new ConfigurationException("invalid value for " + option + ": \"" + value
            + "\". float expected in [1.0;3600.0] (seconds)"));
  }

  /** {@code stats_periods}: 1 to 3 periods, each in {@code [1.0;3600.0]}, sorted ascending. */
  static List<Double> periods(String option, String value) {
    List<String> items = listOfStrings(value);
    if (items.isEmpty()) {
      throw new ConfigurationException("unexpected number of " + option + ": 0. minimum is 1");
    }
    if (items.size() > 3) {
      throw new ConfigurationException("unexpected number of " + option + ": " + items.size() + ". maximum is 3");
    }
    List<Double> result = new ArrayList<>();
    for (String item : items) {
      result.add(period(option, item));
    }
    result.sort(null);
    return List.copyOf(result);
  }

  /** A member of {@code type}, case-insensitive. */
  static <E extends Enum<E> & Coded> E enumValue(String option, String value, Class<E> type) {
    return Coded.byNameIgnoreCase(type, value).orElseThrow(() -> new ConfigurationException(
        "invalid value for " + option + ": \"" + value + "\". expected in " + pyList(Coded.names(type))));
  }

  /** {@code synchro_options}: names of {@link SynchroOption}, duplicates removed; one bad item spoils the list. */
  static List<SynchroOption> synchroOptions(String option, String value) {
    Set<SynchroOption> result = new LinkedHashSet<>();
    for (String item : names(value)) {
      result.add(Coded.byNameIgnoreCase(SynchroOption.class, item).orElseThrow(
          () -> new ConfigurationException("invalid value for " + option + ": \"" + value + "\". expected in "
              + pyList(Coded.names(SynchroOption.class)))));
    }
    return List.copyOf(result);
  }

  /** {@code stats_enabled}: names of {@link StatisticsType} or booleans (true = ALL, false = OFF). */
  static StatsEnabled statsEnabled(String option, String value) {
    List<String> items = names(value);
    if (items.isEmpty()) {
      throw new ConfigurationException("invalid value for " + option + ": <empty>");
    }
    Set<StatisticsType> types = new LinkedHashSet<>();
    for (String item : items) {
      String lower = item.toLowerCase(Locale.ROOT);
      if (TRUTHY.contains(lower)) {
        types.add(StatisticsType.ALL);
      } else if (FALSY.contains(lower)) {
        types.add(StatisticsType.OFF);
      } else {
        types.add(Coded.byNameIgnoreCase(StatisticsType.class, item).orElseThrow(() -> new ConfigurationException(
            "invalid value for " + option + ": \"" + value + "\". expected in "
                + pyList(Coded.names(StatisticsType.class)))));
      }
    }
    boolean all = types.contains(StatisticsType.ALL);
    return new StatsEnabled(all || types.contains(StatisticsType.HOST), all || types.contains(StatisticsType.PROCESS));
  }

  /** {@code multicast_group}: {@code ip:port}, the IP a non-reserved multicast address. */
  static String multicastGroup(String option, String value) {
    String[] parts = value.strip().split(":", -1);
    if (parts.length != 2) {
      throw new ConfigurationException(
          "invalid value for " + option + ": \"" + value + "\". \"ip_address:port\" expected");
    }
    String ip = parts[0].strip();
    int[] bytes = ipv4(ip).orElse(null);
    if (bytes == null || bytes[0] < 224 || bytes[0] > 239) {
      throw new ConfigurationException(option + ": invalid value for multicast address: \"" + ip
          + "\". IP address expected from 224.0.0.0 to 239.255.255.255");
    }
    String canonical = bytes[0] + "." + bytes[1] + "." + bytes[2] + "." + bytes[3];
    if (RESERVED_MULTICAST.contains(canonical)) {
      throw new ConfigurationException(option + ": reserved multicast address: \"" + ip
          + "\". reserved addresses are " + pyList(RESERVED_MULTICAST));
    }
    int port = integerIn(option, parts[1].strip(), 1, 65535, "integer expected in (1, 65535)");
    return canonical + ":" + port;
  }

  /** {@code multicast_interface}: a dotted IPv4 address; ANY / INADDR_ANY (or nothing) means every interface. */
  static Optional<String> multicastInterface(String option, String value) {
    String text = value.strip();
    String upper = text.toUpperCase(Locale.ROOT);
    if (upper.equals("ANY") || upper.equals("INADDR_ANY")) {
      return Optional.empty();
    }
    int[] bytes = ipv4(text).orElseThrow(
        () -> new ConfigurationException(option + ": invalid value for IP address: \"" + value + "\""));
    return Optional.of(bytes[0] + "." + bytes[1] + "." + bytes[2] + "." + bytes[3]);
  }

  /** A file path: {@code ~} expanded, relative paths taken from the working directory. */
  static Path path(String value, Path cwd) {
    return cwd.resolve(expandUser(value.strip())).toAbsolutePath().normalize();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Python syntax helpers

  /** Python's {@code int()} on a string, or empty. */
  static Optional<Long> pyInt(String value) {
    String text = value.strip();
    if (!PY_INT.matcher(text).matches()) {
      return Optional.empty();
    }
    BigInteger n = new BigInteger(text.replace("_", "").replace("+", ""));
    return n.bitLength() < Long.SIZE ? Optional.of(n.longValue()) : Optional.empty();
  }

  /** Python's {@code float()} on a string, or empty; inf and nan are left out as no range accepts them. */
  static Optional<Double> pyFloat(String value) {
    String text = value.strip();
    return PY_FLOAT.matcher(text).matches()
        ? Optional.of(Double.parseDouble(text.replace("_", ""))) : Optional.empty();
  }

  /** Python's {@code repr()} of a string, as Supervisor's messages show it. */
  static String pyRepr(String value) {
    return "'" + value + "'";
  }

  /** Python's {@code repr()} of a list of strings. */
  static String pyList(List<String> values) {
    return values.stream().map(OptionParsers::pyRepr).collect(Collectors.joining(", ", "[", "]"));
  }

  /** Python's {@code os.path.expanduser}, for the forms a configuration file uses ({@code ~} and {@code ~/x}). */
  static String expandUser(String value) {
    if (value.equals("~") || value.startsWith("~/")) {
      return System.getProperty("user.home") + value.substring(1);
    }
    return value;
  }

  private static Optional<int[]> ipv4(String text) {
    var matcher = IPV4.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    int[] bytes = new int[4];
    for (int i = 0; i < 4; i++) {
      bytes[i] = Integer.parseInt(matcher.group(i + 1));
      if (bytes[i] > 255) {
        return Optional.empty();
      }
    }
    return Optional.of(bytes);
  }
}
