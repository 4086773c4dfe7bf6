package org.supvisors.http.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.protocol.Strategies;
import org.supvisors.protocol.SupvisorsFault;

class XmlRpcEncoderTest {

  /** The value element of a response, layout newlines removed. */
  private static String value(Object value) {
    String xml = XmlRpcEncoder.response(value);
    String start = "<params>\n<param>\n";
    String inner = xml.substring(xml.indexOf(start) + start.length(), xml.indexOf("</param>"));
    return inner.replace("\n", "");
  }

  /** Decodes what was encoded, through the request decoder, to prove the document is valid. */
  private static Object roundTrip(Object value) throws MalformedRequestException {
    String response = XmlRpcEncoder.response(value);
    String call = response.replace("<methodResponse>", "<methodCall><methodName>ns.m</methodName>")
        .replace("</methodResponse>", "</methodCall>");
    return XmlRpcDecoder.decode(call.getBytes(StandardCharsets.UTF_8)).params().get(0);
  }

  @Test
  void documentLayout() {
    assertEquals("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"
        + "<value><string>0.17.4</string></value>\n</param>\n</params>\n</methodResponse>\n",
        XmlRpcEncoder.response("0.17.4"));
  }

  @Test
  void scalars() {
    assertEquals("<value><int>3</int></value>", value(3));
    assertEquals("<value><int>-3</int></value>", value((short) -3));
    assertEquals("<value><int>7</int></value>", value((byte) 7));
    assertEquals("<value><int>2147483647</int></value>", value(2147483647L));
    assertEquals("<value><int>-2147483648</int></value>", value(BigInteger.valueOf(-2147483648L)));
    assertEquals("<value><boolean>1</boolean></value>", value(true));
    assertEquals("<value><boolean>0</boolean></value>", value(false));
    assertEquals("<value><double>2.5</double></value>", value(2.5));
    assertEquals("<value><double>1795559867.8827746</double></value>", value(1795559867.8827746));
    assertEquals("<value><double>1724000000.0</double></value>", value(1724000000.0));
    assertEquals("<value><double>0.5</double></value>", value(0.5f));
    assertEquals("<value><string></string></value>", value(""));
    assertEquals("<value><base64>AAEC</base64></value>", value(new byte[] {0, 1, 2}));
    assertEquals("<value><dateTime.iso8601>20240301T12:30:05</dateTime.iso8601></value>",
        value(LocalDateTime.of(2024, 3, 1, 12, 30, 5)));
  }

  @Test
  void stringsAreEscaped() throws Exception {
    assertEquals("<value><string>a&lt;b&gt;&amp;c'\"</string></value>", value("a<b>&c'\""));
    assertEquals("é😀 x", roundTrip("é😀 x"));
    // Characters XML cannot carry are replaced, so that the document stays readable.
    assertEquals("a\uFFFDb\uFFFD", roundTrip("a\u0001b\uD800"));
  }

  @Test
  void containers() throws Exception {
    Map<String, Object> struct = new LinkedHashMap<>();
    struct.put("z", 1);
    struct.put("a", List.of("x", false));
    assertEquals("<value><struct><member><name>z</name><value><int>1</int></value></member>"
        + "<member><name>a</name><value><array><data><value><string>x</string></value>"
        + "<value><boolean>0</boolean></value></data></array></value></member></struct></value>",
        value(struct));
    assertEquals(struct, roundTrip(struct));
    assertEquals(List.of(), roundTrip(List.of()));
    assertEquals(List.of(1, 2), roundTrip(new Object[] {1, 2}));
    assertEquals(List.of("s"), roundTrip(Set.of("s")));
    assertEquals(Map.of("1", "one"), roundTrip(Map.of(1, "one")));
  }

  @Test
  void structKeepsInsertionOrder() throws Exception {
    Map<String, Object> struct = new LinkedHashMap<>();
    for (String key : List.of("m", "b", "y", "a")) {
      struct.put(key, key);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> decoded = (Map<String, Object>) roundTrip(struct);
    assertEquals(List.of("m", "b", "y", "a"), new ArrayList<>(decoded.keySet()));
  }

  @Test
  void wireStructUsesItsWireForm() throws Exception {
    Strategies strategies = new Strategies(false, StartingStrategy.CONFIG, ConciliationStrategy.USER);
    Object decoded = roundTrip(strategies);
    assertEquals(strategies.toWire(), decoded);
    assertEquals(List.of(strategies.toWire()), roundTrip(List.of(strategies)));
  }

  @Test
  void unmarshallableValuesAreRefused() {
    assertThrows(UnmarshallableValueException.class, () -> XmlRpcEncoder.response(null));
    assertThrows(UnmarshallableValueException.class, () -> XmlRpcEncoder.response(2147483648L));
    assertThrows(UnmarshallableValueException.class, () -> XmlRpcEncoder.response(-2147483649L));
    assertThrows(UnmarshallableValueException.class,
        () -> XmlRpcEncoder.response(BigInteger.TWO.pow(40)));
    assertThrows(UnmarshallableValueException.class, () -> XmlRpcEncoder.response(new Object()));
    assertThrows(UnmarshallableValueException.class,
        () -> XmlRpcEncoder.response(Arrays.asList("a", null)));
    Map<String, Object> nullValue = new LinkedHashMap<>();
    nullValue.put("k", null);
    assertThrows(UnmarshallableValueException.class, () -> XmlRpcEncoder.response(nullValue));
    assertThrows(UnmarshallableValueException.class,
        () -> XmlRpcEncoder.checkMarshallable(List.of(Map.of("k", StartingStrategy.CONFIG))));
  }

  @Test
  void fault() {
    String xml = XmlRpcEncoder.fault(new SupvisorsFault(Fault.BAD_NAME, "a<b"));
    assertEquals("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n"
        + "<member>\n<name>faultCode</name>\n<value><int>10</int></value>\n</member>\n"
        + "<member>\n<name>faultString</name>\n<value><string>BAD_NAME: a&lt;b</string></value>\n"
        + "</member>\n</struct></value>\n</fault>\n</methodResponse>\n", xml);
    assertTrue(XmlRpcEncoder.fault(new SupvisorsFault(Fault.UNKNOWN_METHOD, null))
        .contains("<string>UNKNOWN_METHOD</string>"));
  }
}
