package org.supvisors.http.xmlrpc;

import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.supvisors.protocol.SupvisorsFault;
import org.supvisors.protocol.WireStruct;

/**
 * Writes XML-RPC {@code methodResponse} documents, with the value mapping of Python's marshaller:
 * Integer/Short/Byte (and Long/BigInteger within 32 bits) to {@code int}, Boolean to
 * {@code boolean}, String to {@code string}, Double/Float to {@code double}, Collection and object
 * arrays to {@code array}, Map to {@code struct} (keys as strings, iteration order kept),
 * {@link WireStruct} to its wire map, byte[] to {@code base64}, LocalDateTime to
 * {@code dateTime.iso8601}. Anything else, {@code null} included, is refused with
 * {@link UnmarshallableValueException} rather than sent as a wrong value.
 */
public final class XmlRpcEncoder {

  private static final String HEADER = "<?xml version='1.0'?>\n<methodResponse>\n";
  private static final String FOOTER = "</methodResponse>\n";
  private static final DateTimeFormatter ISO8601 =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mm:ss");

  private XmlRpcEncoder() {}

  /** A successful response carrying {@code value}. */
  public static String response(Object value) {
    return responseOf(value(value));
  }

  /** A successful response carrying a value already encoded by {@link #value(Object)}. */
  public static String responseOf(String encodedValue) {
    return new StringBuilder(encodedValue.length() + 128)
        .append(HEADER).append("<params>\n<param>\n")
        .append(encodedValue)
        .append("</param>\n</params>\n").append(FOOTER).toString();
  }

  /**
   * The {@code <value>} element of {@code value}; fails with {@link UnmarshallableValueException}
   * when it cannot be written.
   */
  public static String value(Object value) {
    StringBuilder out = new StringBuilder(256);
    writeValue(out, value);
    return out.toString();
  }

  /** A fault response: struct {faultCode: int, faultString: string}. */
  public static String fault(SupvisorsFault fault) {
    StringBuilder out = new StringBuilder(256).append(HEADER).append("<fault>\n");
    writeValue(out, faultStruct(fault));
    return out.append("</fault>\n").append(FOOTER).toString();
  }

  /** The fault as a struct value, also the form of a failed call inside system.multicall. */
  public static Map<String, Object> faultStruct(SupvisorsFault fault) {
    Map<String, Object> struct = new LinkedHashMap<>();
    struct.put("faultCode", fault.code());
    struct.put("faultString", fault.faultString());
    return struct;
  }

  /** Fails with {@link UnmarshallableValueException} when {@code value} could not be written. */
  public static void checkMarshallable(Object value) {
    value(value);
  }

  private static void writeValue(StringBuilder out, Object value) {
    out.append("<value>");
    if (value == null) {
      throw new UnmarshallableValueException("cannot marshal None");
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      out.append("<int>").append(value).append("</int>");
    } else if (value instanceof Long l) {
      out.append("<int>").append(toInt(BigInteger.valueOf(l))).append("</int>");
    } else if (value instanceof BigInteger big) {
      out.append("<int>").append(toInt(big)).append("</int>");
    } else if (value instanceof Boolean b) {
      out.append("<boolean>").append(b ? '1' : '0').append("</boolean>");
    } else if (value instanceof String s) {
      out.append("<string>");
      escape(out, s);
      out.append("</string>");
    } else if (value instanceof Double || value instanceof Float) {
      out.append("<double>")
          .append(PythonText.floatRepr(((Number) value).doubleValue()))
          .append("</double>");
    } else if (value instanceof WireStruct struct) {
      writeStruct(out, struct.toWire());
    } else if (value instanceof Map<?, ?> map) {
      writeStruct(out, map);
    } else if (value instanceof Collection<?> items) {
      writeArray(out, items);
    } else if (value instanceof Object[] items) {
      writeArray(out, Arrays.asList(items));
    } else if (value instanceof byte[] bytes) {
      out.append("<base64>\n").append(Base64.getEncoder().encodeToString(bytes)).append("\n</base64>");
    } else if (value instanceof LocalDateTime time) {
      out.append("<dateTime.iso8601>").append(ISO8601.format(time)).append("</dateTime.iso8601>");
    } else {
      throw new UnmarshallableValueException(
          "cannot marshal " + value.getClass().getSimpleName() + " objects");
    }
    out.append("</value>\n");
  }

  private static void writeArray(StringBuilder out, Collection<?> items) {
    out.append("<array><data>\n");
    for (Object item : items) {
      writeValue(out, item);
    }
    out.append("</data></array>");
  }

  private static void writeStruct(StringBuilder out, Map<?, ?> map) {
    out.append("<struct>\n");
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (entry.getKey() == null) {
        throw new UnmarshallableValueException("cannot marshal a None struct key");
      }
      out.append("<member>\n<name>");
      escape(out, entry.getKey().toString());
      out.append("</name>\n");
      writeValue(out, entry.getValue());
      out.append("</member>\n");
    }
    out.append("</struct>");
  }

  private static int toInt(BigInteger value) {
    if (value.bitLength() >= Integer.SIZE) {
      throw new UnmarshallableValueException("int exceeds XML-RPC limits: " + value);
    }
    return value.intValue();
  }

  /**
   * Escapes markup characters, and replaces the characters XML 1.0 cannot carry at all (most C0
   * controls, lone surrogates) by U+FFFD so that a client parser never chokes on a response.
   */
  static void escape(StringBuilder out, String text) {
    if (isPlain(text)) {
      // The common case (names, states, namespecs): copied at once.
      out.append(text);
      return;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(++i));
          } else if (isXmlChar(c)) {
            out.append(c);
          } else {
            out.append('\uFFFD');
          }
        }
      }
    }
  }

  /** Printable ASCII without markup characters, or tab/newline: nothing to escape. */
  private static boolean isPlain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0x7E || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == '&' || c == '<' || c == '>') {
        return false;
      }
    }
    return true;
  }

  private static boolean isXmlChar(char c) {
    return c == '\t'
        || c == '\n'
        || c == '\r'
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD);
  }
}
