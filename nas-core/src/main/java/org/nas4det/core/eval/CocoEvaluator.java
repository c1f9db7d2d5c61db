package org.nas4det.core.eval;

import java.util.Arrays;

/**
 * COCO bbox evaluation with exactly the reference evaluator's semantics (pycocotools
 * {@code COCOeval}, iouType bbox, default parameters): IoU thresholds 0.50:0.05:0.95, area
 * ranges all / small / medium / large by the annotation's {@code area}, maxDets 1/10/100, crowd
 * regions matched with the detection's area as IoU denominator and never counted as false
 * positives, stable score sorts, 101-point interpolated precision with the monotone envelope,
 * per category then mean, -1 where undefined.
 *
 * <pre>{@code CocoMetrics m = CocoEvaluator.evaluate(gt, dt); double ap = m.stat("AP");}</pre>
 *
 * <p>Everything runs on primitive arrays: no object per detection, no NDArray.
 */
public final class CocoEvaluator {

    /** IoU thresholds, computed as numpy's {@code linspace(.5, .95, 10)}. */
    static final double[] IOU_THRS = linspace(0.5, 0.95, 10);
    /** Recall thresholds, numpy's {@code linspace(0, 1, 101)}. */
    static final double[] REC_THRS = linspace(0.0, 1.0, 101);
    /** Detections kept per image and category for each recall figure. */
    static final int[] MAX_DETS = {1, 10, 100};
    /** Area ranges all, small, medium, large (squared pixels). */
    static final double[][] AREA_RANGES = {
        {0, 1e10}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e10}
    };

    private static final double EPS = Math.ulp(1.0); // numpy's spacing(1)

    private CocoEvaluator() {}

    /**
     * Evaluates detections against ground truth.
     *
     * @param gt the ground truth (its images and categories are the ones evaluated)
     * @param dt the detections; detections of a category the ground truth lacks are ignored
     * @return the metrics
     * @throws IllegalArgumentException when a detection names an image not in the ground truth
     *     or has a non-finite score or box
     */
    public static CocoMetrics evaluate(BoxGroundTruth gt, BoxDetections dt) {
        int numImages = gt.imageIds().length;
        int numCats = gt.categoryIds().length;
        int numT = IOU_THRS.length;
        int numR = REC_THRS.length;
        int numA = AREA_RANGES.length;
        int numM = MAX_DETS.length;
        int maxDet = MAX_DETS[numM - 1];

        Groups g = groupGroundTruth(gt, numImages, numCats);
        Groups d = groupDetections(gt, dt, numImages, numCats);

        double[] precision = new double[numT * numR * numCats * numA * numM];
        double[] recall = new double[numT * numCats * numA * numM];
        Arrays.fill(precision, -1);
        Arrays.fill(recall, -1);

        double[] gtBox = gt.boxes();
        double[] gtArea = gt.area();
        boolean[] gtCrowd = gt.crowd();
        long[] gtId = gt.annId();
        double[] dtBox = dt.boxArray();
        double[] dtScore = dt.scoreArray();
        int[] sortTmp = new int[Math.max(1, dt.size())];

        for (int k = 0; k < numCats; k++) {
            int capacity = d.start[(k + 1) * numImages] - d.start[k * numImages];
            double[] eScore = new double[capacity];
            int[] eRank = new int[capacity];
            boolean[][][] eTp = new boolean[numA][numT][capacity];
            boolean[][][] eIgnore = new boolean[numA][numT][capacity];
            int[] npig = new int[numA];
            boolean anyImage = false;
            int entries = 0;

            for (int i = 0; i < numImages; i++) {
                int key = k * numImages + i;
                int gFrom = g.start[key];
                int numG = g.start[key + 1] - gFrom;
                int dFrom = d.start[key];
                int numD0 = d.start[key + 1] - dFrom;
                if (numG == 0 && numD0 == 0) {
                    continue;
                }
                anyImage = true;
                int[] dets = Arrays.copyOfRange(d.members, dFrom, dFrom + numD0);
                StableSort.byScoreDescending(dets, 0, numD0, dtScore, sortTmp);
                int numD = Math.min(numD0, maxDet);
                int[] gts = Arrays.copyOfRange(g.members, gFrom, gFrom + numG);
                double[] ious = ious(dets, numD, gts, dtBox, gtBox, gtCrowd);

                for (int a = 0; a < numA; a++) {
                    double lo = AREA_RANGES[a][0];
                    double hi = AREA_RANGES[a][1];
                    // Ground truth sorted so that non-ignored comes first (stable).
                    int[] order = new int[numG];
                    boolean[] gIg = new boolean[numG];
                    int n = 0;
                    for (int pass = 0; pass < 2; pass++) {
                        for (int x = 0; x < numG; x++) {
                            boolean ig = ignored(gts[x], gtCrowd, gtArea, lo, hi);
                            if (ig == (pass == 1)) {
                                gIg[n] = ig;
                                order[n++] = x;
                            }
                        }
                    }
                    for (int z = 0; z < numG; z++) {
                        if (!gIg[z]) {
                            npig[a]++;
                        }
                    }
                    for (int t = 0; t < numT; t++) {
                        boolean[] gtMatched = new boolean[numG];
                        for (int y = 0; y < numD; y++) {
                            double iou = Math.min(IOU_THRS[t], 1 - 1e-10);
                            int m = -1;
                            for (int z = 0; z < numG; z++) {
                                if (gtMatched[z] && !gtCrowd[gts[order[z]]]) {
                                    continue;
                                }
                                if (m > -1 && !gIg[m] && gIg[z]) {
                                    break;
                                }
                                double v = ious[y * numG + order[z]];
                                if (v < iou) {
                                    continue;
                                }
                                iou = v;
                                m = z;
                            }
                            if (m > -1) {
                                gtMatched[m] = true;
                            }
                            // The reference stores the matched gt's id and tests it for non-zero:
                            // a gt with id 0 never counts as a match.
                            boolean matched = m > -1 && gtId[gts[order[m]]] != 0;
                            double area = dtBox[4 * dets[y] + 2] * dtBox[4 * dets[y] + 3];
                            boolean outside = area < lo || area > hi;
                            eTp[a][t][entries + y] = matched;
                            eIgnore[a][t][entries + y] =
                                    (m > -1 && gIg[m]) || (!matched && outside);
                        }
                    }
                }
                for (int y = 0; y < numD; y++) {
                    eScore[entries + y] = dtScore[dets[y]];
                    eRank[entries + y] = y;
                }
                entries += numD;
            }
            if (!anyImage) {
                continue;
            }
            accumulate(k, numCats, entries, eScore, eRank, eTp, eIgnore, npig, precision, recall);
        }
        return new CocoMetrics(gt.categoryIds(), precision, recall, IOU_THRS, numR);
    }

    private static boolean ignored(int ann, boolean[] crowd, double[] area, double lo, double hi) {
        return crowd[ann] || area[ann] < lo || area[ann] > hi;
    }

    private static void accumulate(
            int k,
            int numCats,
            int entries,
            double[] eScore,
            int[] eRank,
            boolean[][][] eTp,
            boolean[][][] eIgnore,
            int[] npig,
            double[] precision,
            double[] recall) {
        int numT = IOU_THRS.length;
        int numR = REC_THRS.length;
        int numA = AREA_RANGES.length;
        int numM = MAX_DETS.length;
        int[] sel = new int[entries];
        int[] tmp = new int[Math.max(1, entries)];
        double[] rc = new double[entries];
        double[] pr = new double[entries];
        for (int a = 0; a < numA; a++) {
            if (npig[a] == 0) {
                continue;
            }
            for (int m = 0; m < numM; m++) {
                int nd = 0;
                for (int e = 0; e < entries; e++) {
                    if (eRank[e] < MAX_DETS[m]) {
                        sel[nd++] = e;
                    }
                }
                StableSort.byScoreDescending(sel, 0, nd, eScore, tmp);
                for (int t = 0; t < numT; t++) {
                    double tp = 0;
                    double fp = 0;
                    boolean[] isTp = eTp[a][t];
                    boolean[] isIg = eIgnore[a][t];
                    for (int j = 0; j < nd; j++) {
                        int e = sel[j];
                        if (!isIg[e]) {
                            if (isTp[e]) {
                                tp++;
                            } else {
                                fp++;
                            }
                        }
                        rc[j] = tp / npig[a];
                        pr[j] = tp / (fp + tp + EPS);
                    }
                    recall[((t * numCats + k) * numA + a) * numM + m] = nd > 0 ? rc[nd - 1] : 0;
                    for (int j = nd - 1; j > 0; j--) {
                        if (pr[j] > pr[j - 1]) {
                            pr[j - 1] = pr[j];
                        }
                    }
                    int p = 0;
                    for (int r = 0; r < numR; r++) {
                        while (p < nd && rc[p] < REC_THRS[r]) {
                            p++;
                        }
                        precision[(((t * numR + r) * numCats + k) * numA + a) * numM + m] =
                                p < nd ? pr[p] : 0;
                    }
                }
            }
        }
    }

    /** IoU of each kept detection with each gt, in gt file order, as maskApi's bbIou. */
    private static double[] ious(
            int[] dets, int numD, int[] gts, double[] dtBox, double[] gtBox, boolean[] crowd) {
        int numG = gts.length;
        double[] o = new double[numD * numG];
        for (int gx = 0; gx < numG; gx++) {
            int gb = 4 * gts[gx];
            double gX = gtBox[gb];
            double gY = gtBox[gb + 1];
            double gW = gtBox[gb + 2];
            double gH = gtBox[gb + 3];
            double ga = gW * gH;
            boolean isCrowd = crowd[gts[gx]];
            for (int y = 0; y < numD; y++) {
                int db = 4 * dets[y];
                double dX = dtBox[db];
                double dY = dtBox[db + 1];
                double dW = dtBox[db + 2];
                double dH = dtBox[db + 3];
                double da = dW * dH;
                double w = Math.min(dW + dX, gW + gX) - Math.max(dX, gX);
                if (w <= 0) {
                    continue;
                }
                double h = Math.min(dH + dY, gH + gY) - Math.max(dY, gY);
                if (h <= 0) {
                    continue;
                }
                double inter = w * h;
                double union = isCrowd ? da : da + ga - inter;
                o[y * numG + gx] = inter / union;
            }
        }
        return o;
    }

    /** Members of each (category, image) cell in file order: a counting sort by cell. */
    private static final class Groups {
        final int[] start;
        final int[] members;

        Groups(int[] start, int[] members) {
            this.start = start;
            this.members = members;
        }
    }

    private static Groups group(int[] cell, int cells) {
        int[] start = new int[cells + 1];
        int kept = 0;
        for (int c : cell) {
            if (c >= 0) {
                start[c + 1]++;
                kept++;
            }
        }
        for (int c = 0; c < cells; c++) {
            start[c + 1] += start[c];
        }
        int[] fill = Arrays.copyOf(start, cells);
        int[] members = new int[kept];
        for (int x = 0; x < cell.length; x++) {
            if (cell[x] >= 0) {
                members[fill[cell[x]]++] = x;
            }
        }
        return new Groups(start, members);
    }

    private static Groups groupGroundTruth(BoxGroundTruth gt, int numImages, int numCats) {
        long[] img = gt.annImage();
        long[] cat = gt.annCategory();
        int[] cell = new int[img.length];
        for (int x = 0; x < img.length; x++) {
            int i = gt.imageIndex(img[x]);
            int k = gt.categoryIndex(cat[x]);
            cell[x] = i < 0 || k < 0 ? -1 : k * numImages + i;
        }
        return group(cell, numCats * numImages);
    }

    private static Groups groupDetections(
            BoxGroundTruth gt, BoxDetections dt, int numImages, int numCats) {
        int[] cell = new int[dt.size()];
        long[] img = dt.imageArray();
        long[] cat = dt.categoryArray();
        double[] box = dt.boxArray();
        double[] score = dt.scoreArray();
        for (int x = 0; x < cell.length; x++) {
            int i = gt.imageIndex(img[x]);
            if (i < 0) {
                throw new IllegalArgumentException(
                        "detection " + x + " is for image " + img[x]
                                + ", which the ground truth does not have");
            }
            if (!Double.isFinite(score[x])
                    || !Double.isFinite(box[4 * x])
                    || !Double.isFinite(box[4 * x + 1])
                    || !Double.isFinite(box[4 * x + 2])
                    || !Double.isFinite(box[4 * x + 3])) {
                throw new IllegalArgumentException(
                        "detection " + x + " has a non-finite score or box");
            }
            int k = gt.categoryIndex(cat[x]);
            cell[x] = k < 0 ? -1 : k * numImages + i;
        }
        return group(cell, numCats * numImages);
    }

    private static double[] linspace(double start, double stop, int num) {
        double step = (stop - start) / (num - 1);
        double[] y = new double[num];
        for (int i = 0; i < num; i++) {
            y[i] = i * step + start;
        }
        y[num - 1] = stop;
        return y;
    }
}
