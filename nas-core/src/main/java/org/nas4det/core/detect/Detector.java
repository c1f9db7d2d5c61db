package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.core.eval.ImageDetections;
import org.nas4det.core.nn.Backbone;
import org.nas4det.core.nn.Fpn;

/**
 * A dense detector: backbone (any {@link Backbone}) + FPN neck + {@link DetectionHead}. Its
 * forward returns the head's raw outputs; {@link #losses} gives the named training losses of a
 * batch, {@link #predict} the detections in network-input pixels.
 *
 * <pre>{@code
 * Detector d = Detector.fcos(ResNets.body(18, 3, 4, 5), 5).build();
 * d.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 128, 128));
 * Map<String, NDArray> losses = d.losses(ps, images, targets);
 * }</pre>
 */
public final class Detector extends AbstractBlock implements CostAware {

    private final Backbone backbone;
    private final Fpn neck;
    private final DetectionHead head;
    private final int[] strides;
    private final Map<Shape, Locations> locationCache = new ConcurrentHashMap<>();

    /**
     * Assembles a detector.
     *
     * @param backbone the backbone; its outputs feed the neck
     * @param neck the FPN
     * @param head the head on the FPN's levels
     */
    public Detector(Backbone backbone, Fpn neck, DetectionHead head) {
        this.backbone = addChildBlock("backbone", backbone);
        this.neck = addChildBlock("neck", neck);
        this.head = addChildBlock("head", head);
        this.strides = neck.strides().stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Starts an FCOS detector (imprv head, FPN P3..P7 with P6/P7 from P5).
     *
     * @param backbone a backbone returning C3..C5 (or any levels with strides 8, 16, 32)
     * @param numClasses number of classes
     * @return a builder
     */
    public static Builder fcos(Backbone backbone, int numClasses) {
        return new Builder(backbone, numClasses, "fcos");
    }

    /**
     * Starts a RetinaNet detector (FPN P3..P7 with P6 from C5, anchors 3 scales × 3 ratios).
     *
     * @param backbone a backbone returning C3..C5
     * @param numClasses number of classes
     * @return a builder
     */
    public static Builder retinanet(Backbone backbone, int numClasses) {
        return new Builder(backbone, numClasses, "retinanet");
    }

    /**
     * Starts a GFL detector ({@link GflHead}: ATSS, quality focal, distribution focal and GIoU
     * losses; FPN P3..P7 with P6/P7 from P5, conv-GN towers).
     *
     * @param backbone a backbone returning C3..C5
     * @param numClasses number of classes
     * @return a builder
     */
    public static Builder gfl(Backbone backbone, int numClasses) {
        return new Builder(backbone, numClasses, "gfl");
    }

    /**
     * Starts a Faster R-CNN detector ({@link FasterRcnnHead}: FPN on all the backbone's levels,
     * C2..C5 in the reference configs, without extra convs; P6 by max-pooling in the head; RPN and
     * RoIAlign box head with torchvision's defaults, {@link FasterRcnnSettings}).
     *
     * @param backbone a backbone returning C2..C5 (or C3..C5)
     * @param numClasses number of object classes (the background is added)
     * @return a builder
     */
    public static Builder fasterRcnn(Backbone backbone, int numClasses) {
        return new Builder(backbone, numClasses, "faster_rcnn");
    }

    /**
     * Starts a detector by the head's name, as {@code DetectorSpec}'s {@code "head"} names it.
     *
     * @param head one of {@link DetectorSpec#HEADS}
     * @param backbone the backbone
     * @param numClasses number of object classes
     * @return a builder
     * @throws IllegalArgumentException for an unknown head
     */
    public static Builder builder(String head, Backbone backbone, int numClasses) {
        if (!DetectorSpec.HEADS.contains(head)) {
            throw new IllegalArgumentException("'" + head + "' is not a detection head: use one of " + DetectorSpec.HEADS);
        }
        return new Builder(backbone, numClasses, head);
    }

    /** @return the backbone */
    public Backbone backbone() {
        return backbone;
    }

    /** @return the neck */
    public Fpn neck() {
        return neck;
    }

    /** @return the head */
    public DetectionHead head() {
        return head;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList features = backbone.forward(ps, inputs, training, params);
        NDList pyramid = neck.forward(ps, features, training, params);
        return head.forward(ps, pyramid, training, params);
    }

    /**
     * Runs a training forward and returns the named losses of a batch.
     *
     * @param ps the parameter store
     * @param images batched images {@code (B, 3, H, W)}
     * @param targets batched targets
     * @return named scalar losses
     */
    public Map<String, NDArray> losses(ParameterStore ps, NDArray images, NDList targets) {
        NDList out = forward(ps, new NDList(images), true);
        return head.losses(ps, out, targets, locations(images.getShape()));
    }

    /**
     * Runs inference on a batch.
     *
     * @param ps the parameter store
     * @param images batched images
     * @param targets batched targets (the image info is used to clip boxes)
     * @return detections per image in network-input pixels
     */
    public List<ImageDetections> predict(ParameterStore ps, NDArray images, NDList targets) {
        NDList out = forward(ps, new NDList(images), false);
        return head.decode(ps, out, targets, locations(images.getShape()));
    }

    /**
     * Returns the locations of the pyramid for an input shape.
     *
     * @param input the batched image shape
     * @return the locations, cached per shape
     */
    public Locations locations(Shape input) {
        return locationCache.computeIfAbsent(new Shape(1, input.get(1), input.get(2), input.get(3)), s -> {
            Shape[] levels = neck.getOutputShapes(backbone.getOutputShapes(new Shape[] {s}));
            int[][] sizes = new int[levels.length][];
            for (int l = 0; l < levels.length; l++) {
                sizes[l] = new int[] {(int) levels[l].get(2), (int) levels[l].get(3)};
            }
            return Locations.of(sizes, strides);
        });
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return head.getOutputShapes(neck.getOutputShapes(backbone.getOutputShapes(inputShapes)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape[] f = backbone.getOutputShapes(inputShapes);
        neck.initialize(manager, dataType, f);
        head.initialize(manager, dataType, neck.getOutputShapes(f));
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape[] f = counter.visit("backbone", backbone, inputs);
        Shape[] p = counter.visit("neck", neck, f);
        return counter.visit("head", head, p);
    }

    /** Builds a {@link Detector}. */
    public static final class Builder {
        private final Backbone backbone;
        private final int numClasses;
        private final String kind;
        private int fpnChannels = 256;
        private int towerDepth = 4;
        private HeadTowers towers;
        private boolean giouRegression;
        private FasterRcnnSettings twoStage = FasterRcnnSettings.torchvision();
        private boolean gflV2;

        private Builder(Backbone backbone, int numClasses, String kind) {
            this.backbone = backbone;
            this.numClasses = numClasses;
            this.kind = kind;
        }

        /**
         * Sets the FPN and head width (default 256).
         *
         * @param c channels
         * @return this builder
         */
        public Builder optChannels(int c) {
            this.fpnChannels = c;
            return this;
        }

        /**
         * Sets the convs per head tower (default 4).
         *
         * @param d depth
         * @return this builder
         */
        public Builder optTowerDepth(int d) {
            this.towerDepth = d;
            return this;
        }

        /**
         * Replaces the head towers (a searched head).
         *
         * @param t the towers, or null for the head's own (the default)
         * @return this builder
         */
        public Builder optTowers(HeadTowers t) {
            this.towers = t;
            return this;
        }

        /**
         * RetinaNet only: regress boxes with GIoU on decoded boxes instead of smooth L1 on deltas.
         *
         * @param giou true for GIoU
         * @return this builder
         */
        public Builder optGiouRegression(boolean giou) {
            this.giouRegression = giou;
            return this;
        }

        /**
         * GFL only: GFLV2's distribution-guided quality predictor (default false: GFL v1).
         *
         * @param v2 true for the DGQP
         * @return this builder
         */
        public Builder optGflV2(boolean v2) {
            this.gflV2 = v2;
            return this;
        }

        /**
         * Faster R-CNN only: its settings (default {@link FasterRcnnSettings#torchvision()}).
         *
         * @param s the settings
         * @return this builder
         */
        public Builder optFasterRcnn(FasterRcnnSettings s) {
            this.twoStage = java.util.Objects.requireNonNull(s, "optFasterRcnn: null");
            return this;
        }

        /** @return the detector */
        public Detector build() {
            boolean retina = kind.equals("retinanet");
            List<Integer> strides = new ArrayList<>(backbone.outputStrides());
            Fpn fpn = Fpn.builder()
                    .setInputs(backbone.outputChannels(), strides)
                    .optChannels(fpnChannels)
                    .optExtraLevels(kind.equals("faster_rcnn") ? 0 : 2)
                    .optExtraFromInput(retina)
                    .build();
            int levels = fpn.strides().size();
            DetectionHead head;
            if (retina) {
                HeadTowers t = towers != null ? towers : ConvTowers.retinanet(fpnChannels, towerDepth);
                head = new RetinaHead(t, numClasses, fpn.strides(), giouRegression);
            } else if (kind.equals("faster_rcnn")) {
                head = new FasterRcnnHead(fpnChannels, fpn.strides(), numClasses, twoStage);
            } else if (kind.equals("gfl")) {
                HeadTowers t = towers != null ? towers : ConvTowers.fcos(fpnChannels, towerDepth);
                head = new GflHead(t, numClasses, levels, gflV2);
            } else {
                HeadTowers t = towers != null ? towers : ConvTowers.fcos(fpnChannels, towerDepth);
                head = new FcosHead(t, numClasses, levels);
            }
            return new Detector(backbone, fpn, head);
        }
    }
}
