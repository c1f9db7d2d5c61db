package org.nas4det.detnas;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.io.AtomicFiles;
import org.nas4det.core.nn.Backbone;
import org.nas4det.core.Supernet;
import org.nas4det.core.nn.StagedBackbone;
import org.nas4det.core.nn.LoadedWeights;

/**
 * The DetNAS one-shot supernet: the stem and, at every block position, all four candidate blocks
 * with their own weights and BN. {@link #activate} routes the forward through one path; the
 * block is a detection backbone returning C2..C5 of that path; {@link #extract} copies a path's
 * weights into a standalone {@link DetNasBackbone}. The same object serves classification
 * pre-training ({@link #classifier}) and detection fine-tuning ({@link #detector}), and
 * {@link #save} writes all of it (every choice, BN statistics, both heads) into one file that
 * {@link #load} reads in another process.
 *
 * <pre>{@code
 * DetNasSupernet s = DetNasSupernet.of(DetNasSpace.small());
 * s.block().initialize(manager, DataType.FLOAT32, new Shape(8, 3, 224, 224));
 * s.activate(arch); NDList c2c5 = s.block().forward(ps, images, true);
 * s.save(Path.of("supernet.params")); DetNasSupernet again = DetNasSupernet.load(Path.of("supernet.params"), manager);
 * }</pre>
 */
public final class DetNasSupernet implements Supernet<DetNasArch> {

    private static final String MAGIC = "nas4det-detnas-supernet";
    private static final int FILE_VERSION = 1;
    /** Spatial size used to initialise blocks whose weight shapes do not depend on it. */
    private static final Shape INIT_SHAPE = new Shape(1, 3, 64, 64);

    private final DetNasSpace space;
    private final Body body;
    private SupernetClassifier classifier;
    private Detector detector;
    private JsonObject detectorConfig;

    private DetNasSupernet(DetNasSpace space) {
        this.space = space;
        this.body = new Body(space);
    }

    /**
     * Creates the supernet of a space.
     *
     * @param space the space
     * @return the supernet (uninitialised)
     */
    public static DetNasSupernet of(DetNasSpace space) {
        return new DetNasSupernet(space);
    }

    /** The supernet block: stem and stages of choice layers. */
    static final class Body extends StagedBackbone {
        private final List<ChoiceLayer> layers;
        private final Block stem;

        private Body(DetNasSpace space) {
            this(space, new ArrayList<>());
        }

        private Body(DetNasSpace space, List<ChoiceLayer> layers) {
            super(DetNasBackbone.parts(space.stemWidth(), space.widths(), space.depths(), space.levels(),
                    (index, in, out, stride) -> {
                        ChoiceLayer l = new ChoiceLayer(in, out, stride, space.convention());
                        layers.add(l);
                        return l;
                    }));
            this.layers = layers;
            this.stem = getChildren().get(0).getValue();
        }
    }

    @Override
    public DetNasSpace space() {
        return space;
    }

    /**
     * The classification mode of this supernet, created on first call: the block's last stage,
     * an optional 1×1 conv, global average pooling and a linear layer.
     *
     * @param classes number of classes
     * @param lastChannels channels of the 1×1 conv before pooling (1024 in DetNAS; 0 for none)
     * @return the classifier, sharing this supernet's block
     * @throws IllegalArgumentException when the space does not return the last stage, or when a
     *     classifier with other settings exists
     */
    public SupernetClassifier classifier(int classes, int lastChannels) {
        if (classifier != null) {
            if (classifier.classes() != classes || classifier.lastChannels() != lastChannels) {
                throw new IllegalArgumentException("this supernet already has a classifier for " + classifier.classes()
                        + " classes with a " + classifier.lastChannels() + "-channel last conv, not " + classes + " / " + lastChannels);
            }
            return classifier;
        }
        if (!space.levels().contains(space.widths().length + 1)) {
            throw new IllegalArgumentException("classification needs the last stage: the space's levels " + space.levels()
                    + " must include " + (space.widths().length + 1));
        }
        classifier = new SupernetClassifier(body, classes, lastChannels);
        return classifier;
    }

    /** @return the classifier, or null before {@link #classifier} was called */
    public SupernetClassifier classifier() {
        return classifier;
    }

