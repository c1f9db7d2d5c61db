package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.core.data.DetectionTargets;
import org.nas4det.core.eval.ImageDetections;
import org.nas4det.core.nn.GraphScalars;
import org.nas4det.core.nn.OneDnnConv2d;
import org.nas4det.core.nn.TorchInitializers;
import org.nas4det.core.random.SeededRandom;

/**
 * The two stages of Faster R-CNN on an FPN (P2–P5 from the neck, P6 by max-pooling P5 with kernel
 * 1 and stride 2, as torchvision's {@code LastLevelMaxPool}): an RPN head shared by all levels
 * (3×3 conv + ReLU, 1×1 objectness and 1×1 deltas for 3 anchors, N(0, 0.01) weights) and a box
 * head on RoIAlign features of P2–P5 (two FC layers + ReLU, a (K+1)-way classifier with class 0 the
 * background, class-specific deltas). All settings and their torchvision defaults:
 * {@link FasterRcnnSettings}.
 *
 * <pre>{@code FasterRcnnHead h = new FasterRcnnHead(256, List.of(4, 8, 16, 32), 80, FasterRcnnSettings.torchvision());}</pre>
 *
 * <p>Forward outputs: {@code [objectness (B, N), rpn deltas (B, N, 4), P2, .., P5]} with N the
 * anchors of P2–P6; the second stage runs in {@link #losses(ParameterStore, NDList, NDList, Locations)}
 * and {@link #decode(ParameterStore, NDList, NDList, Locations)}, which need the parameter store.
 */
public final class FasterRcnnHead extends AbstractBlock implements DetectionHead, CostAware {

    private static final float[] ROI_WEIGHTS = {10, 10, 5, 5};
    private static final int ANCHORS = TwoStageBoxes.RATIOS.length;

    private final Block rpnConv;
    private final Block rpnCls;
    private final Block rpnBox;
    private final Block fc6;
    private final Block fc7;
    private final Block clsScore;
    private final Block bboxPred;
    private final int numClasses;
    private final int channels;
    private final int[] strides;
    private final FasterRcnnSettings settings;
    private final Map<String, float[]> anchorCache = new ConcurrentHashMap<>();
    // RoIAlign's output at test time, kept between calls in the parameters' manager: 2,000 RoIs
    // pool into 100 MB, whose fresh memory cost ~30 ms of page faults per call
    private NDArray testPooled;

    /**
     * Creates the head.
     *
     * @param channels the FPN's channels
     * @param strides strides of the neck's levels (P2–P5: 4, 8, 16, 32); P6 is added here
     * @param numClasses object classes (the background is added)
     * @param settings the settings
     */
    public FasterRcnnHead(int channels, List<Integer> strides, int numClasses, FasterRcnnSettings settings) {
        this.channels = channels;
        this.numClasses = numClasses;
        this.settings = settings;
        this.strides = strides.stream().mapToInt(Integer::intValue).toArray();
        rpnConv = addChildBlock("rpn_conv", conv(channels, 3));
        rpnCls = addChildBlock("rpn_cls", conv(ANCHORS, 1));
        rpnBox = addChildBlock("rpn_bbox", conv(4 * ANCHORS, 1));
        fc6 = addChildBlock("fc6", linear(settings.fcWidth, (long) channels * settings.poolSize * settings.poolSize));
        fc7 = addChildBlock("fc7", linear(settings.fcWidth, settings.fcWidth));
        clsScore = addChildBlock("cls_score", linear(numClasses + 1, settings.fcWidth));
        bboxPred = addChildBlock("bbox_pred", linear(4L * (numClasses + 1), settings.fcWidth));
    }

