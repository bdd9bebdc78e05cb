package org.iothubkb.plugins.flink;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.iothubkb.core.api.LogEvent;

/** Tells Flink to move {@link LogEvent}s with {@link LogEventSerializer} (see there why not Kryo). */
public final class LogEventTypeInfo extends TypeInformation<LogEvent> {

    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final LogEventTypeInfo INSTANCE = new LogEventTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<LogEvent> getTypeClass() {
        return LogEvent.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<LogEvent> createSerializer(SerializerConfig config) {
        return LogEventSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "LogEventTypeInfo";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogEventTypeInfo;
    }

    @Override
    public int hashCode() {
        return LogEventTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof LogEventTypeInfo;
    }
}
