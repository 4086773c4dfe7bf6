package org.supvisors.http.xmlrpc;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Renders decoded XML-RPC values the way Python's {@code str()} does. Supvisors builds several
 * fault texts with f-strings around the received parameter (e.g. {@code invalid logger level: 2.0}),
 * so the same rendering is needed to reproduce those texts byte for byte.
 */
public final class PythonText {

  private PythonText() {}

  /** Python {@code str(value)}: strings unquoted, containers rendered with {@code repr} items. */
  public static String str(Object value) {
    return value instanceof String s ? s : repr(value);
  }

  /** Python {@code repr(value)}, for the value types the decoder produces. */
  public static String repr(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof String s) {
      return quote(s);
    }
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (value instanceof Double d) {
      return floatRepr(d);
    }
    if (value instanceof Float f) {
      return floatRepr(f.doubleValue());
    }
    if (value instanceof Collection<?> items) {
      StringJoiner joiner = new StringJoiner(", ", "[", "]");
      items.forEach(item -> joiner.add(repr(item)));
      return joiner.toString();
    }
    if (value instanceof Map<?, ?> map) {
      StringJoiner joiner = new StringJoiner(", ", "{", "}");
      map.forEach((k, v) -> joiner.add(repr(k) + ": " + repr(v)));
      return joiner.toString();
    }
    if (value instanceof LocalDateTime time) {
      // str() of a datetime; close enough for the rare fault text that would show one.
      return time.toLocalDate() + " " + time.toLocalTime();
    }
    return String.valueOf(value);
  }

  /**
   * Java's {@code Double.toString} digits written without exponent, as Python writes floats in
   * [1e-4, 1e16): {@code 1.7955598678827746E9} becomes {@code 1795559867.8827746}. String work only,
   * because this runs for every time stamp of every process in a status call.
   */
  static String plainRepr(String javaText) {
    int e = javaText.indexOf('E');
    if (e < 0) {
      return javaText;
    }
    boolean negative = javaText.charAt(0) == '-';
    String mantissa = javaText.substring(negative ? 1 : 0, e);
    int exponent = Integer.parseInt(javaText.substring(e + 1));
    int dot = mantissa.indexOf('.');
    String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
    if (digits.endsWith("0") && digits.length() > 1) {
      digits = digits.replaceAll("0+$", "");
    }
    int point = dot + exponent;
    StringBuilder out = new StringBuilder(digits.length() + 8);
    if (negative) {
      out.append('-');
    }
    if (point <= 0) {
      out.append("0.").append("0".repeat(-point)).append(digits);
    } else if (point >= digits.length()) {
      out.append(digits).append("0".repeat(point - digits.length())).append(".0");
    } else {
      out.append(digits, 0, point).append('.').append(digits, point, digits.length());
    }
    return out.toString();
  }

  /** Python float repr: shortest digits, plain between 1e-4 and 1e16, else {@code 1.5e+16}. */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    double abs = Math.abs(d);
    if (abs >= 1e-4 && abs < 1e16) {
      return plainRepr(Double.toString(d));
    }
    BigDecimal decimal = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = decimal.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - decimal.scale();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String sign = d < 0 ? "-" : "";
    String expSign = exponent < 0 ? "-" : "+";
    return sign + mantissa + "e" + expSign + String.format("%02d", Math.abs(exponent));
  }

  private static String quote(String s) {
    // Python prefers single quotes and switches to double quotes only to avoid escaping.
    char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder(s.length() + 2).append(q);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c == q) {
            out.append('\\');
          }
          out.append(c);
        }
      }
    }
    return out.append(q).toString();
  }
}
