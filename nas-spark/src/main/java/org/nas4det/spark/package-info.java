/**
 * Optional: evaluates each generation of a search as one Apache Spark job, in local mode or on a
 * cluster ({@link org.nas4det.spark.SparkExecutor}); workers read data and weights from paths
 * every node mounts or from any URI Hadoop opens, copied once per version into a local cache.
 */
package org.nas4det.spark;
