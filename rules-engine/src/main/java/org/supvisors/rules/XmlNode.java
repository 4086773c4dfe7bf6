package org.supvisors.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A minimal, immutable element tree with source locations: all the rules reader needs, and no
 * more than a SAX pass can record.
 */
record XmlNode(
    String name, Map<String, String> attributes, String text, SourceLocation at, List<XmlNode> children) {

  Optional<String> attribute(String key) {
    return Optional.ofNullable(attributes.get(key));
  }

  Optional<XmlNode> child(String childName) {
    return children.stream().filter(c -> c.name.equals(childName)).findFirst();
  }

  /** Trimmed text of a child; an empty element counts as absent, as in the original parser. */
  Optional<String> childText(String childName) {
    return child(childName).map(c -> c.text.trim()).filter(t -> !t.isEmpty());
  }
}
