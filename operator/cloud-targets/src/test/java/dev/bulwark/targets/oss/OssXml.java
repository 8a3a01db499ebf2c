package dev.bulwark.targets.oss;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Writes the OSS REST API's XML documents and reads the ones the client sends. */
final class OssXml {
  static final DateTimeFormatter ISO_8601 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

  private final StringBuilder xml = new StringBuilder(HEADER);

  private OssXml() {}

  static OssXml document() {
    return new OssXml();
  }

  OssXml open(String element) {
    xml.append('<').append(element).append('>');
    return this;
  }

  OssXml close(String element) {
    xml.append("</").append(element).append('>');
    return this;
  }

  OssXml element(String element, Object value) {
    xml.append('<').append(element).append('>');
    xml.append(escape(value == null ? "" : value.toString()));
    xml.append("</").append(element).append('>');
    return this;
  }

  OssXml time(String element, Instant instant) {
    return element(element, ISO_8601.format(instant));
  }

  byte[] bytes() {
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] error(OssError error, String requestId) {
    OssXml doc =
        document().open("Error").element("Code", error.code).element("Message", error.getMessage());
    doc.element("RequestId", requestId).element("HostId", "127.0.0.1");
    error.details.forEach(doc::element);
    return doc.close("Error").bytes();
  }

  static byte[] tagging(Map<String, String> tags) {
    OssXml doc = document().open("Tagging").open("TagSet");
    tags.forEach((k, v) -> doc.open("Tag").element("Key", k).element("Value", v).close("Tag"));
    return doc.close("TagSet").close("Tagging").bytes();
  }

  /** Parses a request body, or fails as OSS does on a malformed document. */
  static Element parse(byte[] body, String rootName) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
      Element root = document.getDocumentElement();
      if (!root.getTagName().equals(rootName)) {
        throw malformed();
      }
      return root;
    } catch (OssError e) {
      throw e;
    } catch (Exception e) {
      throw malformed();
    }
  }

  /** The Key/Value pairs of a {@code <Tagging><TagSet><Tag>} document. */
  static Map<String, String> parseTagging(byte[] body) {
    Element root = parse(body, "Tagging");
    Map<String, String> tags = new LinkedHashMap<>();
    for (Element tagSet : children(root, "TagSet")) {
      for (Element tag : children(tagSet, "Tag")) {
        tags.put(text(tag, "Key"), text(tag, "Value"));
      }
    }
    return tags;
  }

  static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element element && element.getTagName().equals(name)) {
        found.add(element);
      }
    }
    return found;
  }

  /** The text of the single child {@code name}, or null when there is none. */
  static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0).getTextContent();
  }

  static OssError malformed() {
    return new OssError(
        400,
        "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published"
            + " schema.");
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
