package org.nas4det.core.report.chart;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads the SVG of a chart back as XML, for tests: parsing proves it well-formed.
 *
 * <pre>{@code assertThat(SvgDocuments.markerCounts(SvgDocuments.parse(chart.svg()))).containsExactly(4, 2);}</pre>
 */
public final class SvgDocuments {

    private SvgDocuments() {}

    /**
     * @param svg the document's text
     * @return the document
     * @throws Exception when it is not well-formed XML
     */
    public static Document parse(String svg) throws Exception {
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return xml.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param file an SVG file
     * @return the document
     * @throws Exception when it cannot be read or is not well-formed XML
     */
    public static Document parse(Path file) throws Exception {
        return parse(Files.readString(file));
    }

    /** @return the content of every {@code <text>}, unescaped, in document order */
    public static List<String> texts(Document doc) {
        List<String> out = new ArrayList<>();
        NodeList all = doc.getElementsByTagName("text");
        for (int i = 0; i < all.getLength(); i++) {
            out.add(all.item(i).getTextContent());
        }
        return out;
    }

    /** @return the number of marker elements of each series that has markers, in order */
    public static List<Integer> markerCounts(Document doc) {
        List<Integer> out = new ArrayList<>();
        NodeList groups = doc.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("markers")) {
                out.add(g.getElementsByTagName("*").getLength());
            }
        }
        return out;
    }
}
