package org.nas4det.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nas4det.core.Architecture;
import org.nas4det.core.Candidate;
import org.nas4det.core.Evaluation;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.search.CandidateRecord;

/**
 * JsonText against Gson's own text of the same tree, on random values and records. Doubles are
 * compared in their shortest text ({@link Utf8Buffer#append(double)}, checked against JDK 25's own
 * texts in {@code ShortestDecimalTest}), which is Gson's text on JDK 19 and later; JDK 17's Gson
 * writes some values longer.
 */
class JsonTextTest {

    private static final double[] SPECIAL = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1e-300, Double.MIN_VALUE,
        Double.MAX_VALUE, 1e7, 1e-3, 123456789.125, 0.1
    };

    @Test
    void randomObjectsPrintAsGsonPrintsThem() {
        Random rng = new Random(14);
        com.google.gson.Gson prettyGson = new com.google.gson.GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        for (int round = 0; round < 2000; round++) {
            JsonObject tree = new JsonObject();
            Utf8Buffer bytes = new Utf8Buffer();
            boolean pretty = round % 2 == 1;
            JsonText text = new JsonText(bytes);
            if (pretty) {
                text.pretty();
            }
            text.beginObject();
            int members = rng.nextInt(6);
            for (int m = 0; m < members; m++) {
                String name = randomString(rng);
                if (tree.has(name)) {
                    continue;
                }
                if (rng.nextBoolean()) {
                    text.name(name);
                } else {
                    text.name(JsonText.Name.of(name)); // escaped once, for hot paths
                }
                switch (rng.nextInt(5)) {
                    case 0:
                        long l = rng.nextBoolean() ? rng.nextLong() : rng.nextInt(1000) - 500;
                        tree.addProperty(name, l);
                        text.value(l);
                        break;
                    case 1:
                        double d = rng.nextBoolean() ? SPECIAL[rng.nextInt(SPECIAL.length)]
                                : Double.longBitsToDouble(rng.nextLong());
                        tree.add(name, shortest(new JsonPrimitive(d)));
                        text.value(d);
                        break;
                    case 2:
                        String s = randomString(rng);
                        tree.addProperty(name, s);
                        text.value(s);
                        break;
                    case 3:
                        // Written in parts (strings, escaped once or not, and numbers), cut
                        // anywhere but inside a surrogate pair.
                        String source = randomString(rng) + randomString(rng);
                        StringBuilder whole = new StringBuilder();
                        text.beginString();
                        int from = 0;
                        for (int i = 1; i <= source.length(); i++) {
                            boolean pair = i < source.length() && Character.isHighSurrogate(source.charAt(i - 1))
                                    && Character.isLowSurrogate(source.charAt(i));
                            if (i == source.length() || (!pair && rng.nextInt(3) == 0)) {
                                String part = source.substring(from, i);
                                if (rng.nextBoolean()) {
                                    text.stringPart(part);
                                } else {
                                    text.stringPart(JsonText.Fragment.of(part)); // escaped once, for hot paths
                                }
                                whole.append(part);
                                from = i;
                                if (rng.nextInt(4) == 0) {
                                    long v = rng.nextBoolean() ? rng.nextLong() : rng.nextInt(1000) - 500;
                                    text.stringPart(v);
                                    whole.append(v);
                                }
                            }
                        }
                        tree.addProperty(name, whole.toString());
                        text.endString();
                        break;
                    default:
                        JsonArray a = new JsonArray();
                        JsonObject inner = new JsonObject();
                        text.beginArray();
                        for (int i = rng.nextInt(3); i > 0; i--) {
                            long v = rng.nextInt();
                            a.add(v);
                            text.value(v);
                        }
                        text.beginObject().name("x").value(0.5).endObject().endArray();
                        // 0.5 reads the same in every JDK: Gson's own Double here.
                        inner.addProperty("x", 0.5);
                        a.add(inner);
                        tree.add(name, a);
                }
            }
            text.endObject();
            // Byte for byte what Gson's text is in UTF-8 (String.getBytes: a lone surrogate is '?').
            String gson = pretty ? prettyGson.toJson(tree) : tree.toString();
            assertThat(bytes.toByteArray()).isEqualTo(gson.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void candidateLinesAreGsonsText() {
        Random rng = new Random(7);
        for (int round = 0; round < 500; round++) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (int i = rng.nextInt(4); i > 0; i--) {
                metrics.put(randomString(rng), rng.nextInt(5) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : rng.nextGaussian() * 1e4);
            }
            Cost.Builder b = Cost.builder()
                    .addParams(Math.abs(rng.nextInt()), rng.nextBoolean())
                    .addConvLayer(Math.abs(rng.nextLong() >> 3))
                    .addBnElements(rng.nextInt(1 << 20))
                    .addActElements(rng.nextInt(1 << 20))
                    .addPool(rng.nextInt(1000), rng.nextInt(1000), rng.nextBoolean());
            if (rng.nextBoolean()) {
                b.layers(rng.nextInt(100));
            }
            if (rng.nextBoolean()) {
                b.latencyMs(rng.nextDouble() * 10);
            }
            if (rng.nextBoolean()) {
                b.input(rng.nextBoolean() ? new Shape(1, 3, 480, 480) : new Shape(3, 224, 224));
            }
            Cost cost = rng.nextInt(4) == 0 ? null : b.build();
            String encoding = randomString(rng);
            Architecture arch = () -> encoding;
            Candidate<Architecture> c = new Candidate<>(rng.nextInt(100000), rng.nextInt(400), rng.nextInt(256), arch,
                    Evaluation.of(metrics, cost, rng.nextDouble()));
            Utf8Buffer line = new Utf8Buffer();
            CandidateRecord.writeLine(c, line);
            assertThat(line.toByteArray()).isEqualTo(shortest(CandidateRecord.toJson(c)).toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void treesPrintAsGsonsPrettyPrinterPrintsThem() {
        // Gson's pretty printer, without its HTML escaping (JsonText writes no \u0027 for a quote).
        com.google.gson.Gson gson = new com.google.gson.GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        com.google.gson.Gson compact = new com.google.gson.GsonBuilder().disableHtmlEscaping().create();
        Random rng = new Random(21);
        for (int round = 0; round < 1000; round++) {
            JsonElement tree = randomTree(rng, 0);
            // As UTF-8 bytes (a lone surrogate is '?' in both).
            assertThat(JsonText.prettyText(tree).getBytes(StandardCharsets.UTF_8))
                    .isEqualTo((gson.toJson(tree) + "\n").getBytes(StandardCharsets.UTF_8));
            assertThat(new JsonText().value(tree).toString().getBytes(StandardCharsets.UTF_8))
                    .isEqualTo(compact.toJson(tree).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(JsonText.prettyText(new JsonObject())).isEqualTo("{}\n");
    }

    /** Objects and arrays (empty ones too) of numbers, strings, booleans and JSON nulls. */
    private static JsonElement randomTree(Random rng, int depth) {
        int kind = rng.nextInt(depth > 3 ? 5 : 7);
        switch (kind) {
            case 0:
                return new JsonPrimitive(rng.nextBoolean() ? rng.nextLong() : rng.nextInt(100));
            case 1:
                return new JsonPrimitive(rng.nextBoolean() ? SPECIAL[rng.nextInt(SPECIAL.length)] : rng.nextGaussian());
            case 2:
                return new JsonPrimitive(randomString(rng));
            case 3:
                return rng.nextBoolean() ? new JsonPrimitive(rng.nextBoolean())
                        : new JsonPrimitive(rng.nextBoolean() ? (Number) (rng.nextFloat() / 7)
                                : new LazilyParsedNumber(rng.nextBoolean() ? "1.50" : "-2e3"));
            case 4:
                return com.google.gson.JsonNull.INSTANCE;
            case 5:
                JsonObject o = new JsonObject();
                for (int i = rng.nextInt(4); i > 0; i--) {
                    o.add(randomString(rng), randomTree(rng, depth + 1));
                }
                return o;
            default:
                JsonArray a = new JsonArray();
                for (int i = rng.nextInt(4); i > 0; i--) {
                    a.add(randomTree(rng, depth + 1));
                }
                return a;
        }
    }

    /** The tree with every finite double as its shortest text, as Gson prints it on JDK 19 and later. */
    private static JsonElement shortest(JsonElement e) {
        if (e.isJsonObject()) {
            JsonObject o = new JsonObject();
            for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
                o.add(m.getKey(), shortest(m.getValue()));
            }
            return o;
        }
        if (e.isJsonArray()) {
            JsonArray a = new JsonArray();
            e.getAsJsonArray().forEach(x -> a.add(shortest(x)));
            return a;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() && e.getAsNumber() instanceof Double) {
            double d = e.getAsDouble();
            if (Double.isFinite(d)) {
                return new JsonPrimitive(new LazilyParsedNumber(new Utf8Buffer().append(d).toString()));
            }
        }
        return e;
    }

    /** Mostly ASCII with quotes and backslashes, sometimes control characters, U+2028/9 and non-BMP text. */
    private static String randomString(Random rng) {
        // Lone surrogates too (most pool picks leave them unpaired).
        String pool = "ab'\"\\{}[]:, \t\n\r\b\f\u0000\u0001\u001f\u007f\u2028\u2029\u00e9\u4e2d<>&=\ud83d\ude00";
        StringBuilder sb = new StringBuilder();
        for (int i = rng.nextInt(12); i > 0; i--) {
            if (rng.nextInt(10) == 0) {
                sb.appendCodePoint(0x1F600 + rng.nextInt(50));
            } else {
                sb.append(pool.charAt(rng.nextInt(pool.length())));
            }
        }
        return sb.toString();
    }
}
