package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;
import static org.dtablecluster.etcd.EtcdClients.bytes;
import static org.dtablecluster.etcd.EtcdClients.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.etcd.Failures;
import org.dtablecluster.etcd.Keyspace;
import org.dtablecluster.json.Json;
import org.dtablecluster.spi.Move;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail in etcd: every run of the leader that changed something, under
 * {@code dtable-cluster/history/<20-digit sequence>}, the newest {@value #KEEP} kept. Each entry is
 * written in one transaction guarded by the leadership, with the key's absence and the deletion
 * of the entries that fall out of the window, so a deposed leader writes nothing and the history
 * never grows past its bound. Writes do not wait: a lost entry is logged, the run is not hurt.
 *
 * <p>{@link #record} on the monitor's loop; {@link #page} on any thread.
 */
final class ChangeHistory {

    static final int KEEP = 500;
    private static final Logger LOG = LoggerFactory.getLogger(ChangeHistory.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private final KV kv;
    private final Keyspace keyspace;
    private final String log;
    // loop only
    private long next = -1;  // -1 until read from etcd in this term
    private Leadership term;
    private Instant cancelsUntil = Instant.EPOCH;

    ChangeHistory(KV kv, Keyspace keyspace, String log) {
        this.kv = requireNonNull(kv, "kv is null");
        this.keyspace = requireNonNull(keyspace, "keyspace is null");
        this.log = requireNonNull(log, "log is null");
    }

    /**
     * Records a run that wrote something, or that follows handoffs cancelled since the last entry
     * (they go into it). Nothing without leadership. Loop only.
     */
    void recordRun(Optional<Leadership> leadership, RunRecord r, String requestedBy,
            List<HandoffStatus.Cancelled> recentCancels) {
        List<HandoffStatus.Cancelled> cancels = recentCancels.stream().filter(c -> c.at().isAfter(cancelsUntil))
                .toList();
        if (leadership.isEmpty() || (!r.wrote() && cancels.isEmpty())) {
            return;
        }
        if (leadership.get() != term) {
            term = leadership.get();
            next = -1; // another leader may have written since we last did
        }
        cancels.forEach(c -> cancelsUntil = c.at());
        record(leadership.get(), entry(r, requestedBy, cancels));
    }

    /** One entry as JSON; what {@code GET /history} lists. */
    static ObjectNode entry(RunRecord r, String requestedBy, List<HandoffStatus.Cancelled> cancelled) {
        ObjectNode o = Json.object();
        o.put("at", r.startedAt().toString());
        o.put("kind", r.kind().name().toLowerCase(java.util.Locale.ROOT));
        o.put("trigger", r.trigger());
        o.put("requested_by", requestedBy);
        ArrayNode moves = o.putArray("moves");
        for (Move m : r.moves()) {
            moves.addObject().put("bucket", m.bucketHex()).put("from", m.from()).put("to", m.to());
        }
        ArrayNode cancels = o.putArray("cancelled_handoffs");
        for (HandoffStatus.Cancelled c : cancelled) {
            cancels.addObject().put("bucket", c.handoff().hex()).put("from", c.handoff().from())
                    .put("to", c.handoff().to()).put("reason", c.reason()).put("at", c.at().toString());
        }
        o.put("duration_ms", r.took().toMillis());
        o.put("revision", r.revision());
        r.error().ifPresent(e -> o.put("error", e));
        return o;
    }

    /** Writes {@code entry} under {@code leadership}; returns at once. Loop only. */
    void record(Leadership leadership, ObjectNode entry) {
        if (next < 0 && !readNext()) {
            return;
        }
        long seq = next++;
        entry.put("seq", seq);
        String key = keyspace.historyKey(seq);
        List<Op> ops = new ArrayList<>(List.of(Op.put(bytes(key), bytes(entry.toString()), PutOption.DEFAULT)));
        if (seq >= KEEP) {
            ops.add(Op.delete(bytes(keyspace.historyKey(0)),
                    DeleteOption.builder().withRange(bytes(keyspace.historyKey(seq - KEEP + 1))).build()));
        }
        kv.txn().If(leadership.guard(), new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(ops.toArray(Op[]::new)).commit().whenComplete((r, e) -> {
                    if (e != null) {
                        LOG.warn("{} [history seq={}] not written: {}", log, seq, Failures.describe(e));
                    } else if (!r.isSucceeded()) {
                        LOG.warn("{} [history seq={}] not written: the leadership or the sequence changed", log, seq);
                    }
                });
    }

    /**
     * The newest entries first, at most {@code limit}, with a sequence below {@code before}.
     *
     * @throws IOException when etcd does not answer
     */
    List<JsonNode> page(int limit, long before) throws IOException {
        String prefix = keyspace.historyScanPrefix();
        GetOption option = GetOption.builder().withRange(bytes(keyspace.historyKey(Math.max(0, before))))
                .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.DESCEND)
                .withLimit(limit).build();
        List<JsonNode> entries = new ArrayList<>();
        for (KeyValue kv : get(bytes(prefix), option)) {
            entries.add(Json.MAPPER.readTree(string(kv.getValue())));
        }
        return entries;
    }

    private boolean readNext() {
        GetOption newest = GetOption.builder().isPrefix(true).withSortField(GetOption.SortTarget.KEY)
                .withSortOrder(GetOption.SortOrder.DESCEND).withLimit(1).withKeysOnly(true).build();
        try {
            List<KeyValue> kvs = get(bytes(keyspace.historyScanPrefix()), newest);
            String prefix = keyspace.historyScanPrefix();
            next = kvs.isEmpty() ? 0 : Long.parseLong(string(kvs.get(0).getKey()).substring(prefix.length())) + 1;
            return true;
        } catch (IOException | NumberFormatException e) {
            LOG.warn("{} [history] cannot read the newest entry; this run is not recorded: {}", log, e.getMessage());
            return false;
        }
    }

    private List<KeyValue> get(io.etcd.jetcd.ByteSequence key, GetOption option) throws IOException {
        try {
            return kv.get(key, option).get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getKvs();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (Exception e) {
            throw new IOException("etcd did not answer: " + Failures.describe(e), e);
        }
    }
}
