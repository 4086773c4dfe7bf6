package org.supvisors.http.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XmlRpcDecoderTest {

  private static XmlRpcRequest decode(String xml) throws MalformedRequestException {
    return XmlRpcDecoder.decode(xml.getBytes(StandardCharsets.UTF_8));
  }

  private static String call(String method, String... values) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>")
        .append(method).append("</methodName><params>");
    for (String value : values) {
      xml.append("<param>").append(value).append("</param>");
    }
    return xml.append("</params></methodCall>").toString();
  }

  private static Object single(String value) throws MalformedRequestException {
    List<Object> params = decode(call("ns.m", value)).params();
    assertEquals(1, params.size());
    return params.get(0);
  }

  @Test
  void methodNameAndNoParamsElement() throws Exception {
    XmlRpcRequest request =
        decode("<methodCall><methodName>supvisors.get_api_version</methodName></methodCall>");
    assertEquals("supvisors.get_api_version", request.methodName());
    assertEquals(List.of(), request.params());
  }

  @Test
  void emptyParamsElement() throws Exception {
    assertEquals(List.of(), decode(call("ns.m")).params());
  }

  @Test
  void integers() throws Exception {
    assertEquals(42, single("<value><int>42</int></value>"));
    assertEquals(-7, single("<value><i4>-7</i4></value>"));
    assertEquals(12, single("<value><int> +12\n</int></value>"));
    assertEquals(1000, single("<value><int>1_000</int></value>"));
    assertEquals(Integer.MIN_VALUE, single("<value><int>-2147483648</int></value>"));
    // Python ints are unbounded: large values are kept, not truncated.
    assertEquals(4294967296L, single("<value><int>4294967296</int></value>"));
    assertEquals(new BigInteger("123456789012345678901234567890"),
        single("<value><int>123456789012345678901234567890</int></value>"));
  }

  @Test
  void booleansAreTrueOnlyForOne() throws Exception {
    assertEquals(true, single("<value><boolean>1</boolean></value>"));
    assertEquals(false, single("<value><boolean>0</boolean></value>"));
    assertEquals(false, single("<value><boolean>true</boolean></value>"));
    assertEquals(false, single("<value><boolean> 1</boolean></value>"));
    assertEquals(false, single("<value><boolean/></value>"));
  }

  @Test
  void stringsTypedAndUntyped() throws Exception {
    assertEquals("abc", single("<value><string>abc</string></value>"));
    assertEquals("", single("<value><string/></value>"));
    assertEquals("  spaced  ", single("<value>  spaced  </value>"));
    assertEquals("", single("<value/>"));
    assertEquals("a<b>&c'\"", single("<value><string>a&lt;b&gt;&amp;c&apos;&quot;</string></value>"));
    assertEquals("é€😀", single("<value><string>é&#8364;&#x1F600;</string></value>"));
    assertEquals("<raw>", single("<value><string><![CDATA[<raw>]]></string></value>"));
    // Whitespace around a typed value is layout, not part of the value.
    assertEquals("x", single("<value>\n  <string>x</string>\n</value>"));
  }

  @Test
  void doubles() throws Exception {
    assertEquals(2.5, single("<value><double>2.5</double></value>"));
    assertEquals(-1.0e-3, single("<value><double>-1e-3</double></value>"));
    assertEquals(3.0, single("<value><double> 3 </double></value>"));
    assertEquals(Double.POSITIVE_INFINITY, single("<value><double>inf</double></value>"));
    assertTrue(((Double) single("<value><double>NaN</double></value>")).isNaN());
  }

  @Test
  void dateTime() throws Exception {
    assertEquals(LocalDateTime.of(2024, 3, 1, 12, 30, 5),
        single("<value><dateTime.iso8601>20240301T12:30:05</dateTime.iso8601></value>"));
  }

  @Test
  void base64IsDecodedToText() throws Exception {
    assertEquals("hello wörld", single("<value><base64>aGVsbG8gd8O2cmxk\n</base64></value>"));
  }

  @Test
  void arraysAndStructsNest() throws Exception {
    Object value = single("<value><array><data>"
        + "<value><int>1</int></value>"
        + "<value>two</value>"
        + "<value><array><data/></array></value>"
        + "<value><struct>"
        + "<member><name>z</name><value><boolean>1</boolean></value></member>"
        + "<member><name>a</name><value><array><data><value><i4>3</i4></value></data></array>"
        + "</value></member>"
        + "</struct></value>"
        + "</data></array></value>");
    Map<String, Object> struct = new LinkedHashMap<>();
    struct.put("z", true);
    struct.put("a", List.of(3));
    assertEquals(List.of(1, "two", List.of(), struct), value);
    // Members keep document order.
    @SuppressWarnings("unchecked")
    Map<String, Object> decoded = (Map<String, Object>) ((List<Object>) value).get(3);
    assertEquals(List.of("z", "a"), new ArrayList<>(decoded.keySet()));
  }

  @Test
  void emptyStruct() throws Exception {
    assertEquals(Map.of(), single("<value><struct/></value>"));
  }

  @Test
  void unknownTypesDegradeToTheirText() throws Exception {
    assertEquals("5", single("<value><i8>5</i8></value>"));
    assertEquals("", single("<value><nil/></value>"));
    assertEquals("x", single("<value><ex:foo xmlns:ex='urn:x'>x</ex:foo></value>"));
  }

  @Test
  void severalParameters() throws Exception {
    XmlRpcRequest request = decode(call("supvisors.start_process",
        "<value><int>1</int></value>", "<value>app:p</value>", "<value><boolean>0</boolean></value>"));
    assertEquals(List.of(1, "app:p", false), request.params());
  }

  @Test
  void paramsAreReadOnly() throws Exception {
    XmlRpcRequest request = decode(call("ns.m", "<value>a</value>"));
    assertThrows(UnsupportedOperationException.class, () -> request.params().add("b"));
  }

  @Test
  void encodingDeclarationIsHonoured() throws Exception {
    byte[] body = "<?xml version='1.0' encoding='ISO-8859-1'?><methodCall><methodName>ns.m</methodName><params><param><value>\u00e9</value></param></params></methodCall>"
        .getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(List.of("é"), XmlRpcDecoder.decode(body).params());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "garbage",
      "<methodCall><methodName>ns.m</methodName>",
      "<methodCall><params/></methodCall>",
      "<methodCall><methodName></methodName></methodCall>",
      "<methodCall><methodName>ns.m</methodName><params><param/></params></methodCall>",
      "<methodCall><methodName>ns.m</methodName><params><param><value><int>x</int></value></param></params></methodCall>",
      "<methodCall><methodName>ns.m</methodName><params><param><value><int>1.5</int></value></param></params></methodCall>",
      "<methodCall><methodName>ns.m</methodName><params><param><value><double>0x10</double></value></param></params></methodCall>",
      "<methodCall><methodName>ns.m</methodName><params><param><value><dateTime.iso8601>2024</dateTime.iso8601></value></param></params></methodCall>",
      "<methodCall><methodName>ns.m</methodName><params><param><value><array/></value></param></params></methodCall>",
      "<methodCall><methodName>ns.m</methodName><params><param><value><struct><member><name>a</name></member></struct></value></param></params></methodCall>",
      "<methodCall><methodName>ns.m</methodName><params><param><value><base64>/w==</base64></value></param></params></methodCall>",
  })
  void malformedRequestsAreRefused(String xml) {
    assertThrows(MalformedRequestException.class, () -> decode(xml));
  }

  @Test
  void excessiveNestingIsRefused() {
    String open = "<value><array><data>".repeat(XmlRpcDecoder.MAX_DEPTH);
    String close = "</data></array></value>".repeat(XmlRpcDecoder.MAX_DEPTH);
    assertThrows(MalformedRequestException.class, () -> decode(call("ns.m", open + close)));
  }

  @Test
  void externalEntityIsNeverRead(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-CONTENT");
    String xml = "<?xml version=\"1.0\"?>"
        + "<!DOCTYPE methodCall [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
        + "<methodCall><methodName>ns.m</methodName>"
        + "<params><param><value><string>&xxe;</string></value></param></params></methodCall>";
    MalformedRequestException e =
        assertThrows(MalformedRequestException.class, () -> decode(xml));
    assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
    assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
  }

  @Test
  void externalDtdIsNeverFetched(@TempDir Path dir) throws Exception {
    Path dtd = dir.resolve("evil.dtd");
    Files.writeString(dtd, "<!ENTITY leak 'LEAKED'>");
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE methodCall SYSTEM \"" + dtd.toUri() + "\">"
        + "<methodCall><methodName>ns.m</methodName>"
        + "<params><param><value>&leak;</value></param></params></methodCall>";
    MalformedRequestException e =
        assertThrows(MalformedRequestException.class, () -> decode(xml));
    assertFalse(e.getMessage().contains("LEAKED"), e.getMessage());
  }

  @Test
  void billionLaughsIsRefusedWithoutExpansion() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
    for (int i = 1; i <= 10; i++) {
      String previous = "&lol" + (i - 1) + ";";
      dtd.append("<!ENTITY lol").append(i).append(" \"").append(previous.repeat(10)).append("\">");
    }
    dtd.append("]>");
    String xml = "<?xml version=\"1.0\"?>" + dtd
        + "<methodCall><methodName>ns.m</methodName>"
        + "<params><param><value>&lol10;</value></param></params></methodCall>";
    // Refused at the DOCTYPE, before any expansion could take time or memory.
    assertTimeoutPreemptively(Duration.ofSeconds(2),
        () -> assertThrows(MalformedRequestException.class, () -> decode(xml)));
  }

  @Test
  void undeclaredEntityIsRefused() {
    assertThrows(MalformedRequestException.class, () -> decode(
        "<methodCall><methodName>ns.m</methodName><params><param><value>&foo;</value>"
            + "</param></params></methodCall>"));
  }

  @Test
  void multibyteTextSplitAcrossBuffersIsKept() throws Exception {
    String big = "é".repeat(50_000);
    assertArrayEquals(big.toCharArray(),
        ((String) single("<value><string>" + big + "</string></value>")).toCharArray());
  }
}
