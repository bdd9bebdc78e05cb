package org.iothubkb.core.api;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.kie.api.definition.type.Expires;
import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/**
 * One normalised IoT Hub log record: the only kind of input fact the rules see.
 *
 * <p>Parsers turn raw records (resource-log JSON, Event Grid events, …) into {@code LogEvent}s;
 * rules never see the raw JSON. Instances are immutable and safe to share between threads. Every
 * field except {@link #getTime()} and {@link #getSource()} may be {@code null} when the record did
 * not carry it. Strings are kept as Azure wrote them, except {@link #getOperation()}, which is
 * normalised to lower camelCase ({@code EndpointUnhealthy} becomes {@code endpointUnhealthy}) because
 * Azure spells operation names both ways.
 *
 * @since 0.1
 */
// Event metadata for the rule engine, here rather than in a DRL declare: each package of the executable model is
// compiled on its own, and only class annotations reach every package.
@Role(Role.Type.EVENT)
@Timestamp("timestampMillis")
@Expires("15m")
public final class LogEvent {

    private final Instant time;
    private final long timestampMillis;
    private final String hub;
    private final String deviceId;
    private final String moduleId;
    private final String category;
    private final String operation;
    private final String level;
    private final String errorCode;
    private final String errorName;
    private final String protocol;
    private final String sdkVersion;
    private final String maskedIp;
    private final String authType;
    private final String source;
    private final Long durationMs;
    private final String endpointName;
    private final String messageId;
    private final String identity;
    private final SdkInfo sdk;
    private final Map<String, String> attributes;

