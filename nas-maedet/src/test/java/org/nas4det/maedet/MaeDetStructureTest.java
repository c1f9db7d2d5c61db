package org.nas4det.maedet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.cost.CostModel;

class MaeDetStructureTest {

    /** MAE-DET-S as the reference ships it, kept byte-identical in this module's test resources. */
    static Path fixture() {
        try {
            return Path.of(MaeDetStructureTest.class.getResource("/fixtures/maedet/maedet_s.txt").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static MaeDetStructure maeDetS() {
        return MaeDetStructure.read(fixture());
    }

    static final String V1 = "[{'class': 'ConvKXBNRELU', 'in': 3, 'out': 32, 's': 2, 'k': 3}, \\\n"
            + " {'class': 'SuperResConvK1KXK1', 'in': 32, 'out': 48, 's': 2, 'k': 5, 'L': 2, 'btn': 32},\n"
            + " {\"class\": \"SuperResConvK1KXK1\", \"in\": 48, \"out\": 272, \"s\": 2, \"k\": 3, \"L\": 4, \"btn\": 120,},\n"
            + " {'class': 'SuperResConvK1KXK1', 'in': 272, 'out': 1024, 's': 2, 'k': 5, 'L': 10, 'btn': 80},\n"
            + " {'class': 'SuperResConvK1KXK1', 'in': 1024, 'out': 2048, 's': 2, 'k': 3, 'L': 10, 'btn': 240},]\n";

    @Test
    void readsBothFormatsToTheSameStructureAndRoundTrips(@TempDir Path tmp) {
        MaeDetStructure v2 = maeDetS();
        MaeDetStructure v1 = MaeDetStructure.parse(V1);
        assertThat(v1).isEqualTo(v2);
        assertThat(v2.blocks()).hasSize(5);
        assertThat(v2.layers()).isEqualTo(79);
        assertThat(v2.stages()).isEqualTo(5);
        assertThat(MaeDetStructure.parse(v2.encode())).isEqualTo(v2);
        Path out = tmp.resolve("s.txt");
        v2.writeTo(out);
        assertThat(MaeDetStructure.read(out)).isEqualTo(v2);
        assertThat(v2.toV2()).startsWith("{'best_structures': [[").contains("'space_arch': 'CnnNet'");
    }

    /**
     * The exact counts below were first printed by the cost model; they are not copied from it but
     * checked two ways: against the closed-form sums of {@link #closedForm} (maedet.md section 1's
     * block definitions, written out without the block tree), and against the seed table of
     * maedet.md section 5, which gives them rounded (21.233 M params, 48.37 G conv MACs, 48.69 G
     * thop-style FLOPs at 1280x800).
     */
    @Test
    void maeDetSCostMatchesTheSeedTableExactly() {
        Cost c = CostModel.count(MaeDetBackbone.of(maeDetS()), new Shape(1, 3, 800, 1280));
        long[] sums = closedForm(maeDetS(), 800, 1280);
        assertThat(c.params()).isEqualTo(sums[0]).isEqualTo(21_233_120L);
        assertThat(c.paramsBn()).isEqualTo(sums[1]).isEqualTo(85_632L);
        assertThat(c.convMacs()).isEqualTo(sums[2]).isEqualTo(48_372_224_000L);
        assertThat(c.bnElements()).isEqualTo(sums[3]).isEqualTo(155_088_000L);
        assertThat(c.thopFlops()).isEqualTo(sums[2] + 2 * sums[3] + sums[4]).isEqualTo(48_687_328_000L);
        // The seed table's rounding of the same numbers.
        assertThat(c.params() / 1e6).isCloseTo(21.233, offset(0.0005));
        assertThat(c.convMacs() / 1e9).isCloseTo(48.37, offset(0.005));
        assertThat(c.thopFlops() / 1e9).isCloseTo(48.69, offset(0.005));
    }

    /**
     * MAE-DET's block definitions (maedet.md section 1) summed by hand for an H x W input: a
     * {@code ConvKXBNRELU} is one k x k conv and a BN; a {@code SuperResK1KXK1} unit j is 1x1 (cin to
     * btn), k x k (btn to btn, carrying the stride), 1x1 (btn to out), each with BN, plus on the
     * shortcut a 2x2 average pool when the stride is 2 and a 1x1 projection with BN when cin != out
     * or j == 0.
     *
     * @return params, BN params, conv MACs, BN output elements, avg-pool output elements
     */
    static long[] closedForm(MaeDetStructure s, long h, long w) {
        long params = 0;
        long bnParams = 0;
        long macs = 0;
        long bn = 0;
        long pool = 0;
        for (MaeDetBlock b : s.blocks()) {
            long k2 = (long) b.kernel() * b.kernel();
            if (b.type() == BlockType.CONV_KX_BN_RELU) {
                h /= b.stride();
                w /= b.stride();
                params += k2 * b.in() * b.out() + 2L * b.out();
                bnParams += 2L * b.out();
                macs += k2 * b.in() * b.out() * h * w;
                bn += b.out() * h * w;
                continue;
            }
            long btn = b.bottleneck();
            for (int j = 0; j < b.units(); j++) {
                long cin = j == 0 ? b.in() : b.out();
                int stride = j == 0 ? b.stride() : 1;
                long ho = h / stride;
                long wo = w / stride;
                params += cin * btn + k2 * btn * btn + btn * b.out() + 2 * (2 * btn + b.out());
                bnParams += 2 * (2 * btn + b.out());
                macs += cin * btn * h * w + k2 * btn * btn * ho * wo + btn * b.out() * ho * wo;
                bn += btn * h * w + btn * ho * wo + b.out() * ho * wo;
                if (stride == 2) {
                    pool += cin * ho * wo;
                }
                if (cin != b.out() || j == 0) {
                    params += cin * b.out() + 2L * b.out();
                    bnParams += 2L * b.out();
                    macs += cin * b.out() * ho * wo;
                    bn += b.out() * ho * wo;
                }
                h = ho;
                w = wo;
            }
        }
        return new long[] {params, bnParams, macs, bn, pool};
    }

    @Test
    void structuresOfASearchRarelyShareAHash() {
        // The "seen" set of a search hashes every child. A polynomial hash of these small numbers
        // gave 15.8 % of a paper-scale search's structures a hash another one had; a well mixed
        // 32-bit hash gives 20,000 distinct structures about 0.05 shared pairs.
        MaeDetSpace space = MaeDetSpace.builder().optImageSize(480).optBudgetLayers(91).build();
        java.util.Random rng = new java.util.Random(7);
        java.util.Set<MaeDetStructure> distinct = new java.util.HashSet<>();
        java.util.List<MaeDetStructure> pool = new java.util.ArrayList<>(java.util.List.of(space.initialStructure()));
        while (distinct.size() < 20_000) {
            MaeDetStructure child = space.mutate(pool.get(rng.nextInt(pool.size())), rng, 1);
            if (distinct.add(child)) {
                pool.add(child);
            }
        }
        java.util.Map<Integer, Integer> byHash = new java.util.HashMap<>();
        for (MaeDetStructure st : distinct) {
            byHash.merge(st.hashCode(), 1, Integer::sum);
            assertThat(st.hashCode()).isEqualTo(MaeDetStructure.parse(st.encode()).hashCode());
        }
        int sharing = distinct.size() - byHash.size();
        assertThat(sharing).as("structures whose hash another one has").isLessThanOrEqualTo(3);
    }

    @Test
    void logEncodingIsTheEncodingsJsonString() {
        // The log writes a structure's text from its blocks' literals; it must be value(encode()).
        MaeDetSpace space = MaeDetSpace.builder().optImageSize(480).optBudgetLayers(91).build();
        java.util.Random rng = new java.util.Random(11);
        MaeDetStructure st = space.initialStructure();
        for (int i = 0; i < 300; i++) {
            // The TinyNAS literal, written here from the blocks' fields.
            java.util.StringJoiner expected = new java.util.StringJoiner(", ", "[", "]");
            for (MaeDetBlock b : st.blocks()) {
                String l = "{'class': '" + b.type().className() + "', 'in': " + b.in() + ", 'out': " + b.out() + ", 's': "
                        + b.stride() + ", 'k': " + b.kernel();
                expected.add(b.type() == BlockType.CONV_KX_BN_RELU ? l + "}" : l + ", 'L': " + b.units() + ", 'btn': " + b.bottleneck() + "}");
            }
            assertThat(st.encode()).isEqualTo(expected.toString());
            org.nas4det.core.io.JsonText parts = new org.nas4det.core.io.JsonText().beginArray();
            st.writeEncoding(parts);
            org.nas4det.core.io.JsonText whole = new org.nas4det.core.io.JsonText().beginArray().value(expected.toString());
            assertThat(parts.endArray().toString()).isEqualTo(whole.endArray().toString());
            st = space.mutate(st, rng, 1);
        }
        // Blocks of every type, SuperResKXKX too (the space above draws none), against the literal
        // written from their fields.
        for (int i = 0; i < 300; i++) {
            BlockType type = BlockType.values()[i % BlockType.values().length];
            MaeDetBlock b = new MaeDetBlock(type, rng.nextInt(4096), rng.nextInt(4096), 1 + rng.nextInt(2), 1 + 2 * rng.nextInt(3),
                    1 + rng.nextInt(10), rng.nextInt(1024));
            String l = "{'class': '" + type.className() + "', 'in': " + b.in() + ", 'out': " + b.out() + ", 's': " + b.stride()
                    + ", 'k': " + b.kernel();
            assertThat(b.toLiteral()).isEqualTo(type == BlockType.CONV_KX_BN_RELU ? l + "}" : l + ", 'L': " + b.units() + ", 'btn': " + b.bottleneck() + "}");
        }
    }

    /** 1731.91 and the stage entropies are maedet.md section 5's independent re-implementation's numbers. */
    @Test
    void closedFormScoreOfMaeDetSIs1731_91() {
        var e = new ClosedFormScore().evaluate(maeDetS());
        assertThat(e.metric("score")).isCloseTo(1731.91, offset(0.005));
        assertThat(e.metric("H1")).isCloseTo(5.11, offset(0.005));
        assertThat(e.metric("H3")).isCloseTo(54.96, offset(0.005));
        assertThat(e.metric("H5")).isCloseTo(254.46, offset(0.005));
    }

    /** 1174.30 is maedet.md section 5's number; 49 layers = 1 + 3 x 16 (its conv-layer count). */
    @Test
    void closedFormScoreOfResNet50InStructureFormatIs1174_30() {
        MaeDetStructure r50 = MaeDetStructure.parse("[{'class': 'ConvKXBNRELU', 'in': 3, 'out': 64, 's': 2, 'k': 7},"
                + "{'class': 'SuperResK1KXK1', 'in': 64, 'out': 256, 's': 2, 'k': 3, 'L': 3, 'btn': 64},"
                + "{'class': 'SuperResK1KXK1', 'in': 256, 'out': 512, 's': 2, 'k': 3, 'L': 4, 'btn': 128},"
                + "{'class': 'SuperResK1KXK1', 'in': 512, 'out': 1024, 's': 2, 'k': 3, 'L': 6, 'btn': 256},"
                + "{'class': 'SuperResK1KXK1', 'in': 1024, 'out': 2048, 's': 2, 'k': 3, 'L': 3, 'btn': 512}]");
        assertThat(new ClosedFormScore().evaluate(r50).metric("score")).isCloseTo(1174.30, offset(0.005));
        assertThat(r50.layers()).isEqualTo(49);
    }

    @Test
    void badStructuresNameTheBlockAndKey(@TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> MaeDetStructure.parse("[{'class': 'Foo', 'in': 3, 'out': 8, 'k': 3}]"))
                .isInstanceOf(StructureFormatException.class).hasMessageContaining("block 0, key 'class'").hasMessageContaining("Foo");
        assertThatThrownBy(() -> MaeDetStructure.parse("[{'class': 'ConvKXBNRELU', 'in': 3, 'out': 8, 'k': 3},"
                + "{'class': 'SuperResK1KXK1', 'in': 8, 'out': 16, 's': 2, 'k': 3, 'L': 1}]"))
                .isInstanceOf(StructureFormatException.class).hasMessageContaining("block 1, key 'btn': missing");
        assertThatThrownBy(() -> MaeDetStructure.parse("[{'class': 'ConvKXBNRELU', 'in': 3, 'out': 8, 'k': 3},"
                + "{'class': 'SuperResK1KXK1', 'in': 9, 'out': 16, 's': 2, 'k': 3, 'L': 1, 'btn': 8}]"))
                .isInstanceOf(StructureFormatException.class).hasMessageContaining("block 1, key 'in'").hasMessageContaining("chain");
        assertThatThrownBy(() -> MaeDetStructure.parse("[{'class': 'ConvKXBNRELU', 'in': 3, 'out': 8, 'k': 3, 's': 3}]"))
                .hasMessageContaining("key 's'");
        assertThatThrownBy(() -> MaeDetStructure.parse("[{'class': 'ConvKXBNRELU', 'in': 3, 'out': 8, 'k': 4}]"))
                .hasMessageContaining("key 'k'").hasMessageContaining("odd");
        Path f = tmp.resolve("bad.txt");
        Files.writeString(f, "[{'class': 'ConvKXBNRELU',\n 'in': 3, 'out': __import__('os')}]");
        assertThatThrownBy(() -> MaeDetStructure.read(f)).isInstanceOf(StructureFormatException.class)
                .hasMessageContaining("bad.txt").hasMessageContaining("line 2");
        assertThatThrownBy(() -> MaeDetStructure.parse("{'space_arch': 'CnnNet'}")).hasMessageContaining("best_structures");
    }

    @Test
    void literalParserHandlesPythonSyntax() {
        Object v = PyLiteral.parse("{'a': [1, -2.5e3, \"x\\'y\", (True, False, None),], 'b': {},}  # comment");
        assertThat(v.toString()).isEqualTo("{a=[1, -2500.0, x'y, [true, false, null]], b={}}");
        assertThatThrownBy(() -> PyLiteral.parse("{'a': 1} extra")).hasMessageContaining("line 1 column 10");
        assertThatThrownBy(() -> PyLiteral.parse("{'a': 1, 'a': 2}")).hasMessageContaining("duplicate key 'a'");
    }
}
