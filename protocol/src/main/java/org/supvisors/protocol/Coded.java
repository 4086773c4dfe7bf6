package org.supvisors.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An enumeration whose members carry the numeric code that Supervisor or Supvisors puts on the wire.
 * The static helpers give the lookups every enum needs (by code, by exact name, by case-insensitive name).
 */
public interface Coded {

  int code();

  String name();

  static <E extends Enum<E> & Coded> Optional<E> byCode(Class<E> type, int code) {
    for (E e : type.getEnumConstants()) {
      if (e.code() == code) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** Exact, case-sensitive name lookup, as Supvisors' XML-RPC does for strategy parameters. */
  static <E extends Enum<E> & Coded> Optional<E> byName(Class<E> type, String name) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** Case-insensitive lookup, as Supvisors' option parsing does (value upper-cased first). */
  static <E extends Enum<E> & Coded> Optional<E> byNameIgnoreCase(Class<E> type, String name) {
    return name == null ? Optional.empty() : byName(type, name.trim().toUpperCase(Locale.ROOT));
  }

  static <E extends Enum<E> & Coded> List<String> names(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
  }

  static <E extends Enum<E> & Coded> List<Integer> codes(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Coded::code).toList();
  }
}
