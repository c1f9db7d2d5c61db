package org.nas4det.spnas;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nas4det.core.detect.Detector;

/**
 * Function preservation of the morphisms on random codes: max abs difference <= 1e-4 on every
 * output. Both nets run with BN in inference mode (running statistics, {@code training = false}):
 * in training mode BN normalises with the batch's statistics, which an inserted identity block
 * does not see the same way, so only inference mode is a function of the weights alone.
 */
class SpNasMorphismTest {

    private static final Shape INPUT = new Shape(2, 3, 64, 64);
    private static final List<String> SEEDS = List.of("11-21-21-21", "111-2111-2111-21", "1-21-21-2", "11-21-211-21-1", "11-11-211-1");
    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    /** A random code: a seed mutated a few times, at most {@code maxStages} stages. */
    private static SerialCode randomCode(Random rng, int maxStages) {
        SerialCode c = SerialCode.parse(SEEDS.get(rng.nextInt(SEEDS.size())));
        SerialMutation m = new SerialMutation(3, 0.3, 0.05, maxStages);
        for (int i = rng.nextInt(3); i > 0; i--) {
            c = m.mutate(c, rng);
        }
        return c;
    }

    private static SerialBackbone built(SpNasArch a, NDManager m) {
        SerialBackbone b = SerialBackbone.builder(a).optWidth(8).optAllStages().build();
        b.initialize(m, DataType.FLOAT32, INPUT);
        return b;
    }

    /** A trained-looking parent: random BN affine and statistics everywhere. */
    private static SerialBackbone parent(SpNasArch a, NDManager m, Random rng) {
        return trainedLooking(built(a, m), m);
    }

    private static <B extends Block> B trainedLooking(B b, NDManager m) {
        for (Pair<String, Parameter> p : b.getParameters()) {
            NDArray x = p.getValue().getArray();
            Parameter.Type t = p.getValue().getType();
            if (t == Parameter.Type.GAMMA || t == Parameter.Type.RUNNING_VAR) {
                x.set(new ai.djl.ndarray.index.NDIndex("..."), m.randomUniform(0.5f, 1.5f, x.getShape()));
            } else if (t == Parameter.Type.BETA || t == Parameter.Type.RUNNING_MEAN) {
                x.set(new ai.djl.ndarray.index.NDIndex("..."), m.randomUniform(-0.2f, 0.2f, x.getShape()));
            }
        }
        return b;
    }

    private static NDList run(SerialBackbone b, NDArray x) {
        return b.forward(new ParameterStore(x.getManager(), false), new NDList(x), false);
    }

    private static float maxDiff(NDArray a, NDArray b) {
        assertThat(a.getShape()).isEqualTo(b.getShape());
        return a.sub(b).abs().max().getFloat();
    }

    private static BlockType block(Random rng) {
        return rng.nextBoolean() ? BlockType.BASIC : BlockType.BOTTLENECK;
    }

    /** Inherits from a trained-looking parent into a fresh child and checks every parent output and inherited tensor. */
    private static void assertPreserved(BlockType t, SerialCode pc, SerialCode cc, NDManager m, Random rng) {
        SerialBackbone p = parent(SpNasArch.serial(t, pc), m, rng);
        SerialBackbone c = built(SpNasArch.serial(t, cc), m);
        WeightInheritance.inherit(p, c);
        NDArray x = m.randomNormal(INPUT);
        NDList a = run(p, x);
        NDList b = run(c, x);
        assertThat(b.size()).isGreaterThanOrEqualTo(a.size());
        for (int i = 0; i < a.size(); i++) {
            assertThat(maxDiff(a.get(i), b.get(i))).as("%s %s -> %s stage %s", t, pc, cc, i).isLessThanOrEqualTo(1e-4f);
        }
        assertInheritedEqual(p, c);
    }

    @Test
    void expandPreservesTheFunction() {
        Random rng = new Random(1);
        for (int trial = 0; trial < 6; trial++) {
            SerialCode pc = randomCode(rng, 6);
            // the operator: two insertions at uniform indices, stage starts included
            SerialCode cc = SerialCode.parse(SerialMutation.expand(SerialMutation.expand(pc.toString(), rng), rng));
            try (NDManager m = manager.newSubManager()) {
                assertPreserved(block(rng), pc, cc, m, rng);
            }
        }
    }

