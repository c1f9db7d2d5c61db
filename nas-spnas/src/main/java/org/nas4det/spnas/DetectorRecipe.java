package org.nas4det.spnas;

import com.google.gson.JsonObject;
import java.io.Serializable;
import org.nas4det.core.detect.DetectorSpec;

/**
 * How an SP-NAS architecture becomes a detector: the head by name (one of
 * {@link DetectorSpec#HEADS}: {@code fcos}, {@code retinanet}, {@code gfl}, or the reference's
 * {@code faster_rcnn}), FPN and head widths, the backbone width and the image size. For the
 * one-stage heads the FPN reads stages 1..L-1 of an L-stage code, so the pyramid has L+1 levels
 * (two extra on top), strides 8 .. 2^(L+3); for Faster R-CNN it reads every stage (C2..C(L+1),
 * strides 4 .. 2^(L+1)) and the RPN adds one max-pooled level, as the reference sizes its anchors
 * (2^2 .. 2^(L+2)) from the stage count.
 *
 * <pre>{@code DetectorSpec s = new DetectorRecipe("fcos", 64, false, 256, 4, 512).spec(arch);}</pre>
 *
 * @param head head name
 * @param width backbone stem width
 * @param sharedCopies whether parallel copies share weights
 * @param channels FPN and head width
 * @param towerDepth convs per head tower
 * @param inputSize training and evaluation image size
 */
public record DetectorRecipe(String head, int width, boolean sharedCopies, int channels, int towerDepth, int inputSize)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The backbone type name in {@link DetectorSpec} ({@link SpNasBackboneProvider}). */
    public static final String TYPE = "spnas";
    /** The reference detector's head (section 1.3). */
    public static final String FASTER_RCNN = "faster_rcnn";

    /**
     * @param arch an architecture
     * @return the backbone JSON {@code {"type": "spnas", "arch": .., "width": .., "shared_copies": ..}}, with
     *     {@code "first_level": 2} for Faster R-CNN
     */
    public JsonObject backboneJson(SpNasArch arch) {
        JsonObject b = new JsonObject();
        b.addProperty("type", TYPE);
        b.addProperty("arch", arch.encode());
        b.addProperty("width", width);
        b.addProperty("shared_copies", sharedCopies);
        if (head.equals(FASTER_RCNN)) {
            b.addProperty("first_level", 2);
        }
        return b;
    }

    /**
     * @param arch an architecture
     * @return the detector spec
     */
    public DetectorSpec spec(SpNasArch arch) {
        JsonObject j = new JsonObject();
        j.addProperty("head", head);
        j.add("backbone", backboneJson(arch));
        j.addProperty("channels", channels);
        j.addProperty("tower_depth", towerDepth);
        j.addProperty("input_size", inputSize);
        return DetectorSpec.of(j);
    }

    /** @return a text naming every field, for run fingerprints */
    public String describe() {
        return "head=" + head + ", width=" + width + ", shared_copies=" + sharedCopies + ", channels=" + channels
                + ", tower_depth=" + towerDepth + ", input_size=" + inputSize;
    }
}
