package org.dtablecluster.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Colours are a function of the node id, and neighbours in numbering look different. */
class NodeColorsTest {

    private static final Pattern HSL = Pattern.compile("hsl\\((\\d+) 60% (\\d+)%\\)");

    @Test
    void theSameIdAlwaysGetsTheSameColour() {
        assertEquals(NodeColors.of("dtable-server-01"), NodeColors.of("dtable-server-01"));
        assertNotEquals(NodeColors.of("dtable-server-01"), NodeColors.of("dtable-server-02"));
        assertTrue(HSL.matcher(NodeColors.of("dtable-server-proxy")).matches(), NodeColors.of("dtable-server-proxy"));
    }

    @Test
    void anyThreeConsecutiveNodesAreFarApartOnTheColourWheel() {
        List<Integer> hues = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            hues.add(hue(NodeColors.of(String.format("dtable-server-%02d", i))));
        }
        for (int i = 0; i + 2 < hues.size(); i++) {
            for (int j = i + 1; j <= i + 2; j++) {
                int d = Math.abs(hues.get(i) - hues.get(j));
                assertTrue(Math.min(d, 360 - d) >= 40, "hues " + hues + " at " + i + " and " + j);
            }
        }
    }

    @Test
    void lightEnoughForDarkText() {
        for (String id : List.of("dtable-server-01", "dtable-server-02", "dtable-server-zz", "dtable-server-")) {
            Matcher m = HSL.matcher(NodeColors.of(id));
            assertTrue(m.matches(), id);
            assertTrue(Integer.parseInt(m.group(2)) >= 60, id);
        }
    }

    private static int hue(String css) {
        Matcher m = HSL.matcher(css);
        assertTrue(m.matches(), css);
        return Integer.parseInt(m.group(1));
    }
}
