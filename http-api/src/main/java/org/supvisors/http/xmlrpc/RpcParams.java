package org.supvisors.http.xmlrpc;

import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.supvisors.protocol.Coded;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.LogLevel;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.protocol.SupvisorsException;

/**
 * Parameter readers shared by the method handlers. They reproduce the checks Supvisors 0.17.4 makes
 * on XML-RPC parameters, including its exact fault texts: a wrong arity or a Python
 * {@code TypeError} is a bare INCORRECT_PARAMETERS; enum and logger-level parameters have their own
 * texts. Every failure is thrown as a {@link SupvisorsException}, which the dispatcher turns into
 * the fault.
 */
public final class RpcParams {

  /** Python class names of the enums, as they appear in Supvisors' fault texts. */
  public static final String STARTING_STRATEGIES = "StartingStrategies";

  public static final String CONCILIATION_STRATEGIES = "ConciliationStrategies";

  private RpcParams() {}

  /** The bare INCORRECT_PARAMETERS fault Supervisor answers for a wrong arity or a TypeError. */
  public static SupvisorsException incorrect() {
    return new SupvisorsException(Fault.INCORRECT_PARAMETERS, null);
  }

  public static SupvisorsException incorrect(String detail) {
    return new SupvisorsException(Fault.INCORRECT_PARAMETERS, detail);
  }

  /** Exactly {@code count} parameters. */
  public static void arity(List<Object> params, int count) {
    arity(params, count, count);
  }

  /** Between {@code min} and {@code max} parameters: the rest have Python default values. */
  public static void arity(List<Object> params, int min, int max) {
    if (params.size() < min || params.size() > max) {
      throw incorrect();
    }
  }

  /** The parameter at {@code index}, or {@code fallback} when the caller left it out. */
  public static Object optional(List<Object> params, int index, Object fallback) {
    return index < params.size() ? params.get(index) : fallback;
  }

  /** A string parameter; any other type is a bare INCORRECT_PARAMETERS. */
  public static String string(Object value) {
    if (value instanceof String s) {
      return s;
    }
    throw incorrect();
  }

  /** Python {@code int} (bool excluded, as Supvisors tests {@code type(x) is int}). */
  public static boolean isInteger(Object value) {
    return value instanceof Integer || value instanceof Long || value instanceof BigInteger;
  }

  /** Python hashability: containers cannot be dictionary keys (TypeError, i.e. a bare fault). */
  public static boolean isHashable(Object value) {
    return !(value instanceof Collection<?> || value instanceof Map<?, ?>);
  }

  /**
   * Python truthiness, as Supvisors evaluates {@code wait} ({@code if wait:}): false, 0, 0.0 and
   * empty strings or containers are false; everything else, the string {@code "false"} included, is
   * true.
   */
  public static boolean truthy(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return value instanceof BigInteger big ? big.signum() != 0 : n.doubleValue() != 0.0;
    }
    if (value instanceof String s) {
      return !s.isEmpty();
    }
    if (value instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (value instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  /** The optional {@code wait} parameter at {@code index}, true when absent. */
  public static boolean wait(List<Object> params, int index) {
    return truthy(optional(params, index, Boolean.TRUE));
  }

  public static StartingStrategy startingStrategy(Object value) {
    return codedEnum(value, StartingStrategy.class, STARTING_STRATEGIES);
  }

  public static ConciliationStrategy conciliationStrategy(Object value) {
    return codedEnum(value, ConciliationStrategy.class, CONCILIATION_STRATEGIES);
  }

  /**
   * An enum parameter given as its exact (case-sensitive) name or as its integer code. A boolean or
   * a double is refused even when it would convert, as the type test in Supvisors is exact.
   *
   * @param pythonName the Python enum class name used in the fault texts
   */
  public static <E extends Enum<E> & Coded> E codedEnum(
      Object value, Class<E> type, String pythonName) {
    String klass = "<enum '" + pythonName + "'>";
    if (value instanceof String name) {
      return Coded.byName(type, name)
          .orElseThrow(
              () ->
                  incorrect(
                      "invalid %s: %s (string expected in %s)"
                          .formatted(klass, name, PythonText.repr(Coded.names(type)))));
    }
    if (isInteger(value)) {
      return intCode(value)
          .flatMap(code -> Coded.byCode(type, code))
          .orElseThrow(
              // Supvisors' text really lacks the closing parenthesis.
              () ->
                  incorrect(
                      "incorrect strategy: %s (integer expected in %s"
                          .formatted(value, PythonText.repr(Coded.codes(type)))));
    }
    throw incorrect(
        "invalid %s: %s (string or integer expected)".formatted(klass, PythonText.str(value)));
  }

  /**
   * A logger level given as a name (lower-cased first) or a number; texts of change_log_level.
   */
  public static LogLevel logLevel(Object value) {
    if (value instanceof String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      for (LogLevel level : LogLevel.values()) {
        if (level.lowerName().equals(lower)) {
          return level;
        }
      }
      List<String> names = List.of(LogLevel.values()).stream().map(LogLevel::lowerName).toList();
      throw incorrect(
          "invalid logger level: %s (string expected in %s)"
              .formatted(name, PythonText.repr(names)));
    }
    if (isInteger(value)) {
      return intCode(value)
          .flatMap(code -> Coded.byCode(LogLevel.class, code))
          .orElseThrow(
              () ->
                  incorrect(
                      "invalid logger level: %s (integer expected in %s)"
                          .formatted(value, PythonText.repr(Coded.codes(LogLevel.class)))));
    }
    throw incorrect(
        "invalid logger level: %s (string or integer expected)".formatted(PythonText.str(value)));
  }

  /** The value as a Java int, empty when a big Python int cannot be one (so it matches no code). */
  private static Optional<Integer> intCode(Object value) {
    BigInteger big =
        value instanceof BigInteger b ? b : BigInteger.valueOf(((Number) value).longValue());
    return big.bitLength() < Integer.SIZE ? Optional.of(big.intValue()) : Optional.empty();
  }
}
