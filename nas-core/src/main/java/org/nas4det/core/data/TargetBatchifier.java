package org.nas4det.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;

/**
 * Batches detection labels in the {@link DetectionTargets} layout: boxes and classes padded to
 * the largest box count (classes padded with -1), info and image ids stacked. Unbatching trims
 * the padding again.
 *
 * <pre>{@code DetectionDataset.builder().optLabelBatchifier(new TargetBatchifier())}</pre>
 */
public final class TargetBatchifier implements Batchifier {

    private static final long serialVersionUID = 1L;

    @Override
    public NDList batchify(NDList[] inputs) {
        int maxN = 1;
        for (NDList in : inputs) {
            maxN = Math.max(maxN, (int) in.get(DetectionTargets.CLASSES).getShape().get(0));
        }
        NDArray[] boxes = new NDArray[inputs.length];
        NDArray[] classes = new NDArray[inputs.length];
        NDArray[] info = new NDArray[inputs.length];
        NDArray[] ids = new NDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            NDList in = inputs[i];
            NDManager m = in.get(0).getManager();
            int n = (int) in.get(DetectionTargets.CLASSES).getShape().get(0);
            NDArray b = m.zeros(new Shape(maxN, 4), DataType.FLOAT32);
            NDArray c = m.full(new Shape(maxN), -1, DataType.INT32);
            if (n > 0) {
                b.set(new NDIndex(":{}, :", n), in.get(DetectionTargets.BOXES));
                c.set(new NDIndex(":{}", n), in.get(DetectionTargets.CLASSES));
            }
            boxes[i] = b;
            classes[i] = c;
            info[i] = in.get(DetectionTargets.INFO);
            ids[i] = in.get(DetectionTargets.IMAGE_ID).reshape(1);
        }
        return new NDList(
                NDArrays.stack(new NDList(boxes)),
                NDArrays.stack(new NDList(classes)),
                NDArrays.stack(new NDList(info)),
                NDArrays.concat(new NDList(ids)));
    }

    @Override
    public NDList[] unbatchify(NDList inputs) {
        int b = (int) inputs.get(DetectionTargets.CLASSES).getShape().get(0);
        NDList[] out = new NDList[b];
        int[] all = inputs.get(DetectionTargets.CLASSES).toIntArray();
        int maxN = all.length / b;
        for (int i = 0; i < b; i++) {
            int n = 0;
            while (n < maxN && all[i * maxN + n] >= 0) {
                n++;
            }
            NDArray boxes = inputs.get(DetectionTargets.BOXES).get(new NDIndex("{}, :{}, :", i, n));
            NDArray cls = inputs.get(DetectionTargets.CLASSES).get(new NDIndex("{}, :{}", i, n));
            out[i] = new NDList(
                    boxes,
                    cls,
                    inputs.get(DetectionTargets.INFO).get(i),
                    inputs.get(DetectionTargets.IMAGE_ID).get(new NDIndex("{}:{}", i, i + 1)));
        }
        return out;
    }
}
