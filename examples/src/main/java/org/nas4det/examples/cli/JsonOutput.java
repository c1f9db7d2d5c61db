package org.nas4det.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;

/**
 * The one way a command prints {@code --json} output: one line of RFC 8259 JSON. Gson writes
 * NaN and infinities as bare words that no JSON parser accepts; such a value is refused here,
 * naming the field, so stdout never holds invalid JSON.
 */
final class JsonOutput {

    private JsonOutput() {}

    /**
     * Returns the JSON text of an element, after checking that every number is finite.
     *
     * @param e the element
     * @return one line of JSON
     * @throws IllegalStateException naming the first field that is not a finite number
     */
    static String text(JsonElement e) {
        checkFinite("$", e);
        return e.toString();
    }

    private static void checkFinite(String path, JsonElement e) {
        if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> f : ((JsonObject) e).entrySet()) {
                checkFinite(path + "." + f.getKey(), f.getValue());
            }
        } else if (e.isJsonArray()) {
            JsonArray a = (JsonArray) e;
            for (int i = 0; i < a.size(); i++) {
                checkFinite(path + "[" + i + "]", a.get(i));
            }
        } else if (e.isJsonPrimitive() && ((JsonPrimitive) e).isNumber()) {
            double v = e.getAsDouble();
            if (!Double.isFinite(v)) {
                throw new IllegalStateException("the result's field " + path + " is " + v + ", which JSON cannot hold");
            }
        }
    }
}
