package org.supvisors.node.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The configuration problems found so far. Each option is read through {@link #check}: a problem is noted and the
 * reading goes on with the next option, so that the operator learns of every invalid option from one start of the
 * node instead of one per start. {@link #throwIfAny()} ends the reading.
 */
final class Problems {

  private final List<String> messages = new ArrayList<>();

  /** The result of {@code step}, or empty (the problem noted) when it finds the configuration invalid. */
  <T> Optional<T> check(Supplier<T> step) {
    try {
      return Optional.ofNullable(step.get());
    } catch (ConfigurationException e) {
      messages.addAll(e.problems());
      return Optional.empty();
    }
  }

  /** The result of {@code step}, or {@code fallback} (the problem noted) when it finds the configuration invalid. */
  <T> T check(Supplier<T> step, T fallback) {
    return check(step).orElse(fallback);
  }

  /** Notes a problem found outside {@link #check}. */
  void add(String message) {
    messages.add(message);
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  /** Throws one exception naming every problem noted, if any. */
  void throwIfAny() {
    if (!messages.isEmpty()) {
      throw ConfigurationException.of(messages);
    }
  }
}
