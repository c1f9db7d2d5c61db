package org.nas4det.maedet;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.nn.ConvBnAct;
import org.nas4det.core.nn.Pool2d;
import org.nas4det.core.nn.resnet.ResidualUnit;

/**
 * The units TinyNAS expands its residual blocks into, as core {@link ResidualUnit}s. K1KXK1: main
 * 1×1 → k×k (stride) → 1×1 (no ReLU); the shortcut average-pools (2, 2) on stride 2, then projects
 * 1×1 + BN when the channels change or on the block's first unit. KXKX: main k×k → k×k (stride, no
 * ReLU); projection only when the channels change ({@link MaeDetBlock#unitProjects} says when).
 *
 * <pre>{@code Block u = TinyNasUnits.k1kxk1(48, 32, 5, 2, true);}</pre>
 */
final class TinyNasUnits {

    private TinyNasUnits() {}

    /** Every unit runs inside {@link MaeDetBackbone}, whose input is made channels-last. */
    private static ConvBnAct.Builder conv() {
        return ConvBnAct.builder().optChannelsLastInput(true);
    }

    static ResidualUnit k1kxk1(int out, int btn, int k, int stride, boolean project) {
        List<Block> main = List.of(
                conv().setChannels(btn).setKernel(1).build(),
                conv().setChannels(btn).setKernel(k).optStride(stride).build(),
                conv().setChannels(out).setKernel(1).optActivation(null).build());
        return ResidualUnit.of(main, shortcut(stride, project, out), out);
    }

    static ResidualUnit kxkx(int out, int btn, int k, int stride, boolean project) {
        List<Block> main = List.of(
                conv().setChannels(btn).setKernel(k).build(),
                conv().setChannels(out).setKernel(k).optStride(stride).optActivation(null).build());
        return ResidualUnit.of(main, shortcut(stride, project, out), out);
    }

    private static List<Block> shortcut(int stride, boolean project, int out) {
        List<Block> s = new ArrayList<>();
        if (stride == 2) {
            s.add(Pool2d.avg(2, 2, 0));
        }
        if (project) {
            s.add(conv().setChannels(out).setKernel(1).optActivation(null).build());
        }
        return s;
    }
}