    @Test
    void expandPreservesTheWholeDetector() {
        Random rng = new Random(6);
        SerialCode pc = SerialCode.parse("11-11-21-21");
        SerialCode cc = SerialCode.parse(SerialMutation.expand(SerialMutation.expand(pc.toString(), rng), rng));
        DetectorRecipe recipe = new DetectorRecipe("fcos", 8, false, 16, 1, 64);
        try (NDManager m = manager.newSubManager()) {
            Detector p = recipe.spec(SpNasArch.serial(BlockType.BOTTLENECK, pc)).build(3);
            p.initialize(m, DataType.FLOAT32, INPUT);
            trainedLooking(p, m);
            Detector c = recipe.spec(SpNasArch.serial(BlockType.BOTTLENECK, cc)).build(3);
            c.initialize(m, DataType.FLOAT32, INPUT);
            Set<String> inherited = WeightInheritance.inheritDetector(p, c);
            NDArray x = m.randomNormal(INPUT);
            NDList a = p.forward(new ParameterStore(m, false), new NDList(x), false);
            NDList b = c.forward(new ParameterStore(m, false), new NDList(x), false);
            assertThat(b.size()).isEqualTo(a.size());
            for (int i = 0; i < a.size(); i++) {
                assertThat(maxDiff(a.get(i), b.get(i))).as("%s -> %s head output %s", pc, cc, i).isLessThanOrEqualTo(1e-4f);
            }
            // everything but the two inserted blocks (three convs and three BNs of 4 tensors each) is inherited
            assertThat(c.getParameters().size() - inherited.size()).isEqualTo(2 * (3 + 3 * 4));
        }
    }

    @Test
    void expandAtEveryIndexOfACodeWithStagesStartingWithOneAndTwoPreservesTheFunction() {
        Random rng = new Random(5);
        String s = "11-11-21-1";
        for (int idx = 1; idx < s.length(); idx++) {
            SerialCode cc = SerialCode.parse(SerialMutation.insertAt(s, idx));
            try (NDManager m = manager.newSubManager()) {
                assertPreserved(BlockType.BOTTLENECK, SerialCode.parse(s), cc, m, rng);
            }
        }
    }

    @Test
    void anInsertionAfterADashGoesAfterTheStridedFirstBlock() {
        assertThat(SerialMutation.insertAt("11-21-21-21", 3)).isEqualTo("11-211-21-21");
        assertThat(SerialMutation.insertAt("11-21-21-21", 2)).isEqualTo("111-21-21-21");
        assertThat(SerialMutation.insertAt("11-21-21-21", 10)).isEqualTo("11-21-21-211");
    }

    @Test
    void theAlignmentKeepsEveryStrideInPlace() {
        // a greedy leftmost match would map the parent's strided 3rd block onto the child's 3rd (stride 1)
        assertThat(WeightInheritance.align(SerialCode.parse("11-11-21-21"), SerialCode.parse("111-11-21-21")))
                .containsExactly(0, -1, 1, 2, 3, 4, 5, 6, 7);
        // add-stage: the new stage's strided block is the inserted one, the parent's last block stays last of its stage
        assertThat(WeightInheritance.align(SerialCode.parse("1-1-1-1"), SerialCode.parse("1-1-1-1-1")))
                .containsExactly(0, 1, 2, 3, -1);
        assertThat(WeightInheritance.align(SerialCode.parse("11-21-2-1"), SerialCode.parse("11-21-2-1-1")))
                .containsExactly(0, 1, 2, 3, 4, 5, -1);
    }

    @Test
    void addStagePreservesTheParentsOutputs() {
        Random rng = new Random(2);
        for (int trial = 0; trial < 4; trial++) {
            SerialCode pc = randomCode(rng, 5);
            SerialCode cc = SerialCode.parse(pc + "-1");
            try (NDManager m = manager.newSubManager()) {
                assertPreserved(block(rng), pc, cc, m, rng); // the new stage is one more output, after the parent's
            }
        }
    }

