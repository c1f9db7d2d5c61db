package org.nas4det.core.nn;

import ai.djl.nn.Block;
import java.util.List;

/**
 * A block that returns feature maps with known channels and strides, one per level, finest
 * first. Every searched backbone implements it, so it plugs into every neck and head.
 *
 * <pre>{@code Backbone b = ResNets.body(18); List<Integer> c = b.outputChannels(); // [64, 128, 256, 512]}</pre>
 */
public interface Backbone extends Block {

    /** @return channels of each returned feature map, finest first */
    List<Integer> outputChannels();

    /** @return stride of each returned feature map relative to the input, finest first */
    List<Integer> outputStrides();
}
