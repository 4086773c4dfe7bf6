package org.supvisors.rules;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses one rules file with the JDK's SAX parser, validating it against {@code rules.xsd} in the
 * same pass, and records the location of every element.
 *
 * <p>Rules files come from users and may be copied from anywhere, so the parser is locked down: a
 * DOCTYPE is refused outright (which rules out external entities and entity expansion bombs), no
 * external DTD or schema is ever fetched, and the JDK's secure-processing limits are on.
 */
final class SecureXmlReader {

  static final String SCHEMA_RESOURCE = "rules.xsd";

  private static final Pattern OFFENDING_ELEMENT =
      Pattern.compile("starting with element '(?:\\{\"[^\"]*\":)?([^'}]+)\\}?'");

  /** Hints for the syntax of older Supvisors versions that the manual's scenarios still show. */
  private static final Map<String, String> OBSOLETE_HINTS =
      Map.of(
          "pattern",
          "the <pattern> element was removed in Supvisors 0.11: write <program pattern=\"...\">",
          "distributed",
          "<distributed> was replaced by <distribution> (ALL_INSTANCES, SINGLE_INSTANCE, SINGLE_NODE)",
          "program",
          "<program> elements must be placed inside <programs> since Supvisors 0.11",
          "addresses",
          "<addresses> was replaced by <identifiers>",
          "loading",
          "<loading> was replaced by <expected_loading>");

  private static final Schema SCHEMA = loadSchema();

  private final SAXParserFactory factory;

  SecureXmlReader() {
    factory = SAXParserFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setXIncludeAware(false);
    factory.setValidating(false);
    factory.setSchema(SCHEMA);
    try {
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (ParserConfigurationException | SAXException e) {
      // Refusing to run without these features is the only safe choice.
      throw new IllegalStateException("the XML parser cannot be secured: " + e.getMessage(), e);
    }
  }

  /** The result of reading a file: a tree if it is well-formed and valid, and the problems. */
  record Result(Optional<XmlNode> root, List<RulesError> errors) {}

  Result read(String fileName, InputStream in) {
    Handler handler = new Handler(fileName);
    try {
      SAXParser parser = factory.newSAXParser();
      parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      InputSource source = new InputSource(in);
      source.setSystemId(fileName);
      parser.parse(source, handler);
    } catch (SAXParseException e) {
      handler.report(e, "not well-formed XML: ");
    } catch (SAXException e) {
      handler.errors.add(SecureXmlReader.error(fileName, 0, 0, "cannot parse: " + e.getMessage()));
    } catch (IOException e) {
      handler.errors.add(SecureXmlReader.error(fileName, 0, 0, "cannot read: " + e.getMessage()));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
    boolean valid = handler.errors.isEmpty() && handler.root != null;
    return new Result(valid ? Optional.of(handler.root) : Optional.empty(), handler.errors);
  }

  private static Schema loadSchema() {
    URL xsd = SecureXmlReader.class.getResource(SCHEMA_RESOURCE);
    if (xsd == null) {
      throw new IllegalStateException("rules.xsd is missing from the rules-engine jar");
    }
    try {
      SchemaFactory schemas = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      schemas.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      schemas.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      schemas.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      return schemas.newSchema(xsd);
    } catch (SAXException e) {
      throw new IllegalStateException("rules.xsd is invalid: " + e.getMessage(), e);
    }
  }

  private static RulesError error(String file, int line, int column, String message) {
    return new RulesError(RulesError.Severity.ERROR, file, Math.max(line, 0), Math.max(column, 0), message);
  }

  /** Builds the tree and collects every validation problem, not only the first one. */
  private static final class Handler extends DefaultHandler implements ErrorHandler {
    private final String file;
    private final List<RulesError> errors = new ArrayList<>();
    private final Set<String> reportedPositions = new HashSet<>();
    private final Deque<Builder> open = new ArrayDeque<>();
    private Locator locator;
    private XmlNode root;

    Handler(String file) {
      this.file = file;
    }

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes attrs) {
      Map<String, String> attributes = new LinkedHashMap<>();
      for (int i = 0; i < attrs.getLength(); i++) {
        attributes.put(attrs.getQName(i), attrs.getValue(i));
      }
      SourceLocation at = new SourceLocation(file, locator.getLineNumber(), locator.getColumnNumber());
      open.push(new Builder(qName, attributes, at));
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (!open.isEmpty()) {
        open.peek().text.append(ch, start, length);
      }
    }

    @Override
    public void endElement(String uri, String local, String qName) {
      Builder done = open.pop();
      XmlNode node =
          new XmlNode(done.name, Map.copyOf(done.attributes), done.text.toString(), done.at, List.copyOf(done.children));
      if (open.isEmpty()) {
        root = node;
      } else {
        open.peek().children.add(node);
      }
    }

    @Override
    public void warning(SAXParseException e) {
      // Parser warnings concern the grammar itself, not the user's file.
    }

    @Override
    public void error(SAXParseException e) {
      report(e, "schema violation" + context() + ": ");
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXParseException {
      throw e;
    }

    void report(SAXParseException e, String prefix) {
      // The validator often reports one fault twice (facet, then type): keep the first, it is the precise one.
      if (!reportedPositions.add(e.getLineNumber() + ":" + e.getColumnNumber())) {
        return;
      }
      // The validator's rule codes (cvc-...) mean nothing to users: keep the sentence only.
      String text = e.getMessage() == null ? "" : e.getMessage().replaceFirst("^cvc-[A-Za-z0-9.\\-]+: ", "");
      String message = prefix + text + hint(text);
      errors.add(SecureXmlReader.error(file, e.getLineNumber(), e.getColumnNumber(), message));
    }

    private String context() {
      if (open.isEmpty()) {
        return "";
      }
      StringBuilder path = new StringBuilder();
      open.descendingIterator()
          .forEachRemaining(
              b -> {
                path.append('/').append(b.name);
                String id = b.attributes.containsKey("name") ? "name" : b.attributes.containsKey("pattern") ? "pattern" : null;
                if (id != null) {
                  path.append("[@").append(id).append("='").append(b.attributes.get(id)).append("']");
                }
              });
      return " in " + path;
    }

    private static String hint(String message) {
      if (message == null) {
        return "";
      }
      Matcher m = OFFENDING_ELEMENT.matcher(message);
      if (m.find() && OBSOLETE_HINTS.containsKey(m.group(1))) {
        return " (" + OBSOLETE_HINTS.get(m.group(1)) + ")";
      }
      return "";
    }
  }

  private static final class Builder {
    final String name;
    final Map<String, String> attributes;
    final SourceLocation at;
    final StringBuilder text = new StringBuilder();
    final List<XmlNode> children = new ArrayList<>();

    Builder(String name, Map<String, String> attributes, SourceLocation at) {
      this.name = name;
      this.attributes = attributes;
      this.at = at;
    }
  }
}
