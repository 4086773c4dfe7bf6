package org.supvisors.node.cluster.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnnouncementCodecTest {

  static final Announcement SUPV_01 =
      new Announcement("supv-01", "10.200.0.11", 61000, 61001, 61004, 61003, List.of("edge", "cam"));

  @Test
  void roundTripKeepsEveryField() {
    assertEquals(Optional.of(SUPV_01), AnnouncementCodec.decode(AnnouncementCodec.encode(SUPV_01)));
  }

  @Test
  void writesTheDocumentedFieldNames() throws Exception {
    JsonNode json = new ObjectMapper().readTree(AnnouncementCodec.encode(SUPV_01));
    assertEquals(1, json.get("supvisors").intValue());
    assertEquals("supv-01", json.get("identifier").textValue());
    assertEquals("10.200.0.11", json.get("host").textValue());
    assertEquals(61000, json.get("http_port").intValue());
    assertEquals(61001, json.get("internal_port").intValue());
    assertEquals(61004, json.get("management_port").intValue());
    assertEquals(61003, json.get("node_http_port").intValue());
    assertEquals("[\"edge\",\"cam\"]", json.get("stereotypes").toString());
  }

  @Test
  void ignoresUnknownFieldsAndAcceptsMissingStereotypes() {
    String text = "{\"supvisors\":1,\"identifier\":\"x\",\"host\":\"h\",\"http_port\":1,\"internal_port\":2,"
        + "\"management_port\":3,\"node_http_port\":4,\"later\":{\"a\":1}}";
    assertEquals(Optional.of(new Announcement("x", "h", 1, 2, 3, 4, List.of())),
        AnnouncementCodec.decode(text.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "not json",
      "[1,2]",
      "{\"identifier\":\"x\",\"host\":\"h\",\"http_port\":1,\"internal_port\":2,\"management_port\":3,"
          + "\"node_http_port\":4}",
      "{\"supvisors\":2,\"identifier\":\"x\",\"host\":\"h\",\"http_port\":1,\"internal_port\":2,"
          + "\"management_port\":3,\"node_http_port\":4}",
      "{\"supvisors\":1,\"host\":\"h\",\"http_port\":1,\"internal_port\":2,\"management_port\":3,"
          + "\"node_http_port\":4}",
      "{\"supvisors\":1,\"identifier\":\"\",\"host\":\"h\",\"http_port\":1,\"internal_port\":2,"
          + "\"management_port\":3,\"node_http_port\":4}",
      "{\"supvisors\":1,\"identifier\":\"x\",\"host\":\"h\",\"http_port\":\"1\",\"internal_port\":2,"
          + "\"management_port\":3,\"node_http_port\":4}",
      "{\"supvisors\":1,\"identifier\":\"x\",\"host\":\"h\",\"http_port\":70000,\"internal_port\":2,"
          + "\"management_port\":3,\"node_http_port\":4}",
      "{\"supvisors\":1,\"identifier\":\"x\",\"host\":\"h\",\"http_port\":1,\"internal_port\":2,"
          + "\"management_port\":3,\"node_http_port\":4,\"stereotypes\":[1]}",
      "{\"supvisors\":1,\"identifier\":\"x\",\"host\":\"h\",\"http_port\":1,\"internal_port\":2,"
          + "\"management_port\":3,\"node_http_port\":4,\"stereotypes\":\"a\"}"
  })
  void dropsWhatIsNotAValidAnnouncement(String text) {
    assertEquals(Optional.empty(), AnnouncementCodec.decode(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void decodesASliceOfABuffer() {
    byte[] datagram = AnnouncementCodec.encode(SUPV_01);
    byte[] buffer = new byte[datagram.length + 10];
    System.arraycopy(datagram, 0, buffer, 5, datagram.length);
    assertEquals(Optional.of(SUPV_01), AnnouncementCodec.decode(buffer, 5, datagram.length));
  }

  @Test
  void refusesAnAnnouncementLargerThanOneDatagram() {
    List<String> many = Collections.nCopies(200, "stereotype");
    Announcement big = new Announcement("x", "h", 1, 2, 3, 4, many);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AnnouncementCodec.encode(big));
    assertTrue(e.getMessage().contains("stereotypes"), e.getMessage());
  }
}
