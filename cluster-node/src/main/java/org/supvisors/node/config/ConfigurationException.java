package org.supvisors.node.config;

import java.util.List;

/**
 * The node configuration cannot be used: the node must not start.
 *
 * <p>The message is meant for the operator, as is: it names the option and the offending value. Unlike Supvisors,
 * which logs most invalid values and falls back to defaults, every invalid value is fatal here. When several options
 * are invalid, one exception lists them all ({@link #problems()}), one line each, so that one start of the node
 * reports every mistake.
 *
 * <p>{@code --help} is reported through this exception too, with {@link #helpRequested()} set and the usage text as
 * message, so that the caller prints it and exits successfully.
 */
public final class ConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean helpRequested;
  private final List<String> problems;

  public ConfigurationException(String message) {
    this(message, null, false);
  }

  public ConfigurationException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private ConfigurationException(String message, Throwable cause, boolean helpRequested) {
    super(message, cause);
    this.helpRequested = helpRequested;
    this.problems = List.of(message);
  }

  private ConfigurationException(List<String> problems) {
    super(String.join("\n", problems));
    this.helpRequested = false;
    this.problems = List.copyOf(problems);
  }

  /** The exception that carries the usage text when {@code --help} is on the command line. */
  static ConfigurationException help(String usage) {
    return new ConfigurationException(usage, null, true);
  }

  /** One exception for several problems (at least one); its message has one line per problem. */
  static ConfigurationException of(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("no configuration problem");
    }
    return problems.size() == 1 ? new ConfigurationException(problems.get(0)) : new ConfigurationException(problems);
  }

  /** True when the command line asked for help: the message is the usage text, not an error. */
  public boolean helpRequested() {
    return helpRequested;
  }

  /** Every problem found, in the order of the options; one for most exceptions. */
  public List<String> problems() {
    return problems;
  }
}
