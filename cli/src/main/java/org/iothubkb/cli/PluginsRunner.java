package org.iothubkb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import org.iothubkb.core.api.PluginRegistry;
import org.iothubkb.plugins.json.JsonOutput;

/** Runs {@code iothub-kb plugins}: what was found, and what failed to load. */
final class PluginsRunner {

    private final Invocation inv;
    private final Env env;

    PluginsRunner(Invocation inv, Env env) {
        this.inv = inv;
        this.env = env;
    }

    /** @return the exit code: 0, also when some plugins failed to load (they are listed) */
    int run() throws InputException {
        PluginRegistry registry = env.plugins().apply(PluginSupport.locations(inv));
        try {
            if (inv.format() == Invocation.Format.JSON) {
                writeJson(registry);
            } else {
                env.out().print(renderText(registry.entries(), registry.failures()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.out().flush();
        return ExitCodes.OK;
    }

    static String renderText(List<PluginRegistry.Entry> entries, List<PluginRegistry.Failure> failures) {
        int idWidth = "ID".length();
        int kindWidth = "KIND".length();
        int versionWidth = "VERSION".length();
        for (PluginRegistry.Entry e : entries) {
            idWidth = Math.max(idWidth, e.id().length());
            kindWidth = Math.max(kindWidth, e.kind().id().length());
            versionWidth = Math.max(versionWidth, e.version().length());
        }
        String row = "%-" + idWidth + "s  %-" + kindWidth + "s  %-" + versionWidth + "s  %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(row, "ID", "KIND", "VERSION", "JAR"));
        for (PluginRegistry.Entry e : entries) {
            sb.append(String.format(row, e.id(), e.kind().id(), e.version(), e.jar()));
        }
        sb.append(String.format("%n%d plugin(s) loaded, %d failed to load%n", entries.size(), failures.size()));
        for (PluginRegistry.Failure f : failures) {
            sb.append("  failed: ").append(Text.oneLine(f.toString())).append(String.format("%n"));
        }
        return sb.toString();
    }

    private void writeJson(PluginRegistry registry) throws IOException {
        try (JsonGenerator g = JsonOutput.generator(env.out(), true)) {
            g.writeStartObject();
            g.writeArrayFieldStart("plugins");
            for (PluginRegistry.Entry e : registry.entries()) {
                g.writeStartObject();
                JsonOutput.string(g, "id", e.id());
                JsonOutput.string(g, "kind", e.kind().id());
                JsonOutput.string(g, "version", e.version());
                JsonOutput.string(g, "className", e.className());
                JsonOutput.string(g, "jar", e.jar());
                JsonOutput.string(g, "description", e.description());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("failures");
            for (PluginRegistry.Failure f : registry.failures()) {
                g.writeStartObject();
                JsonOutput.string(g, "kind", f.kind() == null ? "jar" : f.kind().id());
                JsonOutput.string(g, "className", f.className());
                JsonOutput.string(g, "jar", f.jar());
                JsonOutput.string(g, "reason", f.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        env.out().write('\n');
    }
}
