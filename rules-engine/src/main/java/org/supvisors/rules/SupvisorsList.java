package org.supvisors.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifiers deduced from a {@code supvisors_list} value, as rules files name them: {@code
 * <id>host...} gives {@code id}; {@code host:port:...} gives {@code host:port}; {@code host} gives
 * {@code host}. Only the names matter to rules, so ports are not range-checked here; the node
 * validates the option fully.
 */
public final class SupvisorsList {

  private static final Pattern ITEM = Pattern.compile("^(?:<([\\w\\-:]+)>)?([\\w\\-.]+)(?::(\\d*)(?::(\\d*))?)?$");

  /** Supervisor's default identifier carries no information and is ignored, as in Supvisors. */
  private static final String SUPERVISOR_DEFAULT = "supervisor";

  private SupvisorsList() {}

  /**
   * The identifiers of a {@code supvisors_list} value, in order, without duplicates.
   *
   * @throws IllegalArgumentException naming the first item that cannot be read
   */
  public static List<String> identifiers(String option) {
    LinkedHashSet<String> result = new LinkedHashSet<>();
    for (String raw : option.split(",")) {
      String item = raw.trim();
      if (item.isEmpty()) {
        continue;
      }
      Matcher m = ITEM.matcher(item);
      if (!m.matches()) {
        throw new IllegalArgumentException("invalid supvisors_list item: '" + item + "'");
      }
      String declared = m.group(1);
      String port = m.group(3);
      if (declared != null && !declared.equals(SUPERVISOR_DEFAULT)) {
        result.add(declared);
      } else {
        result.add(port == null || port.isEmpty() ? m.group(2) : m.group(2) + ":" + port);
      }
    }
    return new ArrayList<>(result);
  }
}
