/** {@link org.dtablecluster.json.Json}: the one JSON mapper configuration of the wire formats. */
package org.dtablecluster.json;
