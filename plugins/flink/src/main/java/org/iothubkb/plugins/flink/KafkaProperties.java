package org.iothubkb.plugins.flink;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Reads a Kafka client properties file, such as the connection to an Event Hubs namespace, for the job's Kafka
 * input ({@code --kafka}) and output ({@code --output-kafka}). The file holds a secret (the connection string) and
 * is kept out of the repository; see {@code docs/scale-out.md} for an example with placeholders.
 */
public final class KafkaProperties {

    private KafkaProperties() {
    }

    /**
     * The properties in {@code file}.
     *
     * @throws IllegalArgumentException if the file cannot be read or has no {@code bootstrap.servers}
     */
    public static Properties load(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed \\u escape in the file.
            throw new IllegalArgumentException("cannot read the Kafka properties file " + file + ": " + e, e);
        }
        if (properties.getProperty("bootstrap.servers", "").isBlank()) {
            throw new IllegalArgumentException(file + " has no bootstrap.servers: a Kafka properties file names"
                    + " the brokers, e.g. bootstrap.servers=NAMESPACE.servicebus.windows.net:9093 for Event Hubs");
        }
        return properties;
    }
}
