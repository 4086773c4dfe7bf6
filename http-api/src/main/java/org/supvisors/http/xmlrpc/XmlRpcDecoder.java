package org.supvisors.http.xmlrpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads an XML-RPC {@code methodCall} the way Supervisor's own unmarshaller does, so that clients see
 * the same parameter values: {@code int}/{@code i4} become integers (Integer, or Long/BigInteger
 * beyond 32 bits, as Python ints are unbounded), {@code boolean} is true only for the exact text
 * {@code 1}, {@code string} and untyped values are strings, {@code double} a Double,
 * {@code dateTime.iso8601} a LocalDateTime, {@code array} a List, {@code struct} a LinkedHashMap in
 * document order, {@code base64} the decoded UTF-8 string (Supervisor decodes it to text too). Any
 * other tag ({@code i8}, {@code nil}, ...) degrades to its text as a string; a missing
 * {@code <params>} means no parameters.
 *
 * <p>The XML parser is locked down: a DOCTYPE is refused outright, so no DTD, internal or external
 * entity can be declared, fetched or expanded (XXE, billion laughs); nesting depth is bounded.
 */
public final class XmlRpcDecoder {

  /** Deep enough for any real call, small enough to keep the recursive conversion safe. */
  static final int MAX_DEPTH = 256;

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+(_\\d+)*");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+(_\\d+)*(\\.(\\d+(_\\d+)*)?)?|\\.\\d+(_\\d+)*)([eE][+-]?\\d+)?");
  private static final Pattern SPECIAL_FLOAT =
      Pattern.compile("[+-]?(inf|infinity|nan)", Pattern.CASE_INSENSITIVE);
  private static final DateTimeFormatter ISO8601 =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mm:ss");

  private XmlRpcDecoder() {}

  /** Decodes a request body; never expands entities and never reads anything but {@code body}. */
  public static XmlRpcRequest decode(byte[] body) throws MalformedRequestException {
    Element root = parse(body);
    String method = null;
    List<Object> params = new ArrayList<>();
    for (Element child : root.children) {
      switch (child.name) {
        case "methodName" -> method = child.text();
        case "params" -> params = readParams(child);
        default -> { /* Supervisor ignores anything else */ }
      }
    }
    if (method == null || method.isEmpty()) {
      throw new MalformedRequestException("no method name");
    }
    return new XmlRpcRequest(method, params);
  }

  private static List<Object> readParams(Element params) throws MalformedRequestException {
    List<Object> values = new ArrayList<>(params.children.size());
    for (Element param : params.children) {
      values.add(convert(firstChild(param)));
    }
    return values;
  }

  /** Converts one element as Supervisor's table of unmarshallers does, keyed by tag name. */
  private static Object convert(Element element) throws MalformedRequestException {
    String text = element.text();
    return switch (element.name) {
      case "value" -> element.children.isEmpty() ? text : convert(element.children.get(0));
      case "int", "i4" -> parseInteger(text);
      case "boolean" -> "1".equals(text);
      case "double" -> parseDouble(text);
      case "dateTime.iso8601" -> parseDateTime(text);
      case "array" -> convert(firstChild(element));
      case "data" -> convertAll(element.children);
      case "struct" -> readStruct(element);
      case "base64" -> decodeBase64(text);
      case "param" -> convert(firstChild(element));
      // string, and every tag Supervisor does not know (i8, nil, ...): the text itself.
      default -> text;
    };
  }

  private static List<Object> convertAll(List<Element> elements) throws MalformedRequestException {
    List<Object> values = new ArrayList<>(elements.size());
    for (Element element : elements) {
      values.add(convert(element));
    }
    return values;
  }

  private static Map<String, Object> readStruct(Element struct) throws MalformedRequestException {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Element member : struct.children) {
      // Supervisor unpacks each member into exactly (name, value), whatever the tags are.
      if (member.children.size() != 2) {
        throw new MalformedRequestException("struct member without exactly a name and a value");
      }
      map.put(member.children.get(0).text(), convert(member.children.get(1)));
    }
    return map;
  }

  private static Element firstChild(Element element) throws MalformedRequestException {
    if (element.children.isEmpty()) {
      throw new MalformedRequestException("empty <" + element.name + "> element");
    }
    return element.children.get(0);
  }

  private static Object parseInteger(String text) throws MalformedRequestException {
    String trimmed = text.strip();
    if (!INTEGER.matcher(trimmed).matches()) {
      throw new MalformedRequestException("invalid integer: " + shorten(text));
    }
    BigInteger value = new BigInteger(trimmed.replace("_", ""));
    if (value.bitLength() < Integer.SIZE) {
      return value.intValue();
    }
    return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
  }

  private static Double parseDouble(String text) throws MalformedRequestException {
    String trimmed = text.strip();
    if (SPECIAL_FLOAT.matcher(trimmed).matches()) {
      boolean negative = trimmed.startsWith("-");
      if (trimmed.toLowerCase(java.util.Locale.ROOT).contains("nan")) {
        return Double.NaN;
      }
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (!DECIMAL.matcher(trimmed).matches()) {
      throw new MalformedRequestException("invalid double: " + shorten(text));
    }
    return Double.valueOf(trimmed.replace("_", ""));
  }

  private static LocalDateTime parseDateTime(String text) throws MalformedRequestException {
    try {
      return LocalDateTime.parse(text.strip(), ISO8601);
    } catch (DateTimeParseException e) {
      throw new MalformedRequestException("invalid dateTime.iso8601: " + shorten(text));
    }
  }

  private static String decodeBase64(String text) throws MalformedRequestException {
    try {
      // The MIME decoder skips line breaks and stray characters, as Python's decoder does.
      byte[] bytes = Base64.getMimeDecoder().decode(text);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw new MalformedRequestException("invalid base64 text");
    }
  }

  private static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  // ---------------------------------------------------------------------------------------------
  // XML reading

  private static Element parse(byte[] body) throws MalformedRequestException {
    TreeBuilder builder = new TreeBuilder();
    try {
      newParser().parse(new InputSource(new ByteArrayInputStream(body)), builder);
    } catch (SAXException e) {
      throw new MalformedRequestException("not well-formed XML: " + e.getMessage());
    } catch (IOException e) {
      throw new MalformedRequestException("unreadable request body: " + e.getMessage());
    }
    if (builder.root == null) {
      throw new MalformedRequestException("empty document");
    }
    return builder.root;
  }

  /**
   * A parser per request: SAX factories and parsers are not guaranteed thread-safe, and building one
   * costs little next to an HTTP round trip. The JDK's built-in implementation is used on purpose, so
   * that the security features below are known to be supported; an unsupported feature fails loudly.
   */
  private static SAXParser newParser() throws MalformedRequestException {
    try {
      SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
      factory.setNamespaceAware(false);
      factory.setValidating(false);
      factory.setXIncludeAware(false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      SAXParser parser = factory.newSAXParser();
      parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      return parser;
    } catch (ParserConfigurationException | SAXException e) {
      // A configuration problem, not bad input; still never fall back to an unsafe parser.
      throw new IllegalStateException("cannot configure a secure XML parser", e);
    }
  }

  /** The minimal element tree Supervisor's unmarshaller works on: tag, leading text, children. */
  private static final class Element {
    final String name;
    final StringBuilder text = new StringBuilder();
    final List<Element> children = new ArrayList<>();

    Element(String name) {
      this.name = name;
    }

    /** Like ElementTree's {@code text}: the characters before the first child, "" when none. */
    String text() {
      return text.toString();
    }
  }

  private static final class TreeBuilder extends DefaultHandler {
    private final List<Element> stack = new ArrayList<>();
    private Element root;

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes)
        throws SAXException {
      if (stack.size() >= MAX_DEPTH) {
        throw new SAXException("elements nested deeper than " + MAX_DEPTH);
      }
      Element element = new Element(qName);
      if (stack.isEmpty()) {
        root = element;
      } else {
        stack.get(stack.size() - 1).children.add(element);
      }
      stack.add(element);
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
      stack.remove(stack.size() - 1);
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (!stack.isEmpty()) {
        Element current = stack.get(stack.size() - 1);
        if (current.children.isEmpty()) {
          current.text.append(ch, start, length);
        }
      }
    }

    @Override
    public InputSource resolveEntity(String publicId, String systemId) throws SAXException {
      // Unreachable with DOCTYPE refused; kept so that nothing is ever fetched if that changes.
      throw new SAXException("external entities are not allowed");
    }
  }
}
