package org.supvisors.node.config;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grammar of a {@code supvisors_list} item: {@code [<identifier>]host[:[http_port]:[internal_port]]}.
 *
 * <p>Supvisors matches items with a Python regular expression whose {@code \w} is Unicode-aware (host names such as
 * {@code cliché81} are valid), with 4 or 5 digit ports. The single-colon form {@code host:port} is refused on
 * purpose: the port would be ambiguous.
 */
final class SupvisorsListParser {

  /** The item grammar, as Supvisors' mapper writes it. */
  private static final Pattern ITEM = Pattern.compile(
      "(?:<(?<identifier>[\\w\\-:]+)>)?(?<host>[\\w\\-.]+)(?::(?<http>\\d{4,5})?:(?<internal>\\d{4,5})?)?",
      Pattern.UNICODE_CHARACTER_CLASS);

  private SupvisorsListParser() {}

  /**
   * One item of {@code supvisors_list}, parsed but not resolved.
   *
   * @param item the text as written
   * @param identifier the {@code <identifier>} part, if any
   * @param host the host name or IP address as written
   */
  record Item(String item, Optional<String> identifier, String host, OptionalInt httpPort,
      OptionalInt internalPort) {

    /**
     * The deduced name: the identifier when set (but never Supervisor's default {@code supervisor}), else
     * {@code host:http_port} when the port is written, else the host.
     */
    String deducedName() {
      Optional<String> custom = identifier.filter(id -> !id.equals(SupervisordSettings.DEFAULT_IDENTIFIER));
      if (custom.isPresent()) {
        return custom.get();
      }
      return httpPort.isPresent() ? host + ":" + httpPort.getAsInt() : host;
    }
  }

  /** Parses one item; a mismatch is fatal, with Supvisors' message. */
  static Item parse(String item) {
    Matcher matcher = ITEM.matcher(item);
    if (!matcher.matches()) {
      throw new ConfigurationException("could not define a Supvisors identification from \"" + item
          + "\" in supvisors_list: [<identifier>]host_name[:[http_port]:[internal_port]] expected,"
          + " with 4 or 5 digit ports");
    }
    return new Item(item, Optional.ofNullable(matcher.group("identifier")), matcher.group("host"),
        port(item, matcher.group("http")), port(item, matcher.group("internal")));
  }

  /** Parses every item and checks that the deduced names are unique, as they key the instances. */
  static List<Item> parseAll(List<String> items) {
    List<Item> parsed = items.stream().map(SupvisorsListParser::parse).toList();
    Set<String> names = new HashSet<>();
    for (Item item : parsed) {
      if (!names.add(item.deducedName())) {
        throw new ConfigurationException("duplicate Supvisors identifier in supvisors_list: \""
            + item.deducedName() + "\" (from \"" + item.item() + "\")");
      }
    }
    return parsed;
  }

  private static OptionalInt port(String item, String digits) {
    if (digits == null) {
      return OptionalInt.empty();
    }
    int port = Integer.parseInt(digits);
    if (port < 1 || port > 65535) {
      throw new ConfigurationException("could not define a Supvisors identification from \"" + item
          + "\" in supvisors_list: port " + digits + " not in [1;65535]");
    }
    return OptionalInt.of(port);
  }
}
