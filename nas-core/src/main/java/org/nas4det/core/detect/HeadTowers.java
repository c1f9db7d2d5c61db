package org.nas4det.core.detect;

import ai.djl.nn.Block;

/**
 * The feature part of a dense detection head, shared across pyramid levels: it maps one level's
 * feature map {@code NDList[x]} to {@code NDList[clsFeature, regFeature]}. FCOS's four conv-GN-ReLU
 * towers are one implementation; a searched head (FAD) is another.
 *
 * <pre>{@code HeadTowers t = ConvTowers.fcos(256, 4); FcosHead head = new FcosHead(t, 80, strides);}</pre>
 */
public interface HeadTowers extends Block {

    /** @return channels of both output features */
    int outChannels();
}
