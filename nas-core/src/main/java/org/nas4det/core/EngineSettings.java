package org.nas4det.core;

import com.google.common.base.Preconditions;

/**
 * Settings the PyTorch engine reads once, when it loads: thread counts and offline mode. Call
 * {@link #apply()} before the first NDManager is created; later calls have no effect on a loaded
 * engine.
 *
 * <pre>{@code EngineSettings.defaults().threads(2).apply();}</pre>
 */
public final class EngineSettings {

    private int threads = Runtime.getRuntime().availableProcessors();
    private int interopThreads = 1;
    private boolean offline = true;

    private EngineSettings() {}

    /** @return settings with intra-op threads = available cores, 1 inter-op thread, offline */
    public static EngineSettings defaults() {
        return new EngineSettings();
    }

    /**
     * Sets the intra-op thread count.
     *
     * @param n threads, at least 1
     * @return this
     */
    public EngineSettings threads(int n) {
        Preconditions.checkArgument(n >= 1, "threads must be >= 1, got %s", n);
        this.threads = n;
        return this;
    }

    /**
     * Sets the inter-op thread count.
     *
     * @param n threads, at least 1
     * @return this
     */
    public EngineSettings interopThreads(int n) {
        Preconditions.checkArgument(n >= 1, "inter-op threads must be >= 1, got %s", n);
        this.interopThreads = n;
        return this;
    }

    /**
     * Sets whether DJL may download natives (never, by default: the natives ship in the build).
     *
     * @param o true to forbid downloads
     * @return this
     */
    public EngineSettings offline(boolean o) {
        this.offline = o;
        return this;
    }

    /** Writes the settings to the system properties DJL reads; user-set properties win. */
    public void apply() {
        setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(threads));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", Integer.toString(interopThreads));
        setIfAbsent("ai.djl.offline", Boolean.toString(offline));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
