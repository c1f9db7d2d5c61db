package org.nas4det.detnas;

/**
 * The names of a DetNAS run directory's files, in the order the run writes them.
 *
 * <pre>{@code Path best = runDirectory.resolve(DetNasFiles.BEST_JSON);}</pre>
 */
public final class DetNasFiles {

    /** Settings of the run (its fingerprint), checked when the directory is used again. */
    public static final String SETTINGS = "detnas.json";
    /** Image ids of the supernet-training and search-holdout splits. */
    public static final String SPLITS = "splits.json";
    /** Training checkpoints of the classification pre-training. */
    public static final String PRETRAIN_DIR = "pretrain";
    /** Training checkpoints of the detection fine-tuning. */
    public static final String FINETUNE_DIR = "finetune";
    /** The whole supernet after pre-training. */
    public static final String PRETRAINED = "supernet-pretrained.params";
    /** The whole supernet after fine-tuning (the one the search scores). */
    public static final String SUPERNET = "supernet.params";
    /** The best subnet in nas4det JSON (written last: the run is complete when it exists). */
    public static final String BEST_JSON = "best_subnet.json";
    /** The best subnet as MMRazor fix_subnet YAML. */
    public static final String BEST_YAML = "best_fix_subnet.yaml";
    /** The best subnet as a saved detector with supernet weights. */
    public static final String BEST_DETECTOR = "best_detector";

    private DetNasFiles() {}
}
