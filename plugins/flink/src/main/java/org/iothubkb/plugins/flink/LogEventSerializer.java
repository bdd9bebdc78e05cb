package org.iothubkb.plugins.flink;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.iothubkb.core.api.LogEvent;

/**
 * Writes a {@link LogEvent} field by field, for the shuffle between the parser and the keyed diagnosis operator
 * and for any state that holds events.
 *
 * <p>Flink would otherwise fall back to Kryo: {@code LogEvent} has no no-argument constructor and holds immutable
 * JDK collections, which Kryo copies and restores badly. Only the builder's inputs are written; the derived
 * fields (identity, SDK, epoch millis) are recomputed by {@link LogEvent.Builder#build()}.
 */
public final class LogEventSerializer extends TypeSerializerSingleton<LogEvent> {

    private static final long serialVersionUID = 1L;

    /** The one instance: the serializer keeps no state. */
    public static final LogEventSerializer INSTANCE = new LogEventSerializer();

    @Override
    public boolean isImmutableType() {
        // Events are immutable, so Flink may hand the same instance on instead of copying it.
        return true;
    }

    @Override
    public LogEvent createInstance() {
        // Flink asks for a reusable instance; an immutable type has none to offer.
        return null;
    }

    @Override
    public LogEvent copy(LogEvent from) {
        return from;
    }

    @Override
    public LogEvent copy(LogEvent from, LogEvent reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(LogEvent e, DataOutputView out) throws IOException {
        out.writeLong(e.getTime().getEpochSecond());
        out.writeInt(e.getTime().getNano());
        writeString(out, e.getSource());
        writeString(out, e.getHub());
        writeString(out, e.getDeviceId());
        writeString(out, e.getModuleId());
        writeString(out, e.getCategory());
        writeString(out, e.getOperation());
        writeString(out, e.getLevel());
        writeString(out, e.getErrorCode());
        writeString(out, e.getErrorName());
        writeString(out, e.getProtocol());
        writeString(out, e.getSdkVersion());
        writeString(out, e.getMaskedIp());
        writeString(out, e.getAuthType());
        writeString(out, e.getEndpointName());
        writeString(out, e.getMessageId());
        Long duration = e.getDurationMs();
        out.writeBoolean(duration != null);
        if (duration != null) {
            out.writeLong(duration);
        }
        Map<String, String> attributes = e.getAttributes();
        out.writeInt(attributes.size());
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            writeString(out, a.getKey());
            writeString(out, a.getValue());
        }
    }

    @Override
    public LogEvent deserialize(DataInputView in) throws IOException {
        LogEvent.Builder b = LogEvent.builder()
                .time(Instant.ofEpochSecond(in.readLong(), in.readInt()))
                .source(readString(in))
                .hub(readString(in))
                .deviceId(readString(in))
                .moduleId(readString(in))
                .category(readString(in))
                .operation(readString(in))
                .level(readString(in))
                .errorCode(readString(in))
                .errorName(readString(in))
                .protocol(readString(in))
                .sdkVersion(readString(in))
                .maskedIp(readString(in))
                .authType(readString(in))
                .endpointName(readString(in))
                .messageId(readString(in));
        if (in.readBoolean()) {
            b.durationMs(in.readLong());
        }
        int n = in.readInt();
        if (n > 0) {
            Map<String, String> attributes = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                attributes.put(readString(in), readString(in));
            }
            b.attributes(attributes);
        }
        return b.build();
    }

    @Override
    public LogEvent deserialize(LogEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<LogEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** {@code null}-safe and not limited to 64 KiB, unlike {@code writeUTF}. */
    private static void writeString(DataOutputView out, String s) throws IOException {
        StringValue.writeString(s, out);
    }

    private static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    /** What a checkpoint records about this serializer: only its identity, since it has no configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LogEvent> {
        /** Needed by Flink to restore the snapshot. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
