package org.example.consumer;

import org.nas4det.core.Constraints;
import org.nas4det.maedet.MaeDet;
import org.nas4det.maedet.MaeDetEvolution;
import org.nas4det.maedet.MaeDetResult;

/** A user's program: a short MAE-DET search under a 1 GMAC budget at 224 px, through the public API only. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        MaeDetResult r = MaeDet.builder()
                .optConstraints(Constraints.builder().optMaxMacs(1e9).optMaxLayers(40).optInput(3, 224, 224).build())
                .optEvolution(MaeDetEvolution.builder().optPopulation(16).optChildren(64).build())
                .optSeed(0)
                .build()
                .run();
        System.out.printf("best score %.2f at %,d conv MACs: %s%n", r.bestCandidate().evaluation().metric("score"),
                r.cost().convMacs(), r.best().encode());
    }
}