    private LogEvent(Builder b) {
        this.time = Objects.requireNonNull(b.time, "time");
        this.timestampMillis = b.time.toEpochMilli();
        this.hub = b.hub;
        this.deviceId = b.deviceId;
        this.moduleId = b.moduleId;
        this.category = b.category;
        this.operation = normaliseOperation(b.operation);
        this.level = b.level;
        this.errorCode = b.errorCode;
        this.errorName = b.errorName;
        this.protocol = b.protocol;
        this.sdkVersion = b.sdkVersion;
        this.maskedIp = b.maskedIp;
        this.authType = b.authType;
        this.source = Objects.requireNonNull(b.source, "source");
        this.durationMs = b.durationMs;
        this.endpointName = b.endpointName;
        this.messageId = b.messageId;
        this.sdk = SdkInfo.parse(b.sdkVersion);
        this.identity = identityOf(hub, deviceId, moduleId);
        this.attributes = b.attributes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(b.attributes));
    }

    /** {@code hub/device[/module]}; '/' cannot occur in IoT Hub device or module ids. */
    private static String identityOf(String hub, String deviceId, String moduleId) {
        if (deviceId == null) {
            return null;
        }
        String h = hub == null ? "" : hub;
        return moduleId == null ? h + "/" + deviceId : h + "/" + deviceId + "/" + moduleId;
    }

    /** Returns a new builder; {@code time} and {@code source} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder pre-filled with this event's values. */
    public Builder toBuilder() {
        return new Builder().time(time).hub(hub).deviceId(deviceId).moduleId(moduleId).category(category)
                .operation(operation).level(level).errorCode(errorCode).errorName(errorName).protocol(protocol)
                .sdkVersion(sdkVersion).maskedIp(maskedIp).authType(authType).source(source).durationMs(durationMs)
                .endpointName(endpointName).messageId(messageId).attributes(attributes);
    }

    static String normaliseOperation(String op) {
        if (op == null || op.isEmpty() || Character.isLowerCase(op.charAt(0))) {
            return op;
        }
        return Character.toLowerCase(op.charAt(0)) + op.substring(1);
    }

    /** When the hub wrote the record (event time, UTC); never {@code null}. */
    public Instant getTime() { return time; }

    /** {@link #getTime()} in epoch milliseconds: the event-time stamp the rule engine uses. */
    public long getTimestampMillis() { return timestampMillis; }

    /** The IoT hub's name, taken from the record's resource id. */
    public String getHub() { return hub; }

    /** The device identity the record is about; {@code null} for hub-level records (e.g. routing). */
    public String getDeviceId() { return deviceId; }

    /** The module identity, when the record names one. */
    public String getModuleId() { return moduleId; }

    /** The resource-log category, e.g. {@code Connections}, {@code Routes}. */
    public String getCategory() { return category; }

    /** The operation in lower camelCase, e.g. {@code deviceConnect}, {@code endpointUnhealthy}. */
    public String getOperation() { return operation; }

    /** The record's level, e.g. {@code Information} or {@code Error}. */
    public String getLevel() { return level; }

    /** The six-digit IoT Hub error code (the record's {@code resultType}), or {@code null} if there is none. */
    public String getErrorCode() { return errorCode; }

    /** The error's symbolic name (the record's {@code resultDescription}) when an error code is present. */
    public String getErrorName() { return errorName; }

    /** Protocol the device used, e.g. {@code Mqtt}, {@code Amqp}, {@code Https}. */
    public String getProtocol() { return protocol; }

    /** The client SDK's version string as the hub logged it. */
    public String getSdkVersion() { return sdkVersion; }

    /** The client's IP address with its last octet masked, e.g. {@code 73.162.215.XXX}. */
    public String getMaskedIp() { return maskedIp; }

    /** The authentication type, e.g. {@code sas} or {@code x509}. */
    public String getAuthType() { return authType; }

    /**
     * The identity the record is about, as {@code hub/deviceId} or {@code hub/deviceId/moduleId}; {@code null} when
     * the record names no device. IoT Hub treats a device and each of its modules as separate identities (each may
     * hold its own connection), and the same device id on two hubs as two devices: rules join on this.
     */
    public String getIdentity() { return identity; }

    /** Where the record came from, as {@code file:line}; never {@code null}. */
    public String getSource() { return source; }

    /** How long the hub took for the operation ({@code durationMs}), or {@code null} when not logged. */
    public Long getDurationMs() { return durationMs; }

    /** The routing endpoint a Routes record is about ({@code properties.endpointName}), or {@code null}. */
    public String getEndpointName() { return endpointName; }

    /** The message a C2D, telemetry or Routes record is about ({@code properties.messageId}), or {@code null}. */
    public String getMessageId() { return messageId; }

    /**
     * The SDK family and version read from {@code sdkVersion}; {@link SdkInfo#UNKNOWN} when absent or not
     * recognised. Never {@code null}.
     */
    public SdkInfo getSdk() { return sdk; }

    /**
     * Further values the input carried that have no field of their own (an Event Grid {@code sequenceNumber}, a
     * fact's {@code attributes}), sorted by name; never {@code null}, unmodifiable.
     */
    public Map<String, String> getAttributes() { return attributes; }

    /** One of {@link #getAttributes()}, or {@code null}. */
    public String getAttribute(String name) { return attributes.get(name); }

    /** Whether the record reports a failure: it has an error code or its level is {@code Error}. */
    public boolean isError() {
        return errorCode != null || "Error".equalsIgnoreCase(level);
    }

    /** Whether this is a successful device connection ({@code deviceConnect} without an error). */
    public boolean isConnectSuccess() {
        return "deviceConnect".equals(operation) && !isError();
    }

    /** Whether this record ends a device connection ({@code deviceDisconnect}, with or without error). */
    public boolean isDisconnect() {
        return "deviceDisconnect".equals(operation);
    }

    @Override
    public String toString() {
        return "LogEvent[" + time + " " + source + " " + category + "/" + operation
                + (errorCode != null ? " " + errorCode : "") + (deviceId != null ? " device=" + deviceId : "") + "]";
    }

    /** Builds {@link LogEvent}s; not thread-safe. */
    public static final class Builder {
        private Instant time;
        private String hub;
        private String deviceId;
        private String moduleId;
        private String category;
        private String operation;
        private String level;
        private String errorCode;
        private String errorName;
        private String protocol;
        private String sdkVersion;
        private String maskedIp;
        private String authType;
        private String source;
        private Long durationMs;
        private String endpointName;
        private String messageId;
        private Map<String, String> attributes;

        private Builder() {
        }

        /** Sets the event time; required. */
        public Builder time(Instant v) { this.time = v; return this; }
        /** Sets the hub name. */
        public Builder hub(String v) { this.hub = v; return this; }
        /** Sets the device id. */
        public Builder deviceId(String v) { this.deviceId = v; return this; }
        /** Sets the module id. */
        public Builder moduleId(String v) { this.moduleId = v; return this; }
        /** Sets the log category. */
        public Builder category(String v) { this.category = v; return this; }
        /** Sets the operation; normalised to lower camelCase. */
        public Builder operation(String v) { this.operation = v; return this; }
        /** Sets the level. */
        public Builder level(String v) { this.level = v; return this; }
        /** Sets the six-digit error code. */
        public Builder errorCode(String v) { this.errorCode = v; return this; }
        /** Sets the error name. */
        public Builder errorName(String v) { this.errorName = v; return this; }
        /** Sets the protocol. */
        public Builder protocol(String v) { this.protocol = v; return this; }
        /** Sets the SDK version string. */
        public Builder sdkVersion(String v) { this.sdkVersion = v; return this; }
        /** Sets the masked client IP. */
        public Builder maskedIp(String v) { this.maskedIp = v; return this; }
        /** Sets the authentication type. */
        public Builder authType(String v) { this.authType = v; return this; }
        /** Sets how long the hub took, in milliseconds. */
        public Builder durationMs(Long v) { this.durationMs = v; return this; }
        /** Sets the routing endpoint name. */
        public Builder endpointName(String v) { this.endpointName = v; return this; }
        /** Sets the message id. */
        public Builder messageId(String v) { this.messageId = v; return this; }
        /** Adds one attribute; a {@code null} value removes it. */
        public Builder attribute(String name, String value) {
            Objects.requireNonNull(name, "name");
            if (attributes == null) {
                attributes = new TreeMap<>();
            }
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
            return this;
        }
        /** Replaces all attributes with a copy of {@code v} ({@code null} clears them). */
        public Builder attributes(Map<String, String> v) {
            attributes = v == null || v.isEmpty() ? null : new TreeMap<>(v);
            return this;
        }
        /** Sets where the record came from ({@code file:line}); required. */
        public Builder source(String v) { this.source = v; return this; }

        /**
         * Builds the event.
         *
         * @throws NullPointerException if {@code time} or {@code source} is missing
         */
        public LogEvent build() {
            return new LogEvent(this);
        }
    }
}
