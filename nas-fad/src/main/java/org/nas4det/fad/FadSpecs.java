package org.nas4det.fad;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.cost.CostModel;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.detect.FcosHead;
import org.nas4det.core.detect.HeadTowers;
import org.nas4det.fad.genotype.FadGenotypes;
import org.nas4det.fad.ops.OpSpace;
import org.nas4det.fad.search.SearchHead;

/**
 * FAD heads in detector specs and their cost: the {@code "fad"} towers type (a derived head:
 * genotype, width, cells, rate3) and {@code "fad_search"} (the search supernet head), which
 * {@link FadTowersProvider} and {@link FadSearchTowersProvider} build for {@link DetectorSpec},
 * and the head cost on a 5-level pyramid.
 *
 * <pre>{@code spec.add("towers", FadSpecs.towersSpec(g, 96, 2, false)); Cost c = FadSpecs.headCost(head, 256, 80, null);}</pre>
 */
public final class FadSpecs {

    private FadSpecs() {}

    /**
     * The detector-spec JSON of a derived head.
     *
     * @param g the genotypes
     * @param width the op width C
     * @param cells cells per subnet
     * @param rate3 the op space
     * @return {@code {"type": "fad", "genotype": .., "width": .., "cells": .., "rate3": ..}}
     */
    public static JsonObject towersSpec(FadGenotypes g, int width, int cells, boolean rate3) {
        JsonObject t = new JsonObject();
        t.addProperty("type", "fad");
        t.addProperty("genotype", g.encode());
        t.addProperty("width", width);
        t.addProperty("cells", cells);
        t.addProperty("rate3", rate3);
        return t;
    }

    /**
     * The cost of a head (towers, predictors, scales) on a 5-level pyramid.
     *
     * @param towers the towers
     * @param channels the FPN width
     * @param classes classes
     * @param input the image ([N×]C×H×W), or null for one location per level
     * @return the cost
     */
    public static Cost headCost(HeadTowers towers, int channels, int classes, Shape input) {
        Shape[] levels = new Shape[5];
        for (int l = 0; l < 5; l++) {
            int d = input == null ? 0 : input.dimension();
            long h = input == null ? 1 : (long) Math.ceil(input.get(d - 2) / (double) (8 << l));
            long w = input == null ? 1 : (long) Math.ceil(input.get(d - 1) / (double) (8 << l));
            levels[l] = new Shape(1, channels, h, w);
        }
        return CostModel.count(new FcosHead(towers, classes, 5), levels);
    }

}
