package org.supvisors.node.config;

import java.util.Optional;

/**
 * The node command line.
 *
 * @param config {@code --config FILE}: a HOCON file
 * @param supervisordConf {@code --supervisord-conf FILE}: an existing {@code supervisord.conf}
 * @param identifier {@code --identifier ID}: the supervisord identifier, as {@code supervisord -i}
 * @param mode {@code --listener} or {@code --standalone}
 * @param help {@code --help}
 */
record CommandLine(Optional<String> config, Optional<String> supervisordConf, Optional<String> identifier,
    Optional<NodeMode> mode, boolean help) {

  static final String USAGE = String.join("\n",
      "Usage: supvisors-node [options]",
      "  --config FILE            HOCON file with a supvisors { } block and optional akka { } overrides",
      "  --supervisord-conf FILE  existing supervisord.conf: [inet_http_server], [supervisord] identifier",
      "                           and the options of [rpcinterface:supvisors] or [supvisors]",
      "  --identifier ID          the supervisord identifier (as supervisord -i)",
      "  --listener               the node is a program of supervisord (default when SUPERVISOR_ENABLED is set)",
      "  --standalone             the node runs beside supervisord (default otherwise)",
      "  --help                   print this help",
      "Options also accept the --option=VALUE form. Keys of the HOCON file override supervisord.conf.");

  /** Parses the arguments; anything unknown, repeated or incomplete is fatal. */
  static CommandLine parse(String... args) {
    Optional<String> config = Optional.empty();
    Optional<String> supervisordConf = Optional.empty();
    Optional<String> identifier = Optional.empty();
    Optional<NodeMode> mode = Optional.empty();
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int equals = arg.indexOf('=');
      String name = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
      Optional<String> inline = name.equals(arg) ? Optional.empty() : Optional.of(arg.substring(equals + 1));
      switch (name) {
        case "--config" -> config = once(name, config, value(name, inline, args, inline.isEmpty() ? ++i : i));
        case "--supervisord-conf" ->
            supervisordConf = once(name, supervisordConf, value(name, inline, args, inline.isEmpty() ? ++i : i));
        case "--identifier" ->
            identifier = once(name, identifier, value(name, inline, args, inline.isEmpty() ? ++i : i));
        case "--listener", "--standalone" -> {
          noValue(name, inline);
          NodeMode chosen = name.equals("--listener") ? NodeMode.LISTENER : NodeMode.STANDALONE;
          if (mode.isPresent() && mode.get() != chosen) {
            throw new ConfigurationException("--listener and --standalone are exclusive\n" + USAGE);
          }
          mode = Optional.of(chosen);
        }
        case "--help", "-h" -> {
          noValue(name, inline);
          help = true;
        }
        default -> throw new ConfigurationException("unknown argument: " + arg + "\n" + USAGE);
      }
    }
    return new CommandLine(config, supervisordConf, identifier, mode, help);
  }

  private static String value(String name, Optional<String> inline, String[] args, int index) {
    if (inline.isPresent()) {
      return requireText(name, inline.get());
    }
    if (index >= args.length || args[index].startsWith("--")) {
      throw new ConfigurationException(name + " requires a value\n" + USAGE);
    }
    return requireText(name, args[index]);
  }

  private static String requireText(String name, String value) {
    if (value.isBlank()) {
      throw new ConfigurationException(name + " requires a value\n" + USAGE);
    }
    return value;
  }

  private static Optional<String> once(String name, Optional<String> previous, String value) {
    if (previous.isPresent()) {
      throw new ConfigurationException(name + " given twice\n" + USAGE);
    }
    return Optional.of(value);
  }

  private static void noValue(String name, Optional<String> inline) {
    if (inline.isPresent()) {
      throw new ConfigurationException(name + " takes no value\n" + USAGE);
    }
  }
}
