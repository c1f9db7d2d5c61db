/**
 * Optional: evaluates each generation of a search as one Apache Spark job, in local mode or on a
 * cluster ({@link org.nas4det.spark.SparkExecutor}).
 */
package org.nas4det.spark;
