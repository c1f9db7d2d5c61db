package org.nas4det.core.data.transform;

/**
 * A random DJL transform whose draws are a function of the sample it is applied to: a batch
 * source reseeds it before each sample from (run seed, sample index, epoch), so a resumed training
 * sees exactly the augmentation an uninterrupted one would, whatever order samples are read in.
 *
 * <pre>{@code if (t instanceof SampleSeeded) ((SampleSeeded) t).reseed(Seeds.sampleSeed(seed, index, epoch));}</pre>
 */
public interface SampleSeeded {

    /**
     * Restarts the transform's draws for one sample.
     *
     * @param sampleSeed the sample's seed
     */
    void reseed(long sampleSeed);
}
