package org.nas4det.core.data;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link BadRecordPolicy} while a data set is read: throws a bad record's exception,
 * or counts it by kind and logs the counts at the end.
 */
final class RecordChecker {

    private static final Logger LOG = LoggerFactory.getLogger(RecordChecker.class);

    private final BadRecordPolicy policy;
    private final Path file;
    private final Map<String, Integer> skipped = new TreeMap<>();
    private DatasetException first;

    RecordChecker(BadRecordPolicy policy, Path file) {
        this.policy = policy;
        this.file = file;
    }

    /**
     * Handles one bad record.
     *
     * @param e its exception
     */
    void bad(DatasetException e) {
        if (policy == BadRecordPolicy.FAIL) {
            throw e;
        }
        if (first == null) {
            first = e;
        }
        skipped.merge(e.getClass().getSimpleName(), 1, Integer::sum);
    }

    /** @return how many records were skipped */
    int skippedTotal() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** @return skipped counts by exception kind */
    Map<String, Integer> skipped() {
        return skipped;
    }

    /** Logs the counts, if anything was skipped. */
    void report() {
        if (!skipped.isEmpty()) {
            LOG.warn(
                    "{}: skipped {} bad records {}; first: {}",
                    file,
                    skippedTotal(),
                    skipped,
                    first.getMessage());
        }
    }
}
