package org.supvisors.node.cluster.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The datagram of an {@link Announcement}: one UTF-8 JSON object, e.g.
 *
 * <pre>{"supvisors":1,"identifier":"supv-01","host":"10.0.0.1","http_port":61000,"internal_port":61001,
 * "management_port":61004,"node_http_port":61003,"stereotypes":["edge"]}</pre>
 *
 * <p>{@code supvisors} is the format version: datagrams of other software sharing the group, or of a later
 * incompatible format, are dropped rather than misread. Unknown fields are ignored, so that a later version can
 * add some without breaking older nodes.
 */
public final class AnnouncementCodec {

  /** The format written, and the only one read. */
  public static final int VERSION = 1;

  /**
   * Largest datagram written: fits an Ethernet frame (1500 bytes less IPv4 and UDP headers) so that no
   * announcement depends on IP fragmentation.
   */
  public static final int MAX_DATAGRAM = 1472;

  private static final ObjectMapper JSON = new ObjectMapper();

  private AnnouncementCodec() {}

  public static byte[] encode(Announcement a) {
    ObjectNode node = JSON.createObjectNode();
    node.put("supvisors", VERSION);
    node.put("identifier", a.identifier());
    node.put("host", a.host());
    node.put("http_port", a.httpPort());
    node.put("internal_port", a.internalPort());
    node.put("management_port", a.managementPort());
    node.put("node_http_port", a.nodeHttpPort());
    ArrayNode stereotypes = node.putArray("stereotypes");
    a.stereotypes().forEach(stereotypes::add);
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an announcement", e);
    }
    if (bytes.length > MAX_DATAGRAM) {
      throw new IllegalArgumentException("announcement of " + a.identifier() + " takes " + bytes.length
          + " bytes, more than " + MAX_DATAGRAM + " (too many or too long stereotypes)");
    }
    return bytes;
  }

  /** The announcement in {@code length} bytes of {@code data}, or empty when they are not a valid one. */
  public static Optional<Announcement> decode(byte[] data, int offset, int length) {
    JsonNode node;
    try {
      node = JSON.readTree(data, offset, length);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (node == null || !node.isObject() || node.path("supvisors").asInt(-1) != VERSION) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Announcement(
          text(node, "identifier"),
          text(node, "host"),
          port(node, "http_port"),
          port(node, "internal_port"),
          port(node, "management_port"),
          port(node, "node_http_port"),
          stereotypes(node.get("stereotypes"))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public static Optional<Announcement> decode(byte[] data) {
    return decode(data, 0, data.length);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " missing");
    }
    return value.asText();
  }

  private static int port(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isInt()) {
      throw new IllegalArgumentException(field + " missing");
    }
    return value.intValue();
  }

  private static List<String> stereotypes(JsonNode value) {
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException("stereotypes not a list");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new IllegalArgumentException("stereotype not a string");
      }
      names.add(item.asText());
    }
    return names;
  }
}
