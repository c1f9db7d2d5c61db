package org.nas4det.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a Pascal VOC data set ({@code Annotations/*.xml}, {@code ImageSets/Main/<split>.txt},
 * {@code JPEGImages/}) with the same checks as {@link CocoData}. Boxes follow the Detectron
 * convention for VOC's 1-based inclusive corners: {@code x1 = xmin - 1, x2 = xmax}. Objects
 * marked {@code difficult} are kept, flagged ignore: left out of training targets and treated as
 * ignore regions in evaluation. Image ids are the line numbers of the split file, from 1.
 *
 * <pre>{@code DetectionData voc = VocData.reader().read(Path.of("VOC2007"), "trainval");}</pre>
 */
public final class VocData {

    /** The 20 VOC classes; category ids 1..20 in this order. */
    public static final List<String> CLASSES = List.of(
            "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
            "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor");

    private BadRecordPolicy policy = BadRecordPolicy.FAIL;
    private boolean verifyImages = true;

    private VocData() {}

    /** @return a reader that fails on the first bad record and checks images */
    public static VocData reader() {
        return new VocData();
    }

    /**
     * Sets what to do with bad records.
     *
     * @param p the policy
     * @return this reader
     */
    public VocData optPolicy(BadRecordPolicy p) {
        this.policy = java.util.Objects.requireNonNull(p, "optPolicy: null");
        return this;
    }

    /**
     * Sets whether to open every image header while reading.
     *
     * @param v true to check (default)
     * @return this reader
     */
    public VocData optVerifyImages(boolean v) {
        this.verifyImages = v;
        return this;
    }

    /**
     * Reads one split.
     *
     * @param root the VOC folder (holding Annotations, ImageSets, JPEGImages)
     * @param split the split name, e.g. {@code trainval} or {@code test}
     * @return the data
     */
    public DetectionData read(Path root, String split) {
        return read(root, split, null);
    }

    /**
     * Reads the images of the given ids (line numbers) only: a worker holds only their files.
     *
     * @param root the VOC folder
     * @param split the split name
     * @param only the ids to read, or null for all
     * @return the data, its origin the folder read (a subset's origin is the caller's)
     */
    DetectionData read(Path root, String split, Set<Long> only) {
        DataRoot dataRoot = DataRoot.of(root);
        Path list = splitFile(root, split);
        List<String> names = lines(list);
        long[] ids = new long[CLASSES.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
        }
        CategoryMap cats = new CategoryMap(ids, CLASSES);
        RecordChecker check = new RecordChecker(policy, list);
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<DetectionSample> samples = new ArrayList<>();
        DocumentBuilder xml = secureParser();
        for (int line = 0; line < names.size(); line++) {
            String name = names.get(line).trim();
            if (name.isEmpty() || only != null && !only.contains(line + 1L)) {
                continue;
            }
            try {
                if (seen.put(name, line + 1) != null) {
                    throw new DuplicateImageIdException(list, "line " + (line + 1), "image '" + name + "' appears twice");
                }
                Path xmlFile = dataRoot.resolve("Annotations/" + name + ".xml", list, "line " + (line + 1));
                samples.add(sample(xml, xmlFile, dataRoot, line + 1, cats));
            } catch (DatasetException e) {
                check.bad(e);
            }
        }
        check.report();
        if (samples.isEmpty()) {
            throw new EmptyDatasetException(list, null, "no image left" + (check.skippedTotal() > 0 ? " after skipping " + check.skipped() : ""));
        }
        return new DetectionData(list, samples, cats, check.skipped(), new VocOrigin(dataRoot.path().toString(), split, policy,
                verifyImages, null));
    }

    /** The split file's name inside the root, as a member of the root folder. */
    static String splitMember(String split) {
        return "ImageSets/Main/" + split + ".txt";
    }

    static Path splitFile(Path root, String split) {
        return DataRoot.of(root).resolve(splitMember(split), root, "split " + split);
    }

    /** @return the lines of a split file */
    static List<String> lines(Path list) {
        try {
            return Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MalformedAnnotationException(list, null, "cannot read the split file: " + e.getMessage(), e);
        }
    }

    /**
     * The image a VOC annotation names, as a member of the root; null for a file too malformed to
     * name one (the reader reports it).
     *
     * @param xmlFile the annotation file
     * @return {@code JPEGImages/<filename>}, or null
     */
    static String imageMember(Path xmlFile) {
        try {
            NodeList l = secureParser().parse(xmlFile.toFile()).getDocumentElement().getElementsByTagName("filename");
            return l.getLength() == 0 ? null : "JPEGImages/" + l.item(0).getTextContent().trim();
        } catch (SAXException | IOException e) {
            return null;
        }
    }

    private DetectionSample sample(DocumentBuilder xml, Path file, DataRoot root, long imageId, CategoryMap cats) {
        Document doc;
        try {
            doc = xml.parse(file.toFile());
        } catch (SAXParseException e) {
            throw new MalformedAnnotationException(file, "line " + e.getLineNumber() + " column " + e.getColumnNumber(),
                    "malformed XML: " + e.getMessage(), e);
        } catch (SAXException | IOException e) {
            throw new MalformedAnnotationException(file, null, "cannot read: " + e.getMessage(), e);
        }
        Element ann = doc.getDocumentElement();
        String fileName = text(file, ann, "filename", "annotation");
        Path image = root.resolve("JPEGImages/" + fileName, file, "filename");
        Element size = child(file, ann, "size", "annotation");
        int w = integer(file, size, "width", "size");
        int h = integer(file, size, "height", "size");
        if (verifyImages) {
            int[] actual = ImageHeaders.size(image, file, "filename " + fileName);
            if (actual[0] != w || actual[1] != h) {
                throw new ImageSizeMismatchException(file, "size", "image " + fileName + " is " + actual[0] + "x" + actual[1]
                        + " but the annotation says " + w + "x" + h);
            }
        }
        List<float[]> boxes = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Boolean> difficult = new ArrayList<>();
        NodeList objects = ann.getElementsByTagName("object");
        for (int i = 0; i < objects.getLength(); i++) {
            Element o = (Element) objects.item(i);
            String rec = "object " + (i + 1);
            String name = text(file, o, "name", rec);
            int label = cats.index(CLASSES.indexOf(name) + 1L);
            if (CLASSES.indexOf(name) < 0) {
                throw new UnknownCategoryException(file, rec, "class '" + name + "' is not a VOC class");
            }
            NodeList d = o.getElementsByTagName("difficult");
            boolean isDifficult = d.getLength() > 0 && "1".equals(d.item(0).getTextContent().trim());
            Element bb = child(file, o, "bndbox", rec);
            double xmin = number(file, bb, "xmin", rec);
            double ymin = number(file, bb, "ymin", rec);
            double xmax = number(file, bb, "xmax", rec);
            double ymax = number(file, bb, "ymax", rec);
            double[] xywh = {xmin - 1, ymin - 1, xmax - xmin + 1, ymax - ymin + 1};
            boxes.add(CocoData.checkBox(file, rec, xywh, w, h));
            labels.add(label);
            difficult.add(isDifficult);
        }
        boolean[] ignore = new boolean[difficult.size()];
        for (int i = 0; i < ignore.length; i++) {
            ignore[i] = difficult.get(i);
        }
        return new DetectionSample(imageId, image, w, h, CocoData.flat(boxes), CocoData.ints(labels), ignore, new float[0], new int[0]);
    }

    private static DocumentBuilder secureParser() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // Annotation files are data: no DTDs, no external entities.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element child(Path file, Element parent, String tag, String rec) {
        NodeList l = parent.getElementsByTagName(tag);
        if (l.getLength() == 0) {
            throw new MalformedAnnotationException(file, rec, "missing <" + tag + ">");
        }
        return (Element) l.item(0);
    }

    private static String text(Path file, Element parent, String tag, String rec) {
        return child(file, parent, tag, rec).getTextContent().trim();
    }

    private static double number(Path file, Element parent, String tag, String rec) {
        String t = text(file, parent, tag, rec);
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new MalformedAnnotationException(file, rec, "<" + tag + "> is not a number: '" + t + "'");
        }
    }

    private static int integer(Path file, Element parent, String tag, String rec) {
        double v = number(file, parent, tag, rec);
        if (v <= 0 || v != Math.rint(v)) {
            throw new MalformedAnnotationException(file, rec, "<" + tag + "> must be a positive integer");
        }
        return (int) v;
    }
}