    /**
     * The detection mode of this supernet, created on first call: this block's outputs into an FPN
     * and a dense head.
     *
     * @param head {@code fcos} or {@code retinanet}
     * @param classes number of object classes
     * @param channels FPN and head width
     * @param towerDepth convs per head tower
     * @return the detector, whose backbone is this supernet's block
     * @throws IllegalArgumentException when a detector with other settings exists
     */
    public Detector detector(String head, int classes, int channels, int towerDepth) {
        JsonObject config = detectorConfig(head, classes, channels, towerDepth);
        if (detector != null) {
            if (!detectorConfig.equals(config)) {
                throw new IllegalArgumentException("this supernet already has a detector " + detectorConfig + ", not " + config);
            }
            return detector;
        }
        Detector.Builder b = Detector.builder(head, body, classes);
        detector = b.optChannels(channels).optTowerDepth(towerDepth).build();
        detectorConfig = config;
        return detector;
    }

    /** @return the detector, or null before {@link #detector(String, int, int, int)} was called */
    public Detector detector() {
        return detector;
    }

    /**
     * Writes the whole supernet to one file (atomically): a header naming the space and the heads,
     * then every parameter and BN statistic of the block, the classifier head and the detector's
     * neck and head, whichever exist.
     *
     * @param file the file
     */
    public void save(Path file) {
        JsonObject header = new JsonObject();
        header.add("space", space.toJson());
        if (classifier != null) {
            JsonObject c = new JsonObject();
            c.addProperty("classes", classifier.classes());
            c.addProperty("last_channels", classifier.lastChannels());
            header.add("classifier", c);
        }
        if (detector != null) {
            header.add("detector", detectorConfig);
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the supernet to " + file, e);
        }
        AtomicFiles.writeData(file, out -> {
            out.writeUTF(MAGIC);
            out.writeInt(FILE_VERSION);
            out.writeUTF(header.toString());
            body.saveParameters(out);
            if (classifier != null) {
                classifier.head().saveParameters(out);
            }
            if (detector != null) {
                detector.neck().saveParameters(out);
                detector.head().saveParameters(out);
            }
        });
    }

