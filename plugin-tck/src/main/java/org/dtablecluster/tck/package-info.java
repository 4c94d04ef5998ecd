/** The contract test suite for assignment strategies. */
package org.dtablecluster.tck;
