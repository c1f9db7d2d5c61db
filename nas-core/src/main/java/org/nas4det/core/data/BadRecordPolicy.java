package org.nas4det.core.data;

/**
 * What a data set does with a bad record: fail on the first one (the default), or skip it and
 * log how many of each kind were skipped. Nothing is ever skipped silently.
 */
public enum BadRecordPolicy {
    /** Throw the record's {@link DatasetException}. */
    FAIL,
    /** Leave the record out, count it and log the counts. */
    SKIP
}
