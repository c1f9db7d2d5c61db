package org.nas4det.examples.cli;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.cost.CostModel;
import org.nas4det.core.detect.ConvTowers;
import org.nas4det.core.detect.HeadTowers;
import org.nas4det.fad.Fad;
import org.nas4det.fad.FadSpecs;
import org.nas4det.fad.genotype.FadGenotypes;
import org.nas4det.fad.head.FadHead;
import org.nas4det.fad.ops.OpSpace;
import org.nas4det.fad.search.SearchHead;

/**
 * {@code nas profile --space fad}: the head's cost (towers or searched cells, reduce convs,
 * predictors, scales) over P3–P7: MACs per location (of any one level) unless {@code --input}
 * is given. {@code --arch fcos} is the baseline FCOS head, {@code --arch search} the search
 * supernet head, anything else a genotype file (box line, cls line).
 */
final class FadProfile {

    private FadProfile() {}

    static JsonObject profile(String arch, int fpn, int width, Integer cells, int classes, boolean rate3, Shape input) {
        if (classes <= 0) {
            throw new IllegalArgumentException("--classes must be > 0, got " + classes);
        }
        if (width < 1 || width % Math.min(32, width) != 0) {
            throw new IllegalArgumentException("--channels must be >= 1 and a multiple of 32 above 32, got " + width);
        }
        if (cells != null && cells < 1) {
            throw new IllegalArgumentException("--cells must be >= 1, got " + cells);
        }
        HeadTowers towers;
        JsonObject extra = new JsonObject();
        if (arch.equals("fcos")) {
            towers = ConvTowers.fcos(fpn, 4);
        } else if (arch.equals("search")) {
            SearchHead s = new SearchHead(OpSpace.of(rate3), fpn, width, cells == null ? 1 : cells, 3);
            towers = s;
            extra.addProperty("alphas", s.alphaCount());
        } else {
            FadHead h = Fad.standalone(FadGenotypes.read(Path.of(arch)), fpn, width, cells == null ? 2 : cells, rate3);
            towers = h;
            Shape l = new Shape(1, fpn, 1, 1);
            extra.addProperty("box_subnet", CostModel.count(h.boxSubnet(), l, l).params());
            extra.addProperty("cls_subnet", CostModel.count(h.clsSubnet(), l, l).params());
        }
        Cost c = FadSpecs.headCost(towers, fpn, classes, input);
        JsonObject o = c.toJson();
        if (input == null) {
            // One location on each of the 5 levels: the head is shared, so one location costs a fifth.
            for (String k : new String[] {"conv_macs", "bn_elements", "act_elements", "thop_flops", "mmcv_flops"}) {
                if (o.has(k)) {
                    o.addProperty(k, o.get(k).getAsLong() / 5);
                }
            }
            o.addProperty("per_location", true);
        } else {
            com.google.gson.JsonArray image = new com.google.gson.JsonArray();
            for (int i = input.dimension() - 3; i < input.dimension(); i++) {
                image.add(input.get(i));
            }
            o.add("input", image);
        }
        extra.entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
        return o;
    }
}
