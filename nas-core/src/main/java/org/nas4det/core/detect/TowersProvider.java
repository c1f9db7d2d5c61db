package org.nas4det.core.detect;

import com.google.gson.JsonObject;

/**
 * A type of head towers (a searched head such as FAD's) that an FCOS {@link DetectorSpec} can
 * name in its optional {@code "towers": {"type": ..}} in place of the conv towers. Found with
 * {@link java.util.ServiceLoader}, like {@link BackboneProvider}: a module lists its
 * implementation in {@code META-INF/services/org.nas4det.core.detect.TowersProvider}.
 *
 * <pre>{@code
 * public final class MyTowersProvider implements TowersProvider {
 *     public String type() { return "mine"; }
 *     public HeadTowers create(JsonObject json, int channels) { return new MyTowers(channels); }
 * }
 * }</pre>
 */
public interface TowersProvider {

    /** @return the name used in {@code towers.type}, unique on the class path */
    String type();

    /**
     * Builds uninitialised towers from their JSON.
     *
     * @param json the {@code towers} object of the spec, {@code type} included
     * @param channels the FPN width the towers read and write
     * @return new towers
     * @throws IllegalArgumentException naming the missing or bad field
     */
    HeadTowers create(JsonObject json, int channels);
}
