package org.nas4det.spnas;

import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.nn.ConvBnAct;
import org.nas4det.core.nn.resnet.ResidualUnit;

/**
 * One residual block of an SP-NAS backbone with handles on the convolutions the morphisms touch:
 * the main-branch conv-BN pairs (the last one is zeroed for an identity block) and the projection
 * shortcut (absent for an identity shortcut).
 */
final class SpUnit {

    final ResidualUnit block;
    final List<ConvBnAct> main;
    final ConvBnAct shortcut;
    final int inChannels;
    final int outChannels;
    final int stride;

    private SpUnit(ResidualUnit block, List<ConvBnAct> main, ConvBnAct shortcut, int in, int out, int stride) {
        this.block = block;
        this.main = main;
        this.shortcut = shortcut;
        this.inChannels = in;
        this.outChannels = out;
        this.stride = stride;
    }

    /**
     * Builds a block: basic = 3x3 (stride) + 3x3; bottleneck / ResNeXt = 1x1 + 3x3 (stride, groups)
     * + 1x1 to {@code planes * expansion}; a 1x1 conv + BN shortcut when the stride or the width
     * changes (torchvision's layout, no conv bias).
     */
    static SpUnit create(BlockType type, int in, int planes, int stride) {
        List<ConvBnAct> main = new ArrayList<>();
        int out = planes * type.expansion();
        if (type.kind() == BlockType.Kind.BASIC) {
            main.add(ConvBnAct.builder().setChannels(planes).setKernel(3).optStride(stride).build());
            main.add(ConvBnAct.builder().setChannels(planes).setKernel(3).optActivation(null).build());
        } else {
            int inner = type.innerWidth(planes);
            if (inner < 1) {
                throw new IllegalArgumentException(type + " blocks need wider planes than " + planes + ": the inner width rounds to 0");
            }
            main.add(ConvBnAct.builder().setChannels(inner).setKernel(1).build());
            main.add(ConvBnAct.builder().setChannels(inner).setKernel(3).optStride(stride).optGroups(type.groups()).build());
            main.add(ConvBnAct.builder().setChannels(out).setKernel(1).optActivation(null).build());
        }
        ConvBnAct sc = stride != 1 || in != out
                ? ConvBnAct.builder().setChannels(out).setKernel(1).optStride(stride).optActivation(null).build() : null;
        ResidualUnit u = ResidualUnit.of(main, sc == null ? List.of() : List.of(sc), out);
        return new SpUnit(u, main, sc, in, out, stride);
    }

    /** @return the BN that closes the residual branch */
    ConvBnAct last() {
        return main.get(main.size() - 1);
    }
}
