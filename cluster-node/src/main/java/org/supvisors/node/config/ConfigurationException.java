package org.supvisors.node.config;

/**
 * The node configuration cannot be used: the node must not start.
 *
 * <p>The message is meant for the operator, as is: it names the option and the offending value. Unlike Supvisors,
 * which logs most invalid values and falls back to defaults, every invalid value is fatal here.
 *
 * <p>{@code --help} is reported through this exception too, with {@link #helpRequested()} set and the usage text as
 * message, so that the caller prints it and exits successfully.
 */
public final class ConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean helpRequested;

  public ConfigurationException(String message) {
    this(message, null, false);
  }

  public ConfigurationException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private ConfigurationException(String message, Throwable cause, boolean helpRequested) {
    super(message, cause);
    this.helpRequested = helpRequested;
  }

  /** The exception that carries the usage text when {@code --help} is on the command line. */
  static ConfigurationException help(String usage) {
    return new ConfigurationException(usage, null, true);
  }

  /** True when the command line asked for help: the message is the usage text, not an error. */
  public boolean helpRequested() {
    return helpRequested;
  }
}
