package org.nas4det.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import org.nas4det.core.data.transform.PadToMultiple;

/**
 * Stacks CHW images of different sizes into one {@code (B, C, H, W)} tensor, padding bottom and
 * right with zeros to the largest height and width, rounded up to a multiple (32 by default).
 *
 * <pre>{@code DetectionDataset.builder().optDataBatchifier(new ImageBatchifier(32))}</pre>
 */
public final class ImageBatchifier implements Batchifier {

    private static final long serialVersionUID = 1L;

    private final int multiple;

    /**
     * Creates the batchifier.
     *
     * @param multiple padded sides are multiples of this
     */
    public ImageBatchifier(int multiple) {
        this.multiple = multiple;
    }

    @Override
    public NDList batchify(NDList[] inputs) {
        int maxH = 0;
        int maxW = 0;
        for (NDList in : inputs) {
            Shape s = in.get(0).getShape();
            maxH = Math.max(maxH, (int) s.get(1));
            maxW = Math.max(maxW, (int) s.get(2));
        }
        int h = PadToMultiple.roundUp(maxH, multiple);
        int w = PadToMultiple.roundUp(maxW, multiple);
        NDArray[] padded = new NDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            NDArray img = inputs[i].get(0);
            Shape s = img.getShape();
            if (s.get(1) == h && s.get(2) == w) {
                padded[i] = img;
            } else {
                NDArray p = img.getManager().zeros(new Shape(s.get(0), h, w), img.getDataType());
                p.set(new NDIndex(":, :{}, :{}", s.get(1), s.get(2)), img);
                padded[i] = p;
            }
        }
        return new NDList(NDArrays.stack(new NDList(padded)));
    }

    @Override
    public NDList[] unbatchify(NDList inputs) {
        NDList split = inputs.get(0).split(inputs.get(0).getShape().get(0));
        NDList[] out = new NDList[split.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new NDList(split.get(i).squeeze(0));
        }
        return out;
    }
}
