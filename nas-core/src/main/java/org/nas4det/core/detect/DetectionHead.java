package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Map;
import org.nas4det.core.eval.ImageDetections;

/**
 * A dense detection head on a feature pyramid: its forward maps the pyramid levels to raw
 * outputs; it computes its own losses against batched targets and decodes its outputs into
 * detections. FCOS and RetinaNet implement it.
 *
 * <pre>{@code Map<String, NDArray> l = head.losses(outputs, targets, locations);}</pre>
 */
public interface DetectionHead extends Block {

    /** @return the number of classes predicted */
    int numClasses();

    /**
     * Computes the training losses of a batch.
     *
     * @param outputs the head's forward outputs (training mode)
     * @param targets batched targets in the {@link org.nas4det.core.data.DetectionTargets} layout
     * @param locations the pyramid's locations
     * @return named losses (scalars) whose sum is the training objective
     */
    Map<String, NDArray> losses(NDList outputs, NDList targets, Locations locations);

    /**
     * Decodes a batch's outputs into detections in network-input pixels, clipped to each image's
     * content and after class-wise NMS.
     *
     * @param outputs the head's forward outputs (inference mode)
     * @param targets batched targets (only the image info is read)
     * @param locations the pyramid's locations
     * @return one result per image
     */
    List<ImageDetections> decode(NDList outputs, NDList targets, Locations locations);
}
