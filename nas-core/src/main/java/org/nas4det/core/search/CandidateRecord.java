package org.nas4det.core.search;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nas4det.core.Architecture;
import org.nas4det.core.Candidate;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.Evaluation;
import org.nas4det.core.SearchSpace;
import org.nas4det.core.io.JsonText;
import org.nas4det.core.io.Utf8Buffer;

/**
 * The JSON line of one candidate in {@code search.jsonl}: index, generation, slot, canonical
 * encoding, metrics at full precision, cost and seconds.
 *
 * <pre>{@code log.append(CandidateRecord.toLine(c)); Candidate<A> back = CandidateRecord.fromJson(o, space);}</pre>
 */
public final class CandidateRecord {

    // The fixed names of a line, escaped once.
    private static final JsonText.Name INDEX = JsonText.Name.of("index");
    private static final JsonText.Name GENERATION = JsonText.Name.of("generation");
    private static final JsonText.Name SLOT = JsonText.Name.of("slot");
    private static final JsonText.Name ARCH = JsonText.Name.of("arch");
    private static final JsonText.Name METRICS = JsonText.Name.of("metrics");
    private static final JsonText.Name COST = JsonText.Name.of("cost");
    private static final JsonText.Name SECONDS = JsonText.Name.of("seconds");

    private CandidateRecord() {}

    /**
     * Writes a candidate.
     *
     * @param c the candidate
     * @return its JSON line
     */
    public static JsonObject toJson(Candidate<?> c) {
        JsonObject o = new JsonObject();
        o.addProperty("index", c.index());
        o.addProperty("generation", c.generation());
        o.addProperty("slot", c.slot());
        o.addProperty("arch", c.architecture().encode());
        JsonObject m = new JsonObject();
        for (Map.Entry<String, Double> e : c.evaluation().metrics().entrySet()) {
            m.addProperty(e.getKey(), e.getValue());
        }
        o.add("metrics", m);
        if (c.cost() != null) {
            o.add("cost", c.cost().toJson());
        }
        o.addProperty("seconds", c.evaluation().seconds());
        return o;
    }

    /**
     * Writes a candidate as its log line: the text of {@link #toJson} (Gson's compact form),
     * written without building the tree.
     *
     * @param c the candidate
     * @return the JSON text, without a newline
     */
    public static String toLine(Candidate<?> c) {
        Utf8Buffer out = new Utf8Buffer(2048);
        writeLine(c, out);
        return out.toString();
    }

    /**
     * Appends a candidate's log line ({@link #toLine}) to a buffer.
     *
     * @param c the candidate
     * @param out the buffer
     */
    public static void writeLine(Candidate<?> c, Utf8Buffer out) {
        JsonText o = new JsonText(out).beginObject()
                .name(INDEX).value(c.index())
                .name(GENERATION).value(c.generation())
                .name(SLOT).value(c.slot())
                .name(ARCH);
        c.architecture().writeEncoding(o);
        o.name(METRICS).beginObject();
        Evaluation ev = c.evaluation();
        for (int i = 0; i < ev.metricCount(); i++) {
            o.name(ev.metricName(i)).value(ev.metricValue(i));
        }
        o.endObject();
        if (c.cost() != null) {
            c.cost().writeJson(o.name(COST));
        }
        o.name(SECONDS).value(c.evaluation().seconds()).endObject();
    }

    /**
     * Reads a candidate back.
     *
     * @param o its JSON line
     * @param space the space that decodes the encoding
     * @param <A> the architecture type
     * @return the candidate
     */
    public static <A extends Architecture> Candidate<A> fromJson(
            JsonObject o, SearchSpace<A> space) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("metrics").entrySet()) {
            metrics.put(e.getKey(), e.getValue().getAsDouble());
        }
        Cost cost = o.has("cost") ? Cost.fromJson(o.getAsJsonObject("cost")) : null;
        Evaluation ev = Evaluation.of(metrics, cost, o.get("seconds").getAsDouble());
        return new Candidate<>(
                o.get("index").getAsInt(),
                o.get("generation").getAsInt(),
                o.get("slot").getAsInt(),
                space.decode(o.get("arch").getAsString()),
                ev);
    }
}
