package org.lightweb.plugin.contacts;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** WebDAV XML: a parser with DTDs and external entities off (XXE), and the small helpers the handlers use. */
final class DavXml {
    static final String DAV = "DAV:";
    static final String CARD = "urn:ietf:params:xml:ns:carddav";
    static final String CS = "http://calendarserver.org/ns/";

    private DavXml() {}

    /** A body that is not well-formed XML, or carries a DTD. */
    static final class BadXml extends Exception {
        private static final long serialVersionUID = 1L;

        BadXml(String message) { super(message); }
    }

    /** Parses a body; null when it is empty. DOCTYPEs are refused, so no entity is ever expanded. */
    static Element parse(byte[] body) throws BadXml {
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) return null;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            Document doc = b.parse(new ByteArrayInputStream(body));
            return doc.getDocumentElement();
        } catch (Exception e) {
            throw new BadXml("The body is not well-formed XML: " + e.getMessage());
        }
    }

    static boolean is(Node n, String ns, String local) {
        return n instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
    }

    static QName qname(Element e) { return new QName(e.getNamespaceURI() == null ? "" : e.getNamespaceURI(), e.getLocalName()); }

    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        if (parent == null) return out;
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) if (nl.item(i) instanceof Element e) out.add(e);
        return out;
    }

    static Element child(Element parent, String ns, String local) {
        for (Element e : children(parent)) if (is(e, ns, local)) return e;
        return null;
    }

    static List<Element> all(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        for (Element e : children(parent)) if (is(e, ns, local)) out.add(e);
        return out;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\r' -> b.append("&#13;");
                default -> {
                    if (ch < 0x20 && ch != '\n' && ch != '\t') continue;   // not allowed in XML 1.0
                    b.append(ch);
                }
            }
        }
        return b.toString();
    }

    /** The element name with the prefix this plugin writes for its namespace (d:, card:, cs:), or a local xmlns. */
    static String open(QName q) {
        return switch (q.getNamespaceURI()) {
            case DAV -> "d:" + q.getLocalPart();
            case CARD -> "card:" + q.getLocalPart();
            case CS -> "cs:" + q.getLocalPart();
            default -> "x:" + q.getLocalPart() + " xmlns:x=\"" + escape(q.getNamespaceURI()) + "\"";
        };
    }

    static String close(QName q) {
        return switch (q.getNamespaceURI()) {
            case DAV -> "d:" + q.getLocalPart();
            case CARD -> "card:" + q.getLocalPart();
            case CS -> "cs:" + q.getLocalPart();
            default -> "x:" + q.getLocalPart();
        };
    }

    static final String ROOT_NS = " xmlns:d=\"DAV:\" xmlns:card=\"" + CARD + "\" xmlns:cs=\"" + CS + "\"";

    /** {@code <d:error><card:valid-address-data/></d:error>}: a failed precondition (RFC 4918 16). */
    static String error(String condition) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:error" + ROOT_NS + "><" + condition + "/></d:error>";
    }
}
