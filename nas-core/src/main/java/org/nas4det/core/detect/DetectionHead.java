package org.nas4det.core.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
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

    /**
     * Computes the training losses of a batch with the parameter store at hand: a head with a
     * second stage ({@link FasterRcnnHead}) runs its blocks in here; dense heads ignore it.
     *
     * @param ps the parameter store of the step
     * @param outputs the head's forward outputs (training mode)
     * @param targets batched targets
     * @param locations the pyramid's locations
     * @return named losses
     */
    default Map<String, NDArray> losses(ParameterStore ps, NDList outputs, NDList targets, Locations locations) {
        return losses(outputs, targets, locations);
    }

    /**
     * Decodes a batch's outputs with the parameter store at hand (see
     * {@link #losses(ParameterStore, NDList, NDList, Locations)}).
     *
     * @param ps the parameter store
     * @param outputs the head's forward outputs (inference mode)
     * @param targets batched targets (only the image info is read)
     * @param locations the pyramid's locations
     * @return one result per image
     */
    default List<ImageDetections> decode(ParameterStore ps, NDList outputs, NDList targets, Locations locations) {
        return decode(outputs, targets, locations);
    }
}
