package org.dtablecluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BaseIdsTest {

    @Test
    void bothFormsGiveTheFirstTwoHexDigits() {
        assertEquals(0x8b, BaseIds.bucketOf("8b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"));
        assertEquals(0x8b, BaseIds.bucketOf("8b1c2d3e4f5061728394a5b6c7d8e9f0"));
        assertEquals(0x00, BaseIds.bucketOf("00000000-0000-0000-0000-000000000000"));
        assertEquals(0xff, BaseIds.bucketOf("ffffffffffffffffffffffffffffffff"));
    }

    @Test
    void caseDoesNotMatter() {
        assertEquals(0xab, BaseIds.bucketOf("AB1C2D3E-4F50-6172-8394-A5B6C7D8E9F0"));
        assertEquals(0xab, BaseIds.bucketOf("aB1C2D3E4f5061728394A5B6C7D8E9F0"));
    }

    @Test
    void agreesWithTheJdkOnRandomUuids() {
        java.util.Random random = new java.util.Random(20261123L);
        for (int i = 0; i < 1000; i++) {
            UUID uuid = new UUID(random.nextLong(), random.nextLong());
            int expected = (int) (uuid.getMostSignificantBits() >>> 56);
            assertEquals(expected, BaseIds.bucketOf(uuid.toString()), uuid::toString);
            assertEquals(expected, BaseIds.bucketOf(uuid.toString().replace("-", "").toUpperCase()), uuid::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "8b",
        "8b1c2d3e-4f50-6172-8394-a5b6c7d8e9f",       // 35
        "8b1c2d3e-4f50-6172-8394-a5b6c7d8e9f00",     // 37
        "8b1c2d3e4f5061728394a5b6c7d8e9f",           // 31
        "8b1c2d3e4f5061728394a5b6c7d8e9f00",         // 33
        "8b1c2d3e-4f50-6172-8394-a5b6c7d8e9fg",      // g is not hex
        "8b1c2d3e_4f50_6172_8394_a5b6c7d8e9f0",      // wrong separators
        "8b1c2d3e4-f50-6172-8394-a5b6c7d8e9f0",      // dash misplaced
        "8b1c2d3e-4f50-6172-8394a-5b6c7d8e9f0",
        "-8b1c2d3e4f5061728394a5b6c7d8e9f0---",      // 36 chars, dashes elsewhere
        "8b1c2d3e 4f50 6172 8394 a5b6c7d8e9f0",
        "{8b1c2d3e-4f50-6172-8394-a5b6c7d8e9}",
        "8b1c2d3e4f5061728394a5b6c7d8e9f\u0660",     // a non-ASCII digit
    })
    void malformedIdsAreNotBaseIds(String text) {
        assertEquals(BaseIds.NOT_A_BASE_ID, BaseIds.bucketOf(text));
        assertFalse(BaseIds.isBaseId(text));
    }

    @Test
    void nullIsNotABaseId() {
        assertEquals(BaseIds.NOT_A_BASE_ID, BaseIds.bucketOf(null));
    }

    @Test
    void aRangeInsideLongerTextIsReadInPlace() {
        String path = "/api/v1/dtables/8B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0/rows/";
        int from = "/api/v1/dtables/".length();
        assertEquals(0x8b, BaseIds.bucketOf(path, from, from + 36));
        assertEquals(BaseIds.NOT_A_BASE_ID, BaseIds.bucketOf(path, from, from + 37));
        assertTrue(BaseIds.isBaseId(path.substring(from, from + 36)));
    }

    @Test
    void aRangeOutsideTheTextIsRejected() {
        assertThrows(IndexOutOfBoundsException.class, () -> BaseIds.bucketOf("abc", 2, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> BaseIds.bucketOf("abc", -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> BaseIds.bucketOf("abc", 2, 1));
    }
}
