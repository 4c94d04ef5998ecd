/** An example assignment-strategy plugin, built against the plugin API only. */
package org.dtablecluster.example;
