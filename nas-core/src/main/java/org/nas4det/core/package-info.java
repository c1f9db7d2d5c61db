/** Core vocabulary of nas4det. */
package org.nas4det.core;