    private static Block conv(int out, int kernel) {
        Block b = new OneDnnConv2d(Conv2d.builder().setFilters(out).setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2)));
        b.setInitializer(TorchInitializers.normal(0.01), Parameter.Type.WEIGHT);
        b.setInitializer(TorchInitializers.constant(0), Parameter.Type.BIAS);
        return b;
    }

    /** torch.nn.Linear's default initialisation. */
    private static Block linear(long out, long fanIn) {
        Block b = Linear.builder().setUnits(out).build();
        b.setInitializer(TorchInitializers.kaimingUniform(Math.sqrt(5)), Parameter.Type.WEIGHT);
        b.setInitializer(TorchInitializers.defaultBias(fanIn), Parameter.Type.BIAS);
        return b;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    /** @return the settings */
    public FasterRcnnSettings settings() {
        return settings;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList obj = new NDList();
        NDList reg = new NDList();
        for (NDArray level : rpnLevels(inputs)) {
            NDArray t = Activation.relu(rpnConv.forward(ps, new NDList(level), training, params).head());
            NDArray c = rpnCls.forward(ps, new NDList(t), training, params).head();
            NDArray r = rpnBox.forward(ps, new NDList(t), training, params).head();
            long b = c.getShape().get(0);
            obj.add(DenseHead.flatten(c).reshape(b, -1));
            reg.add(DenseHead.flatten(r).reshape(b, -1, 4));
        }
        NDList out = new NDList(NDArrays.concat(obj, 1), NDArrays.concat(reg, 1));
        out.addAll(inputs);
        return out;
    }

    /** P2–P5 and P6 = P5 subsampled by 2 (max-pooling with kernel 1, stride 2). */
    private static NDList rpnLevels(NDList pyramid) {
        NDList levels = new NDList(pyramid);
        levels.add(pyramid.get(pyramid.size() - 1).get(":, :, ::2, ::2"));
        return levels;
    }

    private NDList pyramid(NDList outputs) {
        return new NDList(outputs.subNDList(2));
    }

    /** The anchors of the RPN levels and how many each level has. */
    private float[] anchors(NDList pyramid, int[] perLevel) {
        int levels = pyramid.size() + 1;
        int[][] sizes = new int[levels][];
        int[] st = new int[levels];
        float[] anchorSizes = new float[levels];
        StringBuilder key = new StringBuilder();
        for (int l = 0; l < levels; l++) {
            if (l < pyramid.size()) {
                Shape s = pyramid.get(l).getShape();
                sizes[l] = new int[] {(int) s.get(2), (int) s.get(3)};
                st[l] = strides[l];
            } else {
                sizes[l] = new int[] {(sizes[l - 1][0] + 1) / 2, (sizes[l - 1][1] + 1) / 2};
                st[l] = 2 * strides[l - 1];
            }
            anchorSizes[l] = 8f * st[l];
            perLevel[l] = sizes[l][0] * sizes[l][1] * ANCHORS;
            key.append(sizes[l][0]).append('x').append(sizes[l][1]).append(',');
        }
        return anchorCache.computeIfAbsent(key.toString(), k -> TwoStageBoxes.anchors(sizes, st, anchorSizes));
    }

    private static float[][] imageSizes(NDList targets, int b) {
        float[] info = targets.get(DetectionTargets.INFO).toFloatArray();
        float[][] out = new float[b][];
        for (int i = 0; i < b; i++) {
            out[i] = new float[] {
                info[i * DetectionTargets.INFO_SIZE + DetectionTargets.INFO_HEIGHT],
                info[i * DetectionTargets.INFO_SIZE + DetectionTargets.INFO_WIDTH]};
        }
        return out;
    }

    /** Runs the box head on RoIs (batch index + corners, 5 per RoI): {@code [class logits, deltas]}. */
    private NDList boxHead(ParameterStore ps, NDList pyramid, float[] rois, boolean training) {
        NDArray x;
        if (training) {
            x = MultiScaleRoiAlign.pool(pyramid, strides, rois, settings.poolSize, settings.samplingRatio,
                    settings.canonicalSize, settings.canonicalLevel, null);
            x = Activation.relu(PooledFc.apply(ps, fc6, x, true));
        } else {
            synchronized (this) { // one test-time buffer
                x = MultiScaleRoiAlign.pool(pyramid, strides, rois, settings.poolSize, settings.samplingRatio,
                        settings.canonicalSize, settings.canonicalLevel, testPooled(rois.length / 5, pyramid.head()));
                x = Activation.relu(PooledFc.apply(ps, fc6, x, false));
            }
        }
        x = Activation.relu(fc7.forward(ps, new NDList(x), training).head());
        return new NDList(clsScore.forward(ps, new NDList(x), training).head(),
                bboxPred.forward(ps, new NDList(x), training).head());
    }

    /** A buffer of at least {@code rois · P²} rows of the pyramid's channels, reused while large enough. */
    private NDArray testPooled(int rois, NDArray level) {
        long rows = (long) rois * settings.poolSize * settings.poolSize;
        Shape shape = new Shape(rows, level.getShape().get(1));
        if (testPooled == null || testPooled.isReleased() || testPooled.getShape().get(0) < rows
                || testPooled.getShape().get(1) != shape.get(1) || testPooled.getDataType() != level.getDataType()) {
            if (testPooled != null && !testPooled.isReleased()) {
                testPooled.close();
            }
            NDManager owner = fc6.getParameters().get("weight").getArray().getManager();
            testPooled = owner.create(shape, level.getDataType());
            NDScope.unregister(testPooled); // a caller's scope would close it with its step
        }
        return testPooled;
    }

    @Override
    public Map<String, NDArray> losses(NDList outputs, NDList targets, Locations loc) {
        return losses(new ParameterStore(outputs.head().getManager(), false), outputs, targets, loc);
    }

    @Override
    public Map<String, NDArray> losses(ParameterStore ps, NDList outputs, NDList targets, Locations loc) {
        NDArray objectness = outputs.get(0);
        NDArray deltas = outputs.get(1);
        NDList pyramid = pyramid(outputs);
        int b = (int) objectness.getShape().get(0);
        int[] perLevel = new int[pyramid.size() + 1];
        float[] anchors = anchors(pyramid, perLevel);
        ImageTargets truth = ImageTargets.of(targets, b);
        Random rng = samplingRandom(objectness.getManager());
        Map<String, NDArray> losses = new LinkedHashMap<>(RegionProposals.losses(objectness, deltas, anchors, truth, settings, rng));
        float[][] proposals = RegionProposals.propose(objectness, deltas, anchors, perLevel, imageSizes(targets, b),
                settings.preNmsTrain, settings.postNmsTrain, settings.rpnNmsIou);

        // second stage: the ground truth joins the proposals; 512 sampled RoIs per image
        List<float[]> rois = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        List<float[]> regTargets = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < b; i++) {
            float[] gt = truth.boxes(i);
            int[] gc = truth.classes(i);
            float[] props = TwoStageBoxes.concat(proposals[i], gt);
            int[] match = matchWithoutLowQuality(props, gt, settings.roiForegroundIou);
            int[] pick = TwoStageBoxes.sample(match, settings.roisPerImage, settings.roiPositiveFraction, rng);
            int pos = pick[pick.length - 1];
            int n = pick.length - 1;
            float[] r = new float[5 * n];
            int[] lab = new int[n];
            float[] t = new float[4 * pos];
            for (int j = 0; j < n; j++) {
                r[5 * j] = i;
                System.arraycopy(props, 4 * pick[j], r, 5 * j + 1, 4);
                if (j < pos) {
                    lab[j] = gc[match[pick[j]]] + 1;
                    TwoStageBoxes.encode(props, pick[j], gt, match[pick[j]], ROI_WEIGHTS, t, j);
                }
            }
            rois.add(r);
            labels.add(Arrays.copyOf(lab, n));
            regTargets.add(t);
            total += n;
        }
        float[] allRois = new float[5 * total];
        int[] allLabels = new int[total];
        int o = 0;
        int positives = 0;
        for (int i = 0; i < b; i++) {
            System.arraycopy(rois.get(i), 0, allRois, 5 * o, rois.get(i).length);
            System.arraycopy(labels.get(i), 0, allLabels, o, labels.get(i).length);
            o += labels.get(i).length;
            positives += regTargets.get(i).length / 4;
        }
        NDManager m = objectness.getManager();
        NDList head = boxHead(ps, pyramid, allRois, true);
        int k1 = numClasses + 1;
        float[] oneHot = new float[total * k1];
        long[] posRows = new long[positives];
        float[] posTargets = new float[4 * positives];
        int p = 0;
        o = 0;
        for (int i = 0; i < b; i++) {
            int[] lab = labels.get(i);
            float[] t = regTargets.get(i);
            for (int j = 0; j < lab.length; j++) {
                oneHot[(o + j) * k1 + lab[j]] = 1;
                if (lab[j] > 0) {
                    posRows[p] = (long) (o + j) * k1 + lab[j];
                    System.arraycopy(t, 4 * j, posTargets, 4 * p, 4);
                    p++;
                }
            }
            o += lab.length;
        }
        NDArray ce = head.get(0).logSoftmax(1).mul(m.create(oneHot, new Shape(total, k1))).sum().neg();
        losses.put("loss_roi_cls", ce.div(GraphScalars.of(ce, Math.max(total, 1))));
        if (positives == 0) {
            losses.put("loss_roi_reg", head.get(1).sum().mul(GraphScalars.of(head.get(1), 0)));
        } else {
            NDArray pred = head.get(1).reshape(-1, 4).get(m.create(posRows));
            NDArray target = m.create(posTargets, new Shape(positives, 4));
            losses.put("loss_roi_reg", DetectionLosses.smoothL1(pred, target, 1f / 9).sum().div(GraphScalars.of(pred, Math.max(total, 1))));
        }
        return losses;
    }

    /**
     * The step's source for the anchor and RoI sampling: one draw from the engine's generator,
     * which the training loop seeds from (run seed, iteration) before every step, mixed with the
     * settings' seed. So the samples are a function of the run seed and the iteration, and a
     * resumed run draws what the uninterrupted one drew (a generator kept by the head would
     * restart from its first draw on resume, and would ignore the run seed).
     */
    private Random samplingRandom(NDManager manager) {
        try (NDArray draw = manager.randomInteger(0, Long.MAX_VALUE, new Shape(), DataType.INT64)) {
            return new SeededRandom(draw.getLong() + settings.seed * 0x9E3779B97F4A7C15L);
        }
    }

    /** IoU ≥ threshold: the best box; else {@link AnchorAssigner#NEGATIVE} (no ignore band, no low-quality matches). */
    static int[] matchWithoutLowQuality(float[] rois, float[] gt, float threshold) {
        int n = rois.length / 4;
        int g = gt.length / 4;
        int[] match = new int[n];
        Arrays.fill(match, AnchorAssigner.NEGATIVE);
        if (g == 0) {
            return match;
        }
        float[] iou = BoxIou.matrix(rois, gt);
        for (int a = 0; a < n; a++) {
            float best = -1;
            int arg = -1;
            for (int j = 0; j < g; j++) {
                if (iou[a * g + j] > best) {
                    best = iou[a * g + j];
                    arg = j;
                }
            }
            if (best >= threshold) {
                match[a] = arg;
            }
        }
        return match;
    }

    @Override
    public List<ImageDetections> decode(NDList outputs, NDList targets, Locations loc) {
        return decode(new ParameterStore(outputs.head().getManager(), false), outputs, targets, loc);
    }

    @Override
    public List<ImageDetections> decode(ParameterStore ps, NDList outputs, NDList targets, Locations loc) {
        NDList pyramid = pyramid(outputs);
        int b = (int) outputs.get(0).getShape().get(0);
        int[] perLevel = new int[pyramid.size() + 1];
        float[] anchors = anchors(pyramid, perLevel);
        float[][] sizes = imageSizes(targets, b);
        float[][] proposals = RegionProposals.propose(outputs.get(0), outputs.get(1), anchors, perLevel, sizes,
                settings.preNmsTest, settings.postNmsTest, settings.rpnNmsIou);
        int total = 0;
        for (float[] p : proposals) {
            total += p.length / 4;
        }
        float[] rois = new float[5 * total];
        int o = 0;
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < proposals[i].length / 4; j++) {
                rois[5 * o] = i;
                System.arraycopy(proposals[i], 4 * j, rois, 5 * o + 1, 4);
                o++;
            }
        }
        InferenceSettings nms = new InferenceSettings(settings.scoreThreshold, 0, settings.nmsIou, settings.detectionsPerImage);
        List<ImageDetections> out = new ArrayList<>();
        if (total == 0) {
            for (int i = 0; i < b; i++) {
                out.add(new DetectionCollector().finish(0, nms));
            }
            return out;
        }
        NDList head = boxHead(ps, pyramid, rois, false);
        int k1 = numClasses + 1;
        float[] prob = head.get(0).softmax(1).toFloatArray();
        float[] d = head.get(1).toFloatArray();
        float[] box = new float[4];
        o = 0;
        for (int i = 0; i < b; i++) {
            DetectionCollector c = new DetectionCollector();
            int n = proposals[i].length / 4;
            for (int j = 0; j < n; j++, o++) {
                for (int k = 1; k < k1; k++) {
                    float score = prob[o * k1 + k];
                    if (score <= settings.scoreThreshold) {
                        continue;
                    }
                    TwoStageBoxes.decode(proposals[i], j, d, o * k1 + k, ROI_WEIGHTS, box, 0);
                    TwoStageBoxes.clip(box, 0, sizes[i][1], sizes[i][0]);
                    if (box[2] - box[0] < 1e-2f || box[3] - box[1] < 1e-2f) {
                        continue;
                    }
                    c.add(box[0], box[1], box[2], box[3], score, k - 1);
                }
            }
            out.add(c.finish(0, nms));
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        long n = 0;
        long h = 0;
        long w = 0;
        for (Shape s : inputShapes) {
            h = s.get(2);
            w = s.get(3);
            n += h * w * ANCHORS;
        }
        n += ((h + 1) / 2) * ((w + 1) / 2) * ANCHORS;
        Shape[] out = new Shape[inputShapes.length + 2];
        out[0] = new Shape(b, n);
        out[1] = new Shape(b, n, 4);
        System.arraycopy(inputShapes, 0, out, 2, inputShapes.length);
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        rpnConv.initialize(manager, dataType, in);
        rpnCls.initialize(manager, dataType, in);
        rpnBox.initialize(manager, dataType, in);
        long flat = (long) channels * settings.poolSize * settings.poolSize;
        fc6.initialize(manager, dataType, new Shape(1, flat));
        fc7.initialize(manager, dataType, new Shape(1, settings.fcWidth));
        clsScore.initialize(manager, dataType, new Shape(1, settings.fcWidth));
        bboxPred.initialize(manager, dataType, new Shape(1, settings.fcWidth));
    }

    /** Counts the RPN on P2–P6 and the box head on the test-time proposals of one image. */
    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape[] levels = Arrays.copyOf(inputs, inputs.length + 1);
        Shape top = inputs[inputs.length - 1];
        levels[inputs.length] = new Shape(top.get(0), top.get(1), (top.get(2) + 1) / 2, (top.get(3) + 1) / 2);
        for (Shape s : levels) {
            Shape[] t = counter.visit("rpn_conv", rpnConv, s);
            counter.addActivation(t[0].size());
            counter.visit("rpn_cls", rpnCls, t);
            counter.visit("rpn_bbox", rpnBox, t);
        }
        long r = settings.postNmsTest;
        Shape x = counter.visit("fc6", fc6, new Shape(r, (long) channels * settings.poolSize * settings.poolSize))[0];
        counter.addActivation(x.size());
        x = counter.visit("fc7", fc7, x)[0];
        counter.addActivation(x.size());
        counter.visit("cls_score", clsScore, x);
        counter.visit("bbox_pred", bboxPred, x);
        return getOutputShapes(inputs);
    }
}