    /**
     * Swap moves a stride-2 point, which no weights can undo (WeightInheritance's Javadoc): what
     * holds, and is checked, is that every parent tensor is inherited and every stage that ends
     * before the first block whose stride moved is unchanged; the first stage after it changes.
     */
    @Test
    void swapInheritsEveryTensorAndPreservesTheStagesBeforeTheMovedStride() {
        Random rng = new Random(3);
        for (int trial = 0; trial < 5; trial++) {
            SerialCode pc = randomCode(rng, 6);
            SerialCode cc = SerialCode.parse(SerialMutation.swap(pc.toString(), rng));
            BlockType t = block(rng);
            try (NDManager m = manager.newSubManager()) {
                SerialBackbone p = parent(SpNasArch.serial(t, pc), m, rng);
                SerialBackbone c = built(SpNasArch.serial(t, cc), m);
                WeightInheritance.inherit(p, c);
                assertInheritedEqual(p, c);
                boolean[] ps = WeightInheritance.strided(pc);
                boolean[] cs = WeightInheritance.strided(cc);
                int moved = 0;
                while (ps[moved] == cs[moved]) {
                    moved++;
                }
                NDArray x = m.randomNormal(INPUT);
                NDList a = run(p, x);
                NDList b = run(c, x);
                int end = 0;
                for (int i = 0; i < a.size(); i++) {
                    end += pc.stage(i).length();
                    // a stage ending before the moved stride ends at the same block in both codes
                    if (end < moved) {
                        assertThat(maxDiff(a.get(i), b.get(i))).as("%s -> %s stage %s", pc, cc, i).isLessThanOrEqualTo(1e-4f);
                    } else {
                        if (a.get(i).getShape().equals(b.get(i).getShape())) {
                            assertThat(maxDiff(a.get(i), b.get(i))).as("%s -> %s stage %s", pc, cc, i).isGreaterThan(1e-3f);
                        }
                        break;
                    }
                }
            }
        }
    }

    @Test
    void moreCopiesInAStageThatHasSomeAreRefused() {
        Random rng = new Random(5);
        SerialCode pc = randomCode(rng, 6);
        BlockType t = block(rng);
        int[] one = new int[pc.stages()];
        one[0] = 1;
        int[] two = one.clone();
        two[0] = 2;
        try (NDManager m = manager.newSubManager()) {
            SerialBackbone p = built(SpNasArch.of(t, pc, one), m);
            SerialBackbone c = built(SpNasArch.of(t, pc, two), m);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> WeightInheritance.inherit(p, c))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stage 1: 1 parallel copies in the parent");
            // The same count inherits every copy.
            SerialBackbone same = built(SpNasArch.of(t, pc, one), m);
            WeightInheritance.inherit(p, same);
        }
    }

    @Test
    void parallelCopiesPreserveTheFunction() {
        Random rng = new Random(4);
        for (int trial = 0; trial < 4; trial++) {
            SerialCode pc = randomCode(rng, 6);
            int[] k = new int[pc.stages()];
            for (int s = 0; s < k.length; s++) {
                k[s] = rng.nextInt(4);
            }
            k[rng.nextInt(k.length)] = 1 + rng.nextInt(3);
            BlockType t = block(rng);
            try (NDManager m = manager.newSubManager()) {
                SerialBackbone p = parent(SpNasArch.serial(t, pc), m, rng);
                SerialBackbone c = built(SpNasArch.of(t, pc, k), m);
                WeightInheritance.inherit(p, c);
                NDArray x = m.randomNormal(INPUT);
                NDList a = run(p, x);
                NDList b = run(c, x);
                for (int i = 0; i < a.size(); i++) {
                    assertThat(maxDiff(a.get(i), b.get(i))).as("%s %s", pc, Arrays.toString(k)).isLessThanOrEqualTo(1e-4f);
                }
                assertInheritedEqual(p, c);
                for (int s = 0; s < k.length; s++) {
                    for (List<SpUnit> copy : c.copyUnits().get(s)) {
                        for (int b2 = 0; b2 < copy.size(); b2++) {
                            assertSame(c.stageUnits().get(s).get(b2).block.getParameters().values(), copy.get(b2).block.getParameters().values());
                        }
                    }
                }
            }
        }
    }

    /** Every aligned block's convolution weights and BN tensors equal the parent's. */
    private static void assertInheritedEqual(SerialBackbone p, SerialBackbone c) {
        int[] map = WeightInheritance.align(p.arch().serialCode(), c.arch().serialCode());
        List<SpUnit> pb = p.blocks();
        List<SpUnit> cb = c.blocks();
        for (int i = 0; i < cb.size(); i++) {
            if (map[i] >= 0) {
                for (int j = 0; j < cb.get(i).main.size(); j++) {
                    assertSame(pb.get(map[i]).main.get(j).getParameters().values(), cb.get(i).main.get(j).getParameters().values());
                }
            }
        }
        assertSame(p.stem().getParameters().values(), c.stem().getParameters().values());
    }

    private static void assertSame(List<Parameter> a, List<Parameter> b) {
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).getArray().contentEquals(a.get(i).getArray())).as(b.get(i).getName()).isTrue();
        }
    }
}