    /**
     * Reads a file {@link #save} wrote: builds the supernet of the stored space with the stored
     * heads and loads every array. Trainable parameters come back with gradients enabled.
     *
     * @param file the file
     * @param manager owns the weights
     * @return the supernet
     * @throws IllegalArgumentException when the file is missing or not a DetNAS supernet file
     */
    public static DetNasSupernet load(Path file, NDManager manager) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String magic;
            try {
                magic = in.readUTF();
            } catch (IOException e) {
                magic = "";
            }
            if (!MAGIC.equals(magic)) {
                throw new IllegalArgumentException(file + ": not a DetNAS supernet file (written by DetNasSupernet.save)");
            }
            int version = in.readInt();
            if (version != FILE_VERSION) {
                throw new IllegalArgumentException(file + ": supernet file version " + version + " is not supported (" + FILE_VERSION + " is)");
            }
            JsonObject header = JsonParser.parseString(in.readUTF()).getAsJsonObject();
            DetNasSupernet s = of(DetNasSpace.fromJson(header.getAsJsonObject("space"), file + " header"));
            s.body.initialize(manager, DataType.FLOAT32, INIT_SHAPE);
            LoadedWeights.load(s.body, manager, in);
            if (header.has("classifier")) {
                JsonObject c = header.getAsJsonObject("classifier");
                SupernetClassifier cls = s.classifier(c.get("classes").getAsInt(), c.get("last_channels").getAsInt());
                cls.initialize(manager, DataType.FLOAT32, INIT_SHAPE);
                LoadedWeights.load(cls.head(), manager, in);
            }
            if (header.has("detector")) {
                JsonObject d = header.getAsJsonObject("detector");
                Detector det = s.detector(d.get("head").getAsString(), d.get("classes").getAsInt(), d.get("channels").getAsInt(),
                        d.get("tower_depth").getAsInt());
                det.initialize(manager, DataType.FLOAT32, INIT_SHAPE);
                LoadedWeights.load(det.neck(), manager, in);
                LoadedWeights.load(det.head(), manager, in);
            }
            LoadedWeights.enableGradients(s.body);
            if (s.classifier != null) {
                LoadedWeights.enableGradients(s.classifier.head());
            }
            if (s.detector != null) {
                LoadedWeights.enableGradients(s.detector.neck());
                LoadedWeights.enableGradients(s.detector.head());
            }
            return s;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": supernet file does not exist");
        } catch (IOException | MalformedModelException | RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException(file + ": cannot read the supernet: "
                    + (e instanceof java.io.EOFException ? "the file is truncated" : String.valueOf(e.getMessage())), e);
        }
    }


    @Override
    public StagedBackbone block() {
        return body;
    }

    @Override
    public void activate(DetNasArch arch) {
        space.validate(arch);
        for (int i = 0; i < body.layers.size(); i++) {
            body.layers.get(i).activate(arch.choice(i));
        }
    }

    /** Activates the path and returns the supernet block itself: the path runs on shared weights. */
    @Override
    public Block pathView(DetNasArch arch) {
        activate(arch);
        return body;
    }

    /** The trainable parameters of the stem and of the path's candidates. */
    @Override
    public List<Parameter> pathParameters(DetNasArch arch) {
        return path(arch, true);
    }

    /**
     * Returns the path's parameters including BN running statistics (what a subnet export copies).
     *
     * @param arch the path
     * @return every array of the stem and the path's candidates
     */
    public List<Parameter> pathArrays(DetNasArch arch) {
        return path(arch, false);
    }

    /**
     * The blocks a path runs through: the stem and one candidate per position.
     *
     * @param arch the path
     * @return the blocks, in forward order
     */
    List<Block> pathBlocks(DetNasArch arch) {
        space.validate(arch);
        List<Block> out = new ArrayList<>();
        out.add(body.stem);
        for (int i = 0; i < body.layers.size(); i++) {
            out.add(body.layers.get(i).candidate(arch.choice(i)));
        }
        return out;
    }

    private List<Parameter> path(DetNasArch arch, boolean trainableOnly) {
        List<Parameter> out = new ArrayList<>();
        for (Block b : pathBlocks(arch)) {
            collect(b, out, trainableOnly);
        }
        return out;
    }

    private static void collect(Block b, List<Parameter> out, boolean trainableOnly) {
        for (Pair<String, Parameter> p : b.getParameters()) {
            if (!trainableOnly || p.getValue().requiresGradient()) {
                out.add(p.getValue());
            }
        }
    }

    @Override
    public Block extract(DetNasArch arch, NDManager manager) {
        DetNasBackbone standalone = (DetNasBackbone) space.build(arch);
        Shape input = body.getInputShapes() != null ? body.getInputShapes()[0] : new Shape(1, 3, 224, 224);
        standalone.initialize(manager, DataType.FLOAT32, input);
        // Every array of the path, BN running statistics included.
        List<Parameter> from = path(arch, false);
        List<Parameter> to = new ArrayList<>();
        collect(standalone, to, false);
        copy(from, to);
        return standalone;
    }

    /**
     * Copies a path and the detection neck and head into a standalone detector: the subnet's
     * backbone ({@link #extract}) with FPN and head built like this supernet's, every array a
     * copy, BN statistics included.
     *
     * @param arch the path
     * @param manager owns the copies
     * @return the standalone detector
     * @throws IllegalStateException when this supernet has no detector
     */
    public Detector extractDetector(DetNasArch arch, NDManager manager) {
        if (detector == null) {
            throw new IllegalStateException("this supernet has no detector: call detector(...) first");
        }
        Backbone backbone = (Backbone) extract(arch, manager);
        Detector.Builder b = Detector.builder(detectorConfig.get("head").getAsString(), backbone,
                detectorConfig.get("classes").getAsInt());
        Detector standalone = b.optChannels(detectorConfig.get("channels").getAsInt())
                .optTowerDepth(detectorConfig.get("tower_depth").getAsInt()).build();
        standalone.initialize(manager, DataType.FLOAT32, INIT_SHAPE);
        List<Parameter> from = new ArrayList<>();
        List<Parameter> to = new ArrayList<>();
        collect(detector.neck(), from, false);
        collect(detector.head(), from, false);
        collect(standalone.neck(), to, false);
        collect(standalone.head(), to, false);
        copy(from, to);
        return standalone;
    }

    /**
     * The JSON of this supernet's detector settings.
     *
     * @return {@code {"head", "classes", "channels", "tower_depth"}}, or null without a detector
     */
    public JsonObject detectorConfig() {
        return detectorConfig == null ? null : detectorConfig.deepCopy();
    }

    /** The detector settings as the supernet file and {@link #detectorConfig()} hold them. */
    static JsonObject detectorConfig(String head, int classes, int channels, int towerDepth) {
        JsonObject config = new JsonObject();
        config.addProperty("head", head);
        config.addProperty("classes", classes);
        config.addProperty("channels", channels);
        config.addProperty("tower_depth", towerDepth);
        return config;
    }

    private static void copy(List<Parameter> from, List<Parameter> to) {
        if (from.size() != to.size()) {
            throw new IllegalStateException("supernet and standalone copy differ in parameters: " + from.size() + " vs " + to.size());
        }
        for (int i = 0; i < from.size(); i++) {
            to.get(i).getArray().set(new NDIndex("..."), from.get(i).getArray());
        }
    }
}
