package org.dtablecluster.strategy.rendezvous;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The test vectors of plugins/README.md, computed by an independent Python implementation of the
 * spec in {@link RendezvousHash}: a client in another language must get the same numbers.
 */
class RendezvousHashTest {

    @ParameterizedTest
    @CsvSource({
        "0,   dtable-server-01, bc0dbb4ece592a67, 89c11007afa84407",
        "0,   dtable-server-02, bc0dbc4ece592c1a, 71657421ac332976",
        "139, dtable-server-01, 180e55c403069459, dd7b6f6357e3f620",
        "139, dtable-server-02, 180e52c403068f40, 3ca03c9d138df892",
        "255, dtable-server-10, da9d27e5ca873d1d, 408de6a611a1608c",
        "42,  dtable-server-a,  0d58cba55e2a0cb6, 52ec4c4200bd8c90",
        "127, dtable-server-ä,  b5f9e6fa360c44b0, 436fd352af0356ec",
    })
    void scoresMatchTheVectors(int bucket, String nodeId, String fnv, String score) {
        String key = String.format("%02x|%s", bucket, nodeId);
        long fnvOfKey = RendezvousHash.fnv1a64(RendezvousHash.FNV_OFFSET_BASIS, key.getBytes(StandardCharsets.UTF_8));
        assertEquals(fnv, String.format("%016x", fnvOfKey), key);
        assertEquals(score, String.format("%016x", RendezvousHash.score(bucket, nodeId)), key);
    }

    @ParameterizedTest
    @CsvSource({
        "0,   dtable-server-03, dtable-server-03",
        "2,   dtable-server-03, dtable-server-04",
        "3,   dtable-server-03, dtable-server-04",
        "139, dtable-server-01, dtable-server-01",
        "255, dtable-server-02, dtable-server-02",
    })
    void ownersMatchTheVectors(int bucket, String ownerOfThree, String ownerOfFour) {
        List<String> three = List.of("dtable-server-01", "dtable-server-02", "dtable-server-03");
        List<String> four = List.of("dtable-server-04", "dtable-server-03", "dtable-server-02", "dtable-server-01");
        assertEquals(ownerOfThree, RendezvousHash.owner(bucket, three));
        assertEquals(ownerOfFour, RendezvousHash.owner(bucket, four), "the order of the list does not matter");
    }
}
