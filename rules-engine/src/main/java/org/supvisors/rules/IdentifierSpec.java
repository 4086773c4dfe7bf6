package org.supvisors.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * An {@code <identifiers>} value after alias expansion, with its {@code #} and {@code @} signs
 * taken out.
 *
 * @param names instance names, stereotypes or leftovers; {@code ["*"]} for every instance
 * @param hash whether {@code #} was present
 * @param at whether {@code @} was present
 */
record IdentifierSpec(List<String> names, boolean hash, boolean at) {

  static final IdentifierSpec ALL = new IdentifierSpec(List.of("*"), false, false);

  boolean star() {
    return names.size() == 1 && names.get(0).equals("*");
  }

  boolean signed() {
    return hash || at;
  }

  /**
   * Expands aliases the way Supvisors does, so that existing files resolve the same way: aliases are
   * visited once each in declaration order, and only the first occurrence of an alias name is
   * replaced. Hence an alias can use another alias only if that one is declared after it.
   */
  static IdentifierSpec parse(String raw, Map<String, AliasDef> aliases) {
    if (raw == null) {
      return ALL;
    }
    List<String> items = split(raw);
    for (AliasDef alias : aliases.values()) {
      int index = items.indexOf(alias.name());
      if (index >= 0) {
        items.remove(index);
        items.addAll(index, split(alias.value()));
      }
    }
    LinkedHashSet<String> unique = new LinkedHashSet<>();
    items.stream().filter(s -> !s.isEmpty()).forEach(unique::add);
    boolean hash = unique.remove("#");
    boolean at = unique.remove("@");
    if (unique.contains("*") || ((hash || at) && unique.isEmpty())) {
      return new IdentifierSpec(List.of("*"), hash, at);
    }
    return new IdentifierSpec(List.copyOf(unique), hash, at);
  }

  static List<String> split(String raw) {
    return new ArrayList<>(Arrays.stream(raw.split(",")).map(String::trim).toList());
  }
}
